import { setTimeout as delay } from 'node:timers/promises';
import type { Generated, Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import type { Tables, Tx } from '../db/tables.js';
import { AppError } from '../errors.js';
import { platformMigrations } from '../migrations/index.js';
import { databaseTargets } from '../testing/databases.js';
import { runIdempotent } from './idempotency.js';

/** A table of the test's own, standing for whatever a real command writes. */
type ReceiptTables = {
  'idempotency_test.receipt': { id: Generated<number>; note: string };
};

const now = new Date('2026-11-27T02:00:00.000Z');
const request = (key: string, body: unknown, scope = 'user-1 POST /api/bids') => ({ scope, key, body, now });

describe.each(databaseTargets())('idempotency keys on $name', (target) => {
  let database: Database;
  let db: Kysely<Tables & ReceiptTables>;
  let executions = 0;

  /** The command under test: writes one receipt row in the command's transaction and answers 201 with it. */
  const command = (note: string) => async (tx: Tx) => {
    executions++;
    const row = await tx
      .withTables<ReceiptTables>()
      .insertInto('idempotency_test.receipt')
      .values({ note })
      .returning(['id', 'note'])
      .executeTakeFirstOrThrow();
    return { statusCode: 201, body: { receipt: row, at: now } };
  };
  const receipts = () => db.selectFrom('idempotency_test.receipt').select(['id', 'note']).execute();

  beforeAll(async () => {
    database = await target.open(platformMigrations, { poolSize: 10 });
    db = database.db.withTables<ReceiptTables>();
    await db.schema.createSchema('idempotency_test').execute();
    await db.schema
      .createTable('idempotency_test.receipt')
      .addColumn('id', 'serial', (column) => column.primaryKey())
      .addColumn('note', 'text', (column) => column.notNull())
      .execute();
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    executions = 0;
    await db.deleteFrom('idempotency_test.receipt').execute();
    await db.deleteFrom('platform.idempotency_key').execute();
  });

  it('runs the command once and replays the stored response', async () => {
    const first = await runIdempotent(database.db, request('key-1', { price: '100.00', lot: 1 }), command('first'));
    const again = await runIdempotent(database.db, request('key-1', { lot: 1, price: '100.00' }), command('second'));

    expect(first.replayed).toBe(false);
    expect(again).toEqual({ ...first, replayed: true });
    expect(first).toMatchObject({ statusCode: 201, body: { receipt: { note: 'first' }, at: now.toISOString() } });
    expect(JSON.stringify(again.body)).toBe(JSON.stringify(first.body));
    expect(await receipts()).toHaveLength(1);
    expect(executions).toBe(1);
  });

  it('refuses the same key with a different body (422 IDEMPOTENCY_KEY_REUSED)', async () => {
    await runIdempotent(database.db, request('key-2', { price: '100.00' }), command('first'));
    const reused = runIdempotent(database.db, request('key-2', { price: '99.00' }), command('second'));

    await expect(reused).rejects.toBeInstanceOf(AppError);
    await expect(reused).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
    expect(await receipts()).toHaveLength(1);
  });

  it('leaves the key unused when the command fails, so a retry runs it', async () => {
    const failing = async (tx: Tx) => {
      await command('rolled back')(tx);
      throw new Error('deadline passed while writing');
    };
    await expect(runIdempotent(database.db, request('key-3', { n: 1 }), failing)).rejects.toThrow('deadline passed while writing');
    expect(await receipts()).toEqual([]);

    const retried = await runIdempotent(database.db, request('key-3', { n: 1 }), command('retried'));
    expect(retried.replayed).toBe(false);
    expect((await receipts()).map((row) => row.note)).toEqual(['retried']);
  });

  it('keeps scopes apart: the same key for another principal is another request', async () => {
    await runIdempotent(database.db, request('key-4', {}, 'user-1 POST /api/bids'), command('user 1'));
    const other = await runIdempotent(database.db, request('key-4', {}, 'user-2 POST /api/bids'), command('user 2'));
    expect(other.replayed).toBe(false);
    expect(await receipts()).toHaveLength(2);
  });

  it('rejects a malformed key before touching the database', async () => {
    for (const key of ['', 'x'.repeat(129), 'has space', 'semi;colon', '中文']) {
      await expect(runIdempotent(database.db, request(key, {}), command('never'))).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        status: 400,
      });
    }
    await runIdempotent(database.db, request(`A-z_0:9.${'x'.repeat(120)}`, {}), command('edge of the alphabet'));
    expect(executions).toBe(1);
  });

  const slowCommand = async (tx: Tx) => {
    const result = await command('concurrent')(tx);
    await delay(50); // hold the claim open so the others pile up on the key
    return result;
  };
  // On PostgreSQL the 20 calls really overlap (pool of 10); on PGlite they queue on its one connection.
  it('executes once under 20 concurrent calls with the same key and body', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => runIdempotent(database.db, request('key-5', { same: true }), slowCommand)),
    );

    expect(await receipts()).toHaveLength(1);
    expect(executions).toBe(1);
    expect(results.filter((result) => result.replayed)).toHaveLength(19);
    for (const result of results) {
      expect({ statusCode: result.statusCode, body: result.body }).toEqual({ statusCode: results[0]?.statusCode, body: results[0]?.body });
    }
  });
});
