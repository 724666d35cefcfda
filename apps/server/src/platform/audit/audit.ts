import type { Executor } from '../db/tables.js';
import { appendToLog, type LogPosition } from '../transparency/append.js';

/**
 * Every write is audited: who, what, when, from which address, and the outcome. The entry is
 * written in the caller's transaction so an audited change and its record commit together, and
 * it is an entry of the transparency log (可查可溯, docs/adr/0003): numbered without gaps,
 * hashed into the SM3 and SHA-256 Merkle trees, covered by a signed checkpoint within a second,
 * and never changed or deleted (the table refuses UPDATE, DELETE and TRUNCATE).
 */
export interface AuditEntry {
  actorId: string | null;
  actorName: string | null;
  action: string;
  target: string | null;
  outcome: 'success' | 'failure';
  ip: string | null;
  detail?: Record<string, unknown>;
  at: Date;
}

export interface AuditEventTable {
  /** The entry's position in the transparency log: 0, 1, 2, … without gaps (bigint as a string). */
  id: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target: string | null;
  outcome: string;
  ip: string | null;
  detail: unknown;
  at: Date;
  /** The entry's canonical bytes, exactly as hashed into the log (transparency/entry.ts); the columns above are their index. */
  leaf: Buffer;
  /** SM3(0x00 ‖ leaf) and SHA-256(0x00 ‖ leaf): the leaf hashes of the two trees. */
  leaf_sm3: Buffer;
  leaf_sha256: Buffer;
}

declare module '../db/tables.js' {
  interface Tables {
    'platform.audit_event': AuditEventTable;
  }
}

/**
 * Appends the entry to the audit trail and the transparency log, in `db`'s transaction (or in a
 * transaction of its own when `db` is not one), and returns its position and leaf hashes.
 *
 * Entries are numbered in commit order: the append takes the log's sequence row lock until the
 * transaction ends, so concurrent writers queue there. Call it as the LAST statement of a
 * transaction: work done after it lengthens the time every other writer waits.
 */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<LogPosition> {
  return appendToLog(db, entry);
}
