import type { PlatformModule } from '../module.js';
import * as createTransparencyLog from './migrations/2026_11_27_0901_create_transparency_log.js';
import * as indexAuditActionTarget from './migrations/2026_12_04_0001_index_audit_action_target.js';
import { transparencyRoutes } from './transparency.routes.js';

export { appendToLog, type LogPosition } from './append.js';
export { type Checkpointer, startCheckpointer } from './checkpointer.js';
export { type CommitSet, createGroupCommit, type GroupCommit, type SetOutcome } from './group-commit.js';
export { logServiceFor } from './log-service.js';
export { platformCheckpointSigner } from './signer.js';

export const transparencyMigrations = { '2026_11_27_0901_create_transparency_log': createTransparencyLog, '2026_12_04_0001_index_audit_action_target': indexAuditActionTarget };

/**
 * The transparency log (可查可溯): every audit entry is a leaf of an SM3 and a SHA-256 Merkle
 * tree (RFC 6962/9162), checkpoints are signed with SM2, and proofs are public
 * (docs/adr/0003-transparency-log.md). Part of the kernel, not a module, because the kernel's
 * recordAudit appends to it; plugged in like a module for its migration and routes.
 */
export const transparencyModule: PlatformModule = {
  name: 'transparency',
  migrations: transparencyMigrations,
  routes: transparencyRoutes,
};
