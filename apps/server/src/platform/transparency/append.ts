import { type Insertable, sql } from 'kysely';
import type { AuditEntry } from '../audit/audit.js';
import type { Executor, Tables, Tx } from '../db/tables.js';
import { type EncodedEntry, encodeEntry } from './entry.js';
import { batchOf } from './group-commit.js';
import './log.tables.js';

/** Where an appended entry landed: its leaf index and leaf hashes (a receipt carries them). */
export interface LogPosition {
  index: number;
  leafHashSm3: string;
  leafHashSha256: string;
}

/**
 * Appends one entry in `db`'s transaction (or a transaction of its own).
 *
 * The sequencer is the single row of `platform.log_head`: `update … set size = size + 1
 * returning size` takes its row lock, which the transaction holds until it commits or rolls
 * back. The next appender waits on that lock and then reads the committed size, so indexes are
 * consecutive, without gaps (a rollback gives its number back), and in commit order — a reader
 * that sees size n sees entries 0 … n−1. The price: appenders are serialised for the rest of
 * their transaction, which is why this must be the transaction's last statement.
 *
 * In a group-commit transaction (group-commit.ts) the entry is parked: the batch numbers it at its
 * end, under the head, and writes it with the batch's rows, one insert and one head update for all.
 */
export async function appendToLog(db: Executor, event: AuditEntry): Promise<LogPosition> {
  const batch = batchOf(db);
  if (batch) return batch.park(event);
  if (db.isTransaction) return appendIn(db as Tx, event);
  return db.transaction().execute((tx) => appendIn(tx, event));
}

async function appendIn(tx: Tx, event: AuditEntry): Promise<LogPosition> {
  const head = await tx
    .updateTable('platform.log_head')
    .set({ size: sql<string>`size + 1` })
    .where('id', '=', true)
    .returning('size')
    .executeTakeFirstOrThrow();
  const { row, position } = numberEntry(Number(head.size) - 1, event);
  await tx.insertInto('platform.audit_event').values(row).execute();
  return position;
}

/** A log row (the columns of platform.audit_event). */
export type PendingLogRow = Insertable<Tables['platform.audit_event']>;

/** `event` as the entry at `index`: its row and the position a receipt names. */
export function numberEntry(index: number, event: AuditEntry): { row: PendingLogRow; position: LogPosition } {
  const encoded = encodeEntry(index, event);
  return { row: rowOf(index, encoded), position: positionOf(index, encoded) };
}

function rowOf(index: number, encoded: EncodedEntry): PendingLogRow {
  const { entry } = encoded;
  return {
    id: String(index),
    actor_id: entry.actorId,
    actor_name: entry.actorName,
    action: entry.action,
    target: entry.target,
    outcome: entry.outcome,
    ip: entry.ip,
    detail: JSON.stringify(entry.detail),
    at: new Date(entry.at),
    leaf: encoded.bytes,
    leaf_sm3: encoded.leafSm3,
    leaf_sha256: encoded.leafSha256,
  };
}

function positionOf(index: number, encoded: EncodedEntry): LogPosition {
  return { index, leafHashSm3: encoded.leafSm3.toString('hex'), leafHashSha256: encoded.leafSha256.toString('hex') };
}
