import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditEntry, recordAudit } from '../audit/audit.js';
import type { Database } from '../db/database.js';
import type { Tx } from '../db/tables.js';
import { runIdempotent } from '../idempotency/idempotency.js';
import { createKeyStore } from '../keys/key-store.js';
import { platformMigrations } from '../migrations/index.js';
import { databaseTargets } from '../testing/databases.js';
import { startCheckpointer } from './checkpointer.js';
import { decodeEntry } from './entry.js';
import { createGroupCommit } from './group-commit.js';
import { transparencyMigrations } from './index.js';
import { LogService } from './log-service.js';
import { platformCheckpointSigner } from './signer.js';
import { databaseLogSource, verifyLog } from './verifier.js';

const migrations = { ...platformMigrations, ...transparencyMigrations };

function event(n: number): AuditEntry {
  return {
    actorId: null,
    actorName: `bidder${n}`,
    action: 'test.commit',
    target: `bid:${n}`,
    outcome: 'success',
    ip: '10.0.0.2',
    detail: { n },
    at: new Date(),
  };
}

/** What a member's work throws when it met a concurrent commit that a later snapshot will see. */
const conflict = () => Object.assign(new Error('a concurrent commit numbered the same version'), { retryable: true });

/**
 * Group commit (ADR 0003, "Batched appends"): concurrent work shares one transaction, each piece
 * under its own savepoint, and the log entries of the whole batch go in with one head update.
 * A scratch table `gc_test.item` stands for a module's own writes.
 */
