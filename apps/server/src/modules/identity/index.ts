import type { PlatformModule } from '../../platform/module.js';
import { seedIdentityDemo } from './demo-seed.js';
import { identityRoutes } from './identity.routes.js';
import type { IdentityService } from './identity.service.js';
import * as createIdentity from './migrations/2026_11_27_0101_create_identity.js';

export { DEMO_PASSWORD, demoAccounts } from './demo-seed.js';
export { createIdentityService, hashPassword, SESSION_COOKIE, type IdentityService } from './identity.service.js';

/** Accounts, sessions, API tokens (unified registration and certificates build on this). */
export function identityModule(service: IdentityService): PlatformModule {
  return {
    name: 'identity',
    migrations: { '2026_11_27_0101_create_identity': createIdentity },
    routes: (app, deps) => identityRoutes(service, deps)(app),
    seedDemo: seedIdentityDemo,
  };
}
