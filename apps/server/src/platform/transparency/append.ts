import { type Insertable, type QueryCreator, sql } from 'kysely';
import type { AuditEntry } from '../audit/audit.js';
import type { Executor, Tables, Tx } from '../db/tables.js';
import { type EncodedEntry, encodeEntry } from './entry.js';
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
 * The sequencer is the single row of `platform.log_head`: `update … set size = size + n
 * returning size` takes its row lock, which the transaction holds until it commits or rolls
 * back. The next appender waits on that lock and then reads the committed size, so indexes are
 * consecutive, without gaps (a rollback gives its number back), and in commit order — a reader
 * that sees size n sees entries 0 … n−1. The price: appenders are serialised for the rest of
 * their transaction, which is why this must be the transaction's last statement.
 */
export async function appendToLog(db: Executor, event: AuditEntry): Promise<LogPosition> {
  const [position] = db.isTransaction ? await appendEntries(db as Tx, [event]) : await db.transaction().execute((tx) => appendEntries(tx, [event]));
  if (!position) throw new Error('The entry was not appended');
  return position;
}

/**
 * Appends `events` in this order as consecutive entries, with two statements whatever their
 * number: the head moved by n (its lock held to the commit, as above), then one insert. A set of
 * commands committing together (group-commit.ts) composes the same two pieces into its own
 * statements (`moveLogHead`, `numberEntries`, `insertLogRows`), so as to spend no round trip on them.
 */
export async function appendEntries(tx: Tx, events: readonly AuditEntry[]): Promise<LogPosition[]> {
  if (events.length === 0) return [];
  const head = await moveLogHead(tx, events.length).executeTakeFirstOrThrow();
  const { rows, positions } = numberEntries(Number(head.size) - events.length, events);
  await insertLogRows(tx, rows).execute();
  return positions;
}

/** Moves the log head on by `count` and returns the new size: the entries are numbered size − count … size − 1. Takes the head's lock to the commit. */
export function moveLogHead(db: QueryCreator<Tables>, count: number) {
  return db
    .updateTable('platform.log_head')
    .set({ size: sql<string>`size + ${count}` })
    .where('id', '=', true)
    .returning('size');
}

/** `events` numbered from `start`: their rows and the positions receipts name. */
export function numberEntries(start: number, events: readonly AuditEntry[]): { rows: PendingLogRow[]; positions: LogPosition[] } {
  const numbered = events.map((event, i) => numberEntry(start + i, event));
  return { rows: numbered.map((n) => n.row), positions: numbered.map((n) => n.position) };
}

/** The insert of numbered rows (`numberEntries`), in the transaction that moved the head. */
export function insertLogRows(db: QueryCreator<Tables>, rows: readonly PendingLogRow[]) {
  return db.insertInto('platform.audit_event').values([...rows]);
}

/** A log row (the columns of platform.audit_event). */
export type PendingLogRow = Insertable<Tables['platform.audit_event']>;

/** `event` as the entry at `index`: its row and the position a receipt names. */
function numberEntry(index: number, event: AuditEntry): { row: PendingLogRow; position: LogPosition } {
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
