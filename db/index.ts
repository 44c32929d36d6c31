export * from './connection';
export * from './store';
export { LATEST_VERSION, MIGRATIONS } from './migrations';
export * from './exchange';
export * from './backup';
export * from './sample-draws';
export * from './lean-reads';
