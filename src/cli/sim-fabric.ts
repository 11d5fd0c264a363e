import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { fatTreeFabric } from '../core/fabric/generators/fat-tree-fabric';
import { testbedFabric } from '../core/fabric/generators/testbed-fabric';
import { FabricDocumentSchema } from '../core/fabric/schema';
import type { FabricDocument } from '../core/fabric/types';

/**
 * The fabric the sim CLI runs on: `testbed` (paper Fig. 6), `fat-tree:K:SERVERS_PER_EDGE`, or a fabric
 * document file (JSON or YAML), validated with the API's schema.
 *
 * @example
 * loadSimFabric('fat-tree:8:4'); // { ok: true, fabric }
 */
export function loadSimFabric(spec: string): { ok: true; fabric: FabricDocument } | { ok: false; error: string } {
  if (spec === 'testbed') return { ok: true, fabric: testbedFabric() };
  const tree = /^fat-tree:(\d+):(\d+)$/.exec(spec);
  if (tree) {
    try {
      return { ok: true, fabric: fatTreeFabric({ k: Number(tree[1]), serversPerEdge: Number(tree[2]) }) };
    } catch (e) {
      return { ok: false, error: `--fabric: ${(e as Error).message}` };
    }
  }
  let raw: unknown;
  try {
    const text = readFileSync(spec, 'utf8');
    raw = /\.ya?ml$/i.test(spec) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `--fabric: cannot read '${spec}': ${(e as Error).message}` };
  }
  const parsed = FabricDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `--fabric: ${spec}: ${issue.path.join('.') || '(root)'}: ${issue.message}` };
  }
  return { ok: true, fabric: parsed.data as FabricDocument };
}
