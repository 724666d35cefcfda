export * from './merkle.js';
export * from './encoding.js';
export * from './checkpoint.js';
