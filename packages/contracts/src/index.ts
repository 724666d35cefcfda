export * from './roles.js';
export * from './codes/index.js';
export * from './merkle/index.js';
