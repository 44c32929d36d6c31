export * from './caseload';
export * from './size';
export * from './random';
export * from './allocate';
export * from './draw';
export * from './output';
