/**
 * Every identifier validator of the platform (domain/codes.md), in one module: investment project
 * code, the platform's trading codes (project, tender project, section, deal) with their check
 * characters, region codes, USCC and citizen ID.
 */
export * from './normalise.js';
export * from './problems.js';
export * from './investment-project-code.js';
export * from './trading-codes.js';
export * from './region-code.js';
export * from './uscc.js';
export * from './citizen-id.js';
export * from './project-dictionaries.js';
