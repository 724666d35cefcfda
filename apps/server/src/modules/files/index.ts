import type { PlatformModule } from '../../platform/module.js';
import { filesRoutes } from './files.routes.js';
import * as createFiles from './migrations/2026_11_27_0401_create_files.js';

/** Uploaded documents: streamed into the file store with SM3/SHA-256, owned by their uploader. */
export const filesModule: PlatformModule = {
  name: 'files',
  migrations: { '2026_11_27_0401_create_files': createFiles },
  routes: async (app, deps) => {
    // Own encapsulated scope: the catch-all body parser must not apply to other modules' routes.
    await app.register(async (scope) => filesRoutes(scope, deps));
  },
};
