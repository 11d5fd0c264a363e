export * from './vni-types';
export * from './allocate-vni';
