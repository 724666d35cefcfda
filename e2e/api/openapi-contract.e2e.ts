import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, renderApiTypes } from '../../packages/contracts/scripts/openapi.js';

const committed = (path: string) => readFile(new URL(`../../packages/contracts/${path}`, import.meta.url), 'utf8');

describe('the published API contract', () => {
  it('openapi.json and the web client types match the routes (run `npm run openapi` after changing a route)', async () => {
    const json = `${JSON.stringify(await buildOpenApiDocument(), null, 2)}\n`;
    expect(json).toBe(await committed('openapi.json'));
    expect(await renderApiTypes(json)).toBe(await committed('src/api.d.ts'));
  });

  it('describes every API route with a summary and its responses', async () => {
    const document = (await buildOpenApiDocument()) as { paths: Record<string, Record<string, { summary?: string; responses?: object }>> };
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.summary, `${method.toUpperCase()} ${path} has no summary`).toBeTruthy();
      }
    }
  });
});