describe.each(databaseTargets())('group commit of log appends on $name', (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open(migrations, { poolSize: 12 });
    await sql`create schema gc_test; create table gc_test.item (n integer primary key, log_index bigint not null)`.execute(database.db);
  });
  afterAll(() => database?.close());

  const head = async () => Number((await database.db.selectFrom('platform.log_head').select('size').executeTakeFirstOrThrow()).size);
  const items = async () =>
    (await sql<{ n: number; log_index: string }>`select n, log_index from gc_test.item order by n`.execute(database.db)).rows;

  it('numbers concurrent members consecutively in commit order, and each sees its own index after the commit', async () => {
    const start = await head();
    const group = createGroupCommit(database.db);
    const positions = await Promise.all(
      Array.from({ length: 60 }, (_, n) =>
        group.run(async (tx) => {
          const position = await recordAudit(tx, event(n));
          await sql`insert into gc_test.item (n, log_index) values (${n}, ${position.index})`.execute(tx);
          return position;
        }),
      ),
    );
    // 60 members, at most 48 a batch: at least two transactions, numbered on from each other.
    expect(positions.map((p) => p.index).toSorted((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => start + i));
    expect(await head()).toBe(start + 60);
    const rows = await database.db.selectFrom('platform.audit_event').selectAll().where('id', '>=', String(start)).orderBy('id').execute();
    expect(rows).toHaveLength(60);
    for (const row of rows) {
      const decoded = decodeEntry(row.leaf);
      expect(decoded.ok && decoded.entry.index).toBe(Number(row.id));
      const n = decoded.ok ? (decoded.entry.detail.n as number) : -1;
      // The member's own write and its entry committed together, naming the same index.
      expect(positions[n]?.index).toBe(Number(row.id));
      expect(positions[n]?.leafHashSm3).toBe(row.leaf_sm3.toString('hex'));
    }
    expect((await items()).filter((r) => r.n < 60).map((r) => Number(r.log_index))).toEqual(positions.map((p) => p.index));
  });

  it('rolls a failing member back alone: its number goes to the next member, the others commit', async () => {
    const start = await head();
    const group = createGroupCommit(database.db);
    const results = await Promise.allSettled(
      Array.from({ length: 9 }, (_, i) =>
        group.run(async (tx) => {
          const n = 100 + i;
          const position = await recordAudit(tx, event(n));
          // A constraint violation (n 103 collides with itself) and a thrown error after the append.
          await sql`insert into gc_test.item (n, log_index) values (${i === 3 ? 100 : n}, ${position.index})`.execute(tx);
          if (i === 6) throw new Error('the audited change failed');
          return position.index;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const indexes = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(indexes.toSorted((a, b) => a - b)).toEqual(Array.from({ length: 7 }, (_, i) => start + i));
    expect(await head()).toBe(start + 7);
    const written = (await items()).filter((r) => r.n >= 100).map((r) => r.n);
    expect(written).toEqual([100, 101, 102, 104, 105, 107, 108]);
  });

  it('rejects every member of a batch that cannot commit, and leaves none of its entries behind', async () => {
    const start = await head();
    // A deferred constraint fails at COMMIT, after every member succeeded. One member commits
    // first; then two members that arrive together share one batch, whose commit fails.
    const group = createGroupCommit(database.db, { inFlight: 1 });
    await sql`create table gc_test.deferred (n integer primary key deferrable initially deferred)`.execute(database.db);
    const member = (n: number, i: number) =>
      group.run(async (tx) => {
        await recordAudit(tx, event(200 + i));
        await sql`insert into gc_test.deferred (n) values (${n})`.execute(tx);
      });
    const results = [...(await Promise.allSettled([member(1, 0)])), ...(await Promise.allSettled([member(2, 1), member(2, 2)]))];
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(await head()).toBe(start + 1);
    // And the next batch numbers on from there.
    expect((await group.run((tx) => recordAudit(tx, event(300)))).index).toBe(start + 1);
  });

  it.runIf(target.name === 'postgres')(
    'runs a member again, after the batch, when it would wait for a row lock, instead of stalling the batch',
    async () => {
      const group = createGroupCommit(database.db, { lockTimeoutMs: 50 });
      await sql`insert into gc_test.item (n, log_index) values (500, -1)`.execute(database.db);
      // Another transaction holds row 500 and then appends.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const other = database.db.transaction().execute(async (tx) => {
        await sql`select n from gc_test.item where n = 500 for update`.execute(tx);
        locked();
        await held;
        return (await recordAudit(tx, event(500))).index;
      });
      await isLocked;
      const member = group.run(async (tx) => {
        // The other transaction holds this row: waiting for it would stall every member behind this one.
        await sql`update gc_test.item set log_index = 0 where n = 500`.execute(tx);
        const position = await recordAudit(tx, event(501));
        await sql`update gc_test.item set log_index = ${position.index} where n = 500`.execute(tx);
        return position.index;
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      const [otherIndex, memberIndex] = await Promise.all([other, member]);
      expect(memberIndex).toBe(otherIndex + 1);
      expect((await items()).find((r) => r.n === 500)?.log_index).toBe(String(memberIndex));
    },
  );

  it('runs a member that met a retryable conflict again in a later batch, and answers with the conflict when it keeps meeting it', async () => {
    const group = createGroupCommit(database.db);
    const start = await head();
    let tries = 0;
    const once = group.run(async (tx) => {
      tries += 1;
      await sql`insert into gc_test.item (n, log_index) values (${900 + tries}, -1)`.execute(tx);
      if (tries === 1) throw conflict();
      return (await recordAudit(tx, event(900))).index;
    });
    const always = group.run(async () => {
      throw conflict();
    });
    const [first, second] = await Promise.allSettled([once, always]);
    expect(first).toEqual({ status: 'fulfilled', value: start });
    expect(tries).toBe(2);
    // The first try was rolled back with its savepoint: only the second one's row is there.
    expect((await items()).filter((r) => r.n > 900 && r.n < 910).map((r) => r.n)).toEqual([902]);
    expect(second).toMatchObject({ status: 'rejected', reason: { message: 'a concurrent commit numbered the same version' } });
  });

  it('gives up on a member that keeps meeting a retryable conflict after its append: alone, it gets the conflict', async () => {
    const group = createGroupCommit(database.db);
    const start = await head();
    let runs = 0;
    const result = await group
      .run(async (tx) => {
        runs += 1;
        await recordAudit(tx, event(950));
        throw conflict();
      })
      .then(
        () => 'fulfilled',
        (error: Error) => error.message,
      );
    expect(result).toBe('a concurrent commit numbered the same version');
    // Three batches, then once alone; nothing of it was kept.
    expect(runs).toBe(4);
    expect(await head()).toBe(start);
  });

  it('answers a retry with the same idempotency key in the same batch with the first answer, the command run once', async () => {
    const group = createGroupCommit(database.db, { inFlight: 1 });
    let executed = 0;
    const request = { scope: 'gc-test POST /api/things', key: 'same-batch-retry', body: { n: 960 }, now: new Date() };
    const command = async (tx: Tx) => {
      executed += 1;
      return { statusCode: 201, body: { index: (await recordAudit(tx, event(960))).index } };
    };
    // Arriving together, both are in one batch: the retry meets the first one's claim before its answer is stored.
    const [first, retry] = await Promise.all([runIdempotent(database.db, request, command, group.run), runIdempotent(database.db, request, command, group.run)]);
    expect(executed).toBe(1);
    expect(first.replayed).toBe(false);
    expect(retry).toEqual({ ...first, replayed: true });
  });

  it.runIf(target.name === 'postgres')(
    'runs two batches at once: the second one\'s members run while the first waits, numbered after it',
    async () => {
      const group = createGroupCommit(database.db, { inFlight: 2 });
      const start = await head();
      let reached!: () => void;
      const secondRan = new Promise<void>((resolve) => (reached = resolve));
      // The first batch's member waits for the second batch's member to have run its statements:
      // with one batch at a time this would never end.
      const first = group.run(async (tx) => {
        await sql`insert into gc_test.item (n, log_index) values (800, -1)`.execute(tx);
        await secondRan;
        return (await recordAudit(tx, event(800))).index;
      });
      const second = group.run(async (tx) => {
        await sql`insert into gc_test.item (n, log_index) values (801, -1)`.execute(tx);
        reached();
        return (await recordAudit(tx, event(801))).index;
      });
      const indexes = await Promise.all([first, second]);
      expect(indexes.toSorted((a, b) => a - b)).toEqual([start, start + 1]);
      expect(await head()).toBe(start + 2);
    },
  );

  it('leaves a log the verifier verifies, checkpoints included', async () => {
    const keys = createKeyStore(database.db, randomBytes(32), () => new Date());
    const checkpointer = startCheckpointer({
      log: new LogService(database.db),
      signer: () => platformCheckpointSigner(keys),
      logger: { error: () => undefined, warn: () => undefined },
      intervalMs: 0,
      pollMs: 3_600_000,
    });
    try {
      const group = createGroupCommit(database.db, { maxBatch: 7, inFlight: 3 });
      await Promise.all(Array.from({ length: 30 }, (_, n) => group.run((tx) => recordAudit(tx, event(600 + n)))));
      await checkpointer.checkpointNow();
      await Promise.all(Array.from({ length: 5 }, (_, n) => group.run((tx) => recordAudit(tx, event(700 + n)))));
    } finally {
      await checkpointer.stop();
    }
    const report = await verifyLog(databaseLogSource(database.db, target.name));
    expect(report).toMatchObject({ ok: true, entries: await head() });
  });
});
