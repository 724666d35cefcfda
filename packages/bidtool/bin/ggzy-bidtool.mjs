#!/usr/bin/env node
// Runs the TypeScript sources through tsx (a root devDependency, as `npm start` does), so a
// clean clone needs no build step: `npm ci && npx ggzy-bidtool --help`.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
