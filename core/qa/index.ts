export * from './status';
export * from './second-marking';
export * from './agreement';
export * from './consistency';
export * from './dip-sample';
