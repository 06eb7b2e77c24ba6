// The auction rules: pure functions of data and a clock (no HTTP, no database).
export * from './auction-model';
export * from './auction-plan';
export * from './auction-rules';
export * from './auction-state';
export * from './auction-types';
export * from './bids';
export * from './calendar';
export * from './deadlines';
export * from './lot-closing';
export * from './money';
