import { type PlatformDeps, type PlatformModule, perPlatform } from '../../platform/module.js';
import { seedIdentityDemo } from './demo-seed.js';
import { createAdministrationService } from './administration.service.js';
import { createEntitySpaceService } from './entity-space.service.js';
import { identityRoutes } from './identity.routes.js';
import { registrationRoutes } from './registration.routes.js';
import { createRegistrationService } from './registration.service.js';
import { createIdentityService, type IdentityService } from './identity.service.js';
import * as createIdentity from './migrations/2026_11_27_0101_create_identity.js';
import * as createRegistration from './migrations/2026_11_27_0102_create_registration.js';
import * as indexUserRoles from './migrations/2026_12_05_0002_index_user_roles.js';

export { DEMO_PASSWORD, demoAccounts, demoTotpSecret } from './demo-seed.js';
export { totp } from './domain/totp.js';
export { requiresSecondFactor } from './domain/second-factor.js';
export { hashPassword, SESSION_COOKIE, type IdentityService } from './identity.service.js';
export { ProfileSchema } from './identity.schemas.js';

// One set of services per running platform, shared by its routes and its authenticator.
const serviceFor = perPlatform((deps): IdentityService => createIdentityService({
      db: deps.db,
      clock: deps.clock,
      keys: deps.keys,
      sessionIdleMinutes: deps.config.SESSION_IDLE_MINUTES,
      totpAlgorithm: deps.config.TOTP_ALGORITHM,
    }));

/** Opens a session for a user another module authenticated (certificate sign-in), as IdentityService.startSessionFor. */
export function startSessionFor(deps: PlatformDeps, userId: string, ctx: { ip: string | null }, method: string) {
  return serviceFor(deps).startSessionFor(userId, ctx, method);
}

/** Accounts, sessions, API tokens (unified registration and certificates build on this). */
export const identityModule: PlatformModule = {
  name: 'identity',
  migrations: {
    '2026_11_27_0101_create_identity': createIdentity,
    '2026_11_27_0102_create_registration': createRegistration,
    '2026_12_05_0002_index_user_roles': indexUserRoles,
  },
  routes: (app, deps) => {
    const identity = serviceFor(deps);
    identityRoutes(identity, deps)(app);
    registrationRoutes(
      {
        registration: createRegistrationService({ db: deps.db, clock: deps.clock, events: deps.events, dataKey: identity.getDataKey }),
        administration: createAdministrationService({ db: deps.db, clock: deps.clock }),
        entitySpace: createEntitySpaceService({ db: deps.db, clock: deps.clock }),
      },
      deps,
    )(app);
  },
  authenticator: (deps) => serviceFor(deps).authenticator,
  seedDemo: seedIdentityDemo,
};
export { setSessionCookieOn } from './identity.routes.js';
