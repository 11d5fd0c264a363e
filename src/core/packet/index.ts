/** The packet library: build and parse PiggyCar's frames byte for byte (pure; shared by switch, agent, tests). */
export * from './constants';
export * from './frame-types';
export * from './byte-order';
export * from './addresses';
export * from './checksum';
export * from './parse-frame';
export * from './build-frame';
export * from './rewrite';
