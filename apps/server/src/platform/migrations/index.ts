import type { MigrationSet } from '../db/migrator.js';
import * as createPlatformAudit from './2026_11_27_0001_create_platform_audit.js';
import * as createPlatformOutbox from './2026_11_27_0002_create_platform_outbox.js';
import * as createPlatformIdempotency from './2026_11_27_0003_create_platform_idempotency.js';
import * as createPlatformKey from './2026_11_27_0004_create_platform_key.js';

/** The kernel's own tables (schema `platform`). */
export const platformMigrations: MigrationSet = {
  '2026_11_27_0001_create_platform_audit': createPlatformAudit,
  '2026_11_27_0002_create_platform_outbox': createPlatformOutbox,
  '2026_11_27_0003_create_platform_idempotency': createPlatformIdempotency,
  '2026_11_27_0004_create_platform_key': createPlatformKey,
};
