export * from './service-mapping-types';
export * from './build-service-mapping';
export * from './compiled-classifier';
export * from './compile-classifier';
export * from './classifier-session';
export * from './naive-classifier';
