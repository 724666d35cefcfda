export * from './roles.js';
export * from './codes/uscc.js';
export * from './codes/citizen-id.js';
export * from './merkle/index.js';
