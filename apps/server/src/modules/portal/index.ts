import type { PlatformModule } from '../../platform/module.js';
import * as createPortal from './migrations/2026_11_27_0301_create_portal.js';
import { portalRoutes } from './portal.routes.js';

/** The public trading hall (网上交易大厅): what anyone can read without signing in. */
export const portalModule: PlatformModule = {
  name: 'portal',
  migrations: { '2026_11_27_0301_create_portal': createPortal },
  routes: portalRoutes,
};
