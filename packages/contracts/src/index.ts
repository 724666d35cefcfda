export * from './roles.js';
export * from './codes/index.js';
export * from './merkle/index.js';
export * from './money.js';
