import type { PlatformDeps, PlatformModule } from '../../platform/module.js';
import { seedIdentityDemo } from './demo-seed.js';
import { identityRoutes } from './identity.routes.js';
import { createIdentityService, type IdentityService } from './identity.service.js';
import * as createIdentity from './migrations/2026_11_27_0101_create_identity.js';

export { DEMO_PASSWORD, demoAccounts } from './demo-seed.js';
export { hashPassword, SESSION_COOKIE, type IdentityService } from './identity.service.js';

// One service per running platform, shared by its routes and its authenticator.
const services = new WeakMap<PlatformDeps, IdentityService>();
function serviceFor(deps: PlatformDeps): IdentityService {
  let service = services.get(deps);
  if (!service) {
    service = createIdentityService({ db: deps.db, clock: deps.clock, sessionIdleMinutes: deps.config.SESSION_IDLE_MINUTES });
    services.set(deps, service);
  }
  return service;
}

/** Accounts, sessions, API tokens (unified registration and certificates build on this). */
export const identityModule: PlatformModule = {
  name: 'identity',
  migrations: { '2026_11_27_0101_create_identity': createIdentity },
  routes: (app, deps) => identityRoutes(serviceFor(deps), deps)(app),
  authenticator: (deps) => serviceFor(deps).authenticator,
  seedDemo: seedIdentityDemo,
};
