/**
 * Reconciler: desired vs. read-back tables → least writes; slow-path backend choice.
 *
 * @example
 * import { diffTables, chooseBackend } from '../core/reconcile';
 */
export * from './types';
export { diffTables } from './diff-tables';
export { sessionValidity } from './session-validity';
export { chooseBackend, unpinnedBackend, mulberry32, type BackendChoiceContext } from './choose-backend';
export { sessionKey } from './session-key';
export { hash32 } from './flow-hash';
