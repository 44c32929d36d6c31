export * from './connection';
export * from './store';
export { LATEST_VERSION, MIGRATIONS } from './migrations';
export * from './exchange';
export * from './backup';
export * from './lean-reads';
export * from './repositories/sample-draws';
export { applyChanges, applyLoggedChanges, type ReplayChange, type WriteContext } from './write';
