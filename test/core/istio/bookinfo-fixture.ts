import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testbedFabric } from '../../../src/core/fabric/generators/testbed-fabric';
import type { FabricDocument } from '../../../src/core/fabric/types';
import { applyIstioChange, type IstioChangeOutcome, type StoredIstioObject } from '../../../src/core/istio/apply-istio-change';
import type { IstioObject } from '../../../src/core/istio/istio-types';
import { parseIstioDocuments } from '../../../src/core/istio/parse-istio-documents';
import type { VniState } from '../../../src/core/vni/vni-types';

/** The real Istio bookinfo samples, read unchanged. */
export const BOOKINFO_DIR = '/work/shared/istio-samples/bookinfo';

export function bookinfoText(file: string): string {
  return readFileSync(join(BOOKINFO_DIR, file), 'utf8');
}

export function parseBookinfo(file: string): IstioObject[] {
  const r = parseIstioDocuments(bookinfoText(file), { defaultNamespace: 'default' });
  if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.errors)}`);
  return r.objects.map((o) => o.object);
}

/** A deterministic byte source (counter-based) standing in for crypto in pure-core tests. */
export function seededBytes(seed = 1): (n: number) => Uint8Array {
  let x = seed >>> 0;
  return function next(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      out[i] = x >>> 24;
    }
    return out;
  };
}

export interface Applied {
  fabric: FabricDocument;
  stored: StoredIstioObject[];
  vniState: VniState;
  outcome: IstioChangeOutcome;
}

/** Applies files in order on the testbed fabric, as successive kubectl applies. */
export function applyFiles(files: string[], start?: Partial<Applied>): Applied {
  let fabric = start?.fabric ?? testbedFabric();
  let stored = start?.stored ?? [];
  let vniState: VniState = start?.vniState ?? { inUse: new Map(), released: [] };
  let outcome: IstioChangeOutcome | undefined;
  let now = 1_000;
  const randomBytes = seededBytes(7);
  for (const f of files) {
    const r = applyIstioChange({ fabric, stored, change: { mode: 'apply', objects: parseBookinfo(f) }, vniState, now: now++, randomBytes });
    if (!r.ok) throw new Error(`${f}: ${JSON.stringify(r.errors)}`);
    outcome = r.value;
    stored = r.value.objects;
    vniState = r.value.vniState;
    if (r.value.pods) fabric = { ...fabric, pods: r.value.pods };
  }
  return { fabric, stored, vniState, outcome: outcome! };
}
