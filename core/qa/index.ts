export * from './status';
export * from './second-marking';
export * from './agreement';
export * from './consistency';
export * from './dip-sample';
export * from './comments';
export * from './rules';
