import type { PlatformModule } from '../../platform/module.js';
import * as createRegion from './migrations/2026_11_27_0201_create_region.js';
import { regionRoutes } from './region.routes.js';

/** Administrative divisions of the province (GB/T 2260), shared reference data. */
export const regionModule: PlatformModule = {
  name: 'region',
  migrations: { '2026_11_27_0201_create_region': createRegion },
  routes: regionRoutes,
};
