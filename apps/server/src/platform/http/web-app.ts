import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { declarePublicRoutes } from './access.js';

/**
 * Serves the built web app (apps/web/dist) and answers unknown non-API paths with index.html,
 * so client-side routes like /workspace survive a reload. Returns the shell (index.html), or
 * undefined when no build exists.
 */
export async function serveWebApp(app: FastifyInstance, distDir: string): Promise<string | undefined> {
  const indexPath = join(distDir, 'index.html');
  if (!existsSync(indexPath)) return undefined;
  await app.register(async (child) => {
    declarePublicRoutes(child);
    await child.register(fastifyStatic, {
      root: distDir,
      wildcard: false,
      index: ['index.html'],
      // Hashed assets never change; the shell and the service worker must be revalidated.
      setHeaders: (res, path) => {
        res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  });
  // The app shell, read once: it is answered for every client-side route (see app.ts).
  return readFileSync(indexPath, 'utf8');
}

export function isApiPath(url: string): boolean {
  return url.startsWith('/api/') || url === '/api' || url.startsWith('/docs') || url.startsWith('/health');
}
