export * from './roles.js';
export * from './codes/index.js';
export * from './merkle/index.js';
export * from './money.js';
export * from './canonical-json.js';
export * from './sealed-bid/index.js';
export * from './draw/index.js';
