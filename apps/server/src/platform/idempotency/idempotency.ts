import type { ColumnType, Kysely, QueryCreator } from 'kysely';
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

/** Characters that are safe in logs and headers; 128 covers UUIDs, ULIDs and prefixed ids. */
const KEY = /^[A-Za-z0-9_\-:.]{1,128}$/;

/** Refuses a key that is not safe to store and log. */
export function checkIdempotencyKey(key: string): void {
  if (!KEY.test(key)) throw platformError('VALIDATION_FAILED', { summary: 'Idempotency-Key must be 1–128 characters of A–Z a–z 0–9 _ - : .' });
}

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
 * Commands that commit in sets (transparency/group-commit.ts) use `claimKeys` and `storeAnswers`.
 */
export async function runIdempotent(db: Kysely<Tables>, request: IdempotentRequest, command: (tx: Tx) => Promise<CommandResult>): Promise<IdempotentResult> {
  checkIdempotencyKey(request.key);
  if (db.isTransaction) throw new Error('runIdempotent opens its own transaction; pass the database, not a transaction');
  return db.transaction().execute(async (tx) => {
    const [claim] = await claimKeys(tx, [request]);
    if (!claim || 'again' in claim) throw new Error(`Idempotency key ${request.key} is claimed by a command whose answer is not stored yet`);
    if ('replay' in claim) return claim.replay;
    if ('error' in claim) throw claim.error;
    const [stored] = await storeAnswers(tx, [{ request: claim.claimed, result: await command(tx) }]);
    if (!stored) throw new Error('The answer was not stored');
    return stored;
  });
}

/** A request whose key is claimed in the transaction, with the hash its answer is stored under. */
export interface ClaimedRequest extends IdempotentRequest {
  hash: string;
}

/**
 * What a claim found, per request: claimed (run the command), an earlier answer to replay, or —
 * the key is claimed in this very set, or by a command still running that will have committed
 * before a later try can read it — `again`; or, for a key reused with another body, the error.
 */
export type Claim = { claimed: ClaimedRequest } | { replay: IdempotentResult } | { again: true } | { error: unknown };

/**
 * Claims the keys of `requests` in `tx` with one insert, and reads what the others hold with one
 * select (only when some were already there). Keys are claimed in (scope, key) order, so two sets
 * that share keys wait for each other rather than deadlock.
 */
export async function claimKeys(tx: Tx, requests: readonly IdempotentRequest[]): Promise<Claim[]> {
  const seen = new Set<string>();
  const first = requests.map((r) => {
    const id = claimId(r);
    const isFirst = !seen.has(id);
    seen.add(id);
    return isFirst;
  });
  const claims = requests.map((r, i) => ({ ...r, hash: requestHash(r.body), first: first[i] }));
  const toClaim = claims.filter((c) => c.first).toSorted((a, b) => (a.scope === b.scope ? compare(a.key, b.key) : compare(a.scope, b.scope)));
  const inserted =
    toClaim.length === 0
      ? []
      : await tx
          .insertInto('platform.idempotency_key')
          .values(toClaim.map((c) => ({ scope: c.scope, key: c.key, request_hash: c.hash, created_at: c.now })))
          .onConflict((conflict) => conflict.columns(['scope', 'key']).doNothing())
          .returning(['scope', 'key'])
          .execute();
  const won = new Set(inserted.map(claimId));
  const taken = claims.filter((c) => c.first && !won.has(claimId(c)));
  const stored =
    taken.length === 0
      ? []
      : await tx
          .selectFrom('platform.idempotency_key')
          .select(['scope', 'key', 'request_hash', 'status_code', 'response'])
          .where((eb) => eb(eb.refTuple('scope', 'key'), 'in', taken.map((c) => eb.tuple(c.scope, c.key))))
          .execute();
  const byId = new Map(stored.map((row) => [claimId(row), row]));
  return claims.map(({ first: isFirst, ...claim }): Claim => {
    const id = claimId(claim);
    if (!isFirst) return { again: true };
    if (won.has(id)) return { claimed: claim };
    const row = byId.get(id);
    // Under READ COMMITTED the conflicting row was committed with its answer before the insert
    // returned. Unanswered means a set of commands whose answers are stored at its end: try again.
    if (!row || row.status_code === null) return { again: true };
    if (row.request_hash !== claim.hash) return { error: platformError('IDEMPOTENCY_KEY_REUSED') };
    return { replay: { statusCode: row.status_code, body: row.response, replayed: true } };
  });
}

/**
 * Stores the answers of claimed requests with one statement and returns them in their stored form
 * (read back from jsonb, so the first answer and every replay are the same down to key order).
 */
export async function storeAnswers(tx: Tx, answers: readonly Answer[]): Promise<IdempotentResult[]> {
  if (answers.length === 0) return [];
  return storedAnswers(answers, await answersQuery(tx, answers).execute());
}

export interface Answer {
  request: ClaimedRequest;
  result: CommandResult;
}

/** The statement that stores the answers (for a set that runs it together with its own, as a CTE's companion); `storedAnswers` reads its rows. */
export function answersQuery(db: QueryCreator<Tables>, answers: readonly Answer[]) {
  // The rows exist (claimed in this transaction): the insert always takes its conflict branch.
  return db
    .insertInto('platform.idempotency_key')
    .values(answers.map(({ request, result }) => ({ scope: request.scope, key: request.key, request_hash: request.hash, created_at: request.now, status_code: result.statusCode, response: JSON.stringify(result.body) ?? 'null' })))
    .onConflict((conflict) => conflict.columns(['scope', 'key']).doUpdateSet((eb) => ({ status_code: eb.ref('excluded.status_code'), response: eb.ref('excluded.response') })))
    .returning(['scope', 'key', 'response']);
}

/** The answers as stored, in the order of `answers`. */
export function storedAnswers(answers: readonly Answer[], rows: ReadonlyArray<{ scope: string; key: string; response: unknown }>): IdempotentResult[] {
  const byId = new Map(rows.map((row) => [claimId(row), row.response]));
  return answers.map(({ request, result }) => ({ statusCode: result.statusCode, body: byId.get(claimId(request)), replayed: false }));
}

/** Gives back the keys of claimed requests whose command failed: a retry runs it again. */
export async function releaseClaims(tx: Tx, requests: readonly ClaimedRequest[]): Promise<void> {
  if (requests.length === 0) return;
  await tx
    .deleteFrom('platform.idempotency_key')
    .where((eb) => eb(eb.refTuple('scope', 'key'), 'in', requests.map((r) => eb.tuple(r.scope, r.key))))
    .where('status_code', 'is', null)
    .execute();
}

/** One claim's identity: its scope and key. */
const claimId = (r: { scope: string; key: string }) => `${r.scope}\u0000${r.key}`;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
