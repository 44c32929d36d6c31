export * from './hlc';
export * from './change';
export * from './entities';
export * from './invariants';
