import { z } from 'zod';
import { DnsLabelSchema, FABRIC_LIMITS } from '../schema';
import type { FabricDocument } from '../types';
import type { FabricViolation } from '../validation-result';
import { fatTreeCounts, fatTreeFabric } from './fat-tree-fabric';
import { GENERATOR_DEFAULTS } from './generator-options';
import { leafSpineFabric } from './leaf-spine-fabric';
import { testbedFabric } from './testbed-fabric';
import { POD_BLOCK, SERVER_BLOCK, SWITCH_BLOCK } from './address-plan';
import { formatPath } from '../format-path';

const common = {
  name: DnsLabelSchema.optional().describe('fabric name; defaults per generator (testbed, leaf-spine-SxL, fat-tree-kK)'),
  sramCapacity: z.number().int().positive().max(FABRIC_LIMITS.sramCapacity).optional()
    .describe(`M_n of every switch, session entries; default ${GENERATOR_DEFAULTS.sramCapacity}`),
  sramThreshold: z.number().int().nonnegative().max(FABRIC_LIMITS.sramCapacity).optional()
    .describe('T_SRAM of every switch; default 90 % of sramCapacity'),
  linkGbps: z.number().positive().max(FABRIC_LIMITS.bandwidthGbps).optional().describe('B_max of every link; default 100'),
  switchLinkLatencyUs: z.number().nonnegative().max(FABRIC_LIMITS.baseLatencyUs).optional().describe('default 1 µs'),
  serverLinkLatencyUs: z.number().nonnegative().max(FABRIC_LIMITS.baseLatencyUs).optional().describe('default 2 µs'),
  podsPerServer: z.number().int().min(0).max(64).optional().describe('pods on every mesh server; default 0'),
  podNamespace: DnsLabelSchema.optional().describe("default 'default'"),
};

/** Upper bounds of a generator spec: what the address plan and FABRIC_LIMITS can hold. */
function podsFit(servers: number, podsPerServer: number | undefined): boolean {
  return servers * (podsPerServer ?? 0) <= Math.min(FABRIC_LIMITS.pods, POD_BLOCK.capacity);
}

/**
 * What `generateFabric` takes (and `POST /v1/fabrics/{fabric}/generate`-style APIs accept): a discriminated union on `kind`.
 *
 * @example
 * FabricGeneratorSpecSchema.parse({ kind: 'fat-tree', k: 4, serversPerEdge: 2 });
 */
export const FabricGeneratorSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('testbed'), ...common }),
  z.strictObject({
    kind: z.literal('leaf-spine'),
    spines: z.number().int().min(1).max(1024),
    leaves: z.number().int().min(1).max(4096),
    serversPerLeaf: z.number().int().min(0).max(256),
    ...common,
  }).refine(function fitsServers(s) { return s.leaves * s.serversPerLeaf <= FABRIC_LIMITS.servers; },
    { message: `leaves × serversPerLeaf must be ≤ ${FABRIC_LIMITS.servers}`, path: ['serversPerLeaf'] })
    .refine(function fitsSwitches(s) { return s.spines + s.leaves <= SWITCH_BLOCK.capacity; },
      { message: `spines + leaves must be ≤ ${SWITCH_BLOCK.capacity}`, path: ['leaves'] })
    .refine(function fitsPods(s) { return podsFit(s.leaves * s.serversPerLeaf, s.podsPerServer); },
      { message: `total pods must be ≤ ${FABRIC_LIMITS.pods}`, path: ['podsPerServer'] }),
  z.strictObject({
    kind: z.literal('fat-tree'),
    k: z.number().int().min(2).max(128).refine(function even(k) { return k % 2 === 0; }, 'k must be even'),
    serversPerEdge: z.number().int().min(0).max(64),
    ...common,
  }).refine(function fitsServers(s) { return fatTreeCounts(s.k, s.serversPerEdge).servers <= Math.min(FABRIC_LIMITS.servers, SERVER_BLOCK.capacity); },
    { message: `k³/4 × serversPerEdge must be ≤ ${FABRIC_LIMITS.servers}`, path: ['serversPerEdge'] })
    .refine(function fitsPods(s) { return podsFit(fatTreeCounts(s.k, s.serversPerEdge).servers, s.podsPerServer); },
      { message: `total pods must be ≤ ${FABRIC_LIMITS.pods}`, path: ['podsPerServer'] }),
]);

/**
 * A parsed generator spec.
 *
 * @example
 * const spec: FabricGeneratorSpec = { kind: 'testbed' };
 */
export type FabricGeneratorSpec = z.output<typeof FabricGeneratorSpecSchema>;

/**
 * A generated fabric, or the spec's violations with field paths (e.g. `k`, `serversPerEdge`).
 *
 * @example
 * const r: GenerateResult = generateFabric({ kind: 'testbed' });
 */
export type GenerateResult = { ok: true; fabric: FabricDocument } | { ok: false; errors: FabricViolation[] };

/**
 * Validates a generator spec and runs the generator it names. Never throws on bad input.
 *
 * @example
 * const r = generateFabric({ kind: 'fat-tree', k: 90, serversPerEdge: 22 });
 * if (r.ok) r.fabric.switches.length; // 10125
 * generateFabric({ kind: 'fat-tree', k: 3, serversPerEdge: 1 }); // { ok: false, errors: [{ path: 'k', reason: 'k must be even' }] }
 */
export function generateFabric(spec: unknown): GenerateResult {
  const parsed = FabricGeneratorSpecSchema.safeParse(spec);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map(function toViolation(issue) {
        return { path: formatPath(issue.path), reason: issue.message };
      }),
    };
  }
  const s = parsed.data;
  if (s.sramThreshold !== undefined && s.sramThreshold > (s.sramCapacity ?? GENERATOR_DEFAULTS.sramCapacity)) {
    return { ok: false, errors: [{ path: 'sramThreshold', reason: 'must be ≤ sramCapacity' }] };
  }
  switch (s.kind) {
    case 'testbed': return { ok: true, fabric: testbedFabric(s) };
    case 'leaf-spine': return { ok: true, fabric: leafSpineFabric(s) };
    case 'fat-tree': return { ok: true, fabric: fatTreeFabric(s) };
  }
}
