/**
 * The fabric module: contracts, schemas, validation, graph and paths, generators.
 *
 * @example
 * import { buildFabricGraph, testbedFabric, validateFabric } from '../core/fabric';
 * const doc = testbedFabric();
 * if (validateFabric(doc).ok) buildFabricGraph(doc).path(0, 4);
 */
export type * from './types';
export type { FabricGraph, FabricTopology } from './fabric-graph';
export type { FabricCsr } from './fabric-csr';
export { hasCsr } from './fabric-csr';
export { buildFabricGraph, IndexedFabricGraph, IndexedFabricTopology, type GraphLink } from './graph';
export { FabricTopologyBuilder, type TopologyParts } from './topology-builder';
export { hopDistancesFrom } from './hop-distances';
export { resolveFabricNode, type ResolvedNode, type ResolveFailure } from './resolve-node';
export { IPV4_PATTERN, formatIpv4, parseIpv4 } from './ipv4';
export * from './schema';
export { validateFabric } from './validate';
export { ViolationSink, type FabricValidation, type FabricViolation, type ValidateOptions } from './validation-result';
export { formatPath } from './format-path';
export { testbedFabric, type TestbedOptions } from './generators/testbed-fabric';
export { leafSpineFabric, type LeafSpineOptions } from './generators/leaf-spine-fabric';
export { fatTreeCounts, fatTreeFabric, type FatTreeOptions } from './generators/fat-tree-fabric';
export { GENERATOR_DEFAULTS, type CommonGeneratorOptions } from './generators/generator-options';
export {
  FabricGeneratorSpecSchema, generateFabric, type FabricGeneratorSpec, type GenerateResult,
} from './generators/generate-fabric';
