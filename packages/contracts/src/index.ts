export * from './roles.js';
export * from './codes/uscc.js';
