import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from './config.js';

describe('docs/configuration.md', () => {
  it('documents every setting the server reads', () => {
    const doc = readFileSync(new URL('../../../../../docs/configuration.md', import.meta.url), 'utf8');
    for (const key of Object.keys(ConfigSchema.properties)) expect(doc, `${key} is not documented`).toContain(`| \`${key}\` |`);
  });
});
