import type { ColumnType, Kysely } from 'kysely';
import type { Tables, Tx } from '../db/tables.js';
import { platformError } from '../errors.js';
import { requestHash } from './canonical-json.js';

/**
 * Idempotency keys for commands (domain/security.md §7): a client retrying a command with the
 * same key gets the first execution's response instead of a second execution.
 */
export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  /** Written as JSON text, read back parsed. */
  response: ColumnType<unknown, string | null, string | null>;
  created_at: Date;
}

declare module '../db/tables.js' {
  interface Tables {
    'platform.idempotency_key': IdempotencyKeyTable;
  }
}

export interface IdempotentRequest {
  /** Who and where, e.g. `${principalId} POST /api/bids`: the same key in another scope is another request. */
  scope: string;
  /** The client's Idempotency-Key header. */
  key: string;
  /** The request body; only its canonical JSON hash is kept. */
  body: unknown;
  now: Date;
}

export interface CommandResult {
  statusCode: number;
  body: unknown;
}

export interface IdempotentResult extends CommandResult {
  /** True when this is a stored response from an earlier execution. */
  replayed: boolean;
}

/** Runs `work` in a transaction and resolves once it committed. */
export type TransactionRunner = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

/** Characters that are safe in logs and headers; 128 covers UUIDs, ULIDs and prefixed ids. */
const KEY = /^[A-Za-z0-9_\-:.]{1,128}$/;

/**
 * Runs `command` at most once per (scope, key), in one transaction with the key's claim:
 *
 * 1. `insert … on conflict do nothing` claims the key with the body's hash. A concurrent
 *    request with the same key blocks on the primary key until this transaction ends.
 * 2. Claimed: run the command in the same transaction, store its status and body, commit.
 *    If the command throws, everything rolls back: the key is not consumed, the error
 *    propagates, and a retry runs the command again (a failed command has no response to replay).
 * 3. Not claimed: the row is committed by then (READ COMMITTED, PostgreSQL's default, lets this
 *    statement see it), so same hash → replay the stored response; different hash → 422
 *    IDEMPOTENCY_KEY_REUSED.
 *
 * Duplicates therefore wait for the first execution and replay it, rather than getting a 409.
 * The returned body is the stored JSON form of what the command returned (dates become
 * strings, jsonb orders object keys its own way), identical for the first answer and every replay.
 */
export async function runIdempotent(
  db: Kysely<Tables>,
  request: IdempotentRequest,
  command: (tx: Tx) => Promise<CommandResult>,
  /** How the transaction is run: a transaction of its own, or a member of a group commit (transparency/group-commit.ts). */
  transaction: TransactionRunner = (work) => db.transaction().execute(work),
): Promise<IdempotentResult> {
  if (!KEY.test(request.key)) {
    throw platformError('VALIDATION_FAILED', { summary: 'Idempotency-Key must be 1–128 characters of A–Z a–z 0–9 _ - : .' });
  }
  if (db.isTransaction) throw new Error('runIdempotent opens its own transaction; pass the database, not a transaction');
  const hash = requestHash(request.body);

  return transaction(async (tx) => {
    const claimed = await tx
      .insertInto('platform.idempotency_key')
      .values({ scope: request.scope, key: request.key, request_hash: hash, created_at: request.now })
      .onConflict((conflict) => conflict.columns(['scope', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) return replay(tx, request, hash);

    const result = await command(tx);
    // Answer with the stored form (read back from jsonb), so the first answer and the replays
    // are the same down to key order and Date-to-string conversion.
    const stored = await tx
      .updateTable('platform.idempotency_key')
      .set({ status_code: result.statusCode, response: JSON.stringify(result.body) ?? 'null' })
      .where('scope', '=', request.scope)
      .where('key', '=', request.key)
      .returning('response')
      .executeTakeFirstOrThrow();
    return { statusCode: result.statusCode, body: stored.response, replayed: false };
  });
}

async function replay(tx: Tx, request: IdempotentRequest, hash: string): Promise<IdempotentResult> {
  const stored = await tx
    .selectFrom('platform.idempotency_key')
    .select(['request_hash', 'status_code', 'response'])
    .where('scope', '=', request.scope)
    .where('key', '=', request.key)
    .executeTakeFirst();
  // In a transaction of its own this cannot happen under READ COMMITTED: the conflicting row was
  // committed with its response. In a group commit (transparency/group-commit.ts) the claim may be
  // an earlier member's of the same batch, whose answer is written at the batch's end: the retry is
  // run again in a later batch, where it replays that answer.
  if (!stored || stored.status_code === null) {
    throw Object.assign(new Error(`Idempotency key ${request.key} is claimed by a command whose answer is not stored yet`), { retryable: true });
  }
  if (stored.request_hash !== hash) throw platformError('IDEMPOTENCY_KEY_REUSED');
  return { statusCode: stored.status_code, body: stored.response, replayed: true };
}
