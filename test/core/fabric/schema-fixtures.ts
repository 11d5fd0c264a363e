export * from '../../../src/core/fabric/schema';
export { IPV4_PATTERN as IPV4_PATTERN_FOR_TESTS } from '../../../src/core/fabric/ipv4';
