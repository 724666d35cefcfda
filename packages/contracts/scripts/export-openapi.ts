// `npm run openapi`: writes the API description to packages/contracts/openapi.json and the web
// client's types generated from it to packages/contracts/src/api.d.ts. A test fails when the
// committed files differ from what the code describes, so run this after changing a route.
import { writeFile } from 'node:fs/promises';
import { buildOpenApiDocument, renderApiTypes } from './openapi.js';

const document = await buildOpenApiDocument();
const json = `${JSON.stringify(document, null, 2)}\n`;
await writeFile(new URL('../openapi.json', import.meta.url), json);
await writeFile(new URL('../src/api.d.ts', import.meta.url), await renderApiTypes(json));
console.log(
  `Wrote packages/contracts/openapi.json (${Object.keys(document.paths ?? {}).length} paths) and packages/contracts/src/api.d.ts`,
);
