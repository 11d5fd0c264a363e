import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOOKINFO_DIR, BOOKINFO_FILES } from '../../scripts/lib/demo-fabric';

const SHARED = path.resolve(process.cwd(), '../shared/istio-samples/bookinfo');

describe('examples/bookinfo (what npm start applies)', () => {
  it.each(BOOKINFO_FILES)('%s is byte-identical to the shared Istio sample', (name) => {
    expect(readFileSync(path.join(BOOKINFO_DIR, name))).toEqual(readFileSync(path.join(SHARED, name)));
  });
});
