import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../audit/audit.js';
import type { Database } from '../db/database.js';
import { createKeyStore } from '../keys/key-store.js';
import { platformMigrations } from '../migrations/index.js';
import { databaseTargets } from '../testing/databases.js';
import { appendEntries, type LogPosition } from './append.js';
import { startCheckpointer } from './checkpointer.js';
import { decodeEntry } from './entry.js';
import { type CommitSet, createGroupCommit } from './group-commit.js';
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
    target: `item:${n}`,
    outcome: 'success',
    ip: '10.0.0.2',
    detail: { n },
    at: new Date(),
  };
}

type Verdict = 'commit' | 'refuse' | 'again';

interface ScratchOptions {
  /** The verdict on item `n`, which was handed to `triedBefore` earlier sets. Default: commit. */
  verdict?: (n: number, triedBefore: number) => Verdict;
  /** Called as the set is handed over, before any write (to hold it, or to queue more items meanwhile). */
  onSet?: (items: number[], setNo: number) => Promise<void> | void;
  /** Called after the set's writes and append, before it answers (to throw). */
  afterAppend?: (items: number[], setNo: number) => void;
}

/**
 * A commitSet standing for a module's: it records every set it is handed (items in order), writes
 * the committed items' rows in `gc_test.item` with one insert, then appends their entries with one
 * `appendEntries`, last, and answers each item.
 */
function scratchSet(options: ScratchOptions = {}) {
  const { verdict = () => 'commit', onSet, afterAppend } = options;
  const sets: number[][] = [];
  const commitSet: CommitSet<number, LogPosition> = async (tx, items) => {
    const triedBefore = items.map((n) => sets.filter((set) => set.includes(n)).length);
    sets.push(items);
    const setNo = sets.length;
    await onSet?.(items, setNo);
    const verdicts = items.map((n, i) => verdict(n, triedBefore[i] ?? 0));
    const kept = items.filter((_, i) => verdicts[i] === 'commit');
    if (kept.length > 0) await sql`insert into gc_test.item (n) values ${sql.join(kept.map((n) => sql`(${n})`))}`.execute(tx);
    const positions = await appendEntries(tx, kept.map(event));
    afterAppend?.(items, setNo);
    const positionOf = new Map(kept.map((n, i) => [n, positions[i]]));
    return items.map((n, i) => {
      if (verdicts[i] === 'refuse') return { error: new Error(`item ${n} refused`) };
      if (verdicts[i] === 'again') return { again: true as const };
      const position = positionOf.get(n);
      return position ? { value: position } : { error: new Error(`item ${n} has no position`) };
    });
  };
  return { sets, commitSet };
}

/** A commitSet whose every item inserts the same key of a deferred unique constraint: checked at COMMIT, after it answered. */
const deferredKeySet: CommitSet<number, LogPosition> = async (tx, items) => {
  await sql`insert into gc_test.deferred (n) values ${sql.join(items.map(() => sql`(1)`))}`.execute(tx);
  const positions = await appendEntries(tx, items.map(event));
  return positions.map((value) => ({ value }));
};

/** Lets pending setImmediate callbacks (the group commit's pump) run. */
async function turns(count = 3): Promise<void> {
  for (let i = 0; i < count; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** A promise the test opens when it wants. */
function gate() {
  let release: (() => void) | undefined;
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { opened, open: () => release?.() };
}

const bySmallest = (sets: number[][]) => sets.toSorted((a, b) => (a[0] ?? 0) - (b[0] ?? 0));

const retryableErrors = [
  { name: 'a deadlock (40P01)', error: () => Object.assign(new Error('deadlock detected'), { code: '40P01' }) },
  { name: 'a lock timeout (55P03)', error: () => Object.assign(new Error('lock timeout'), { code: '55P03' }) },
  { name: 'a serialization failure (40001)', error: () => Object.assign(new Error('could not serialize'), { code: '40001' }) },
  { name: 'an error marked retryable', error: () => Object.assign(new Error('a concurrent version'), { retryable: true }) },
];

/**
 * Group commit (ADR 0003, "Batched appends"): the items that arrive together are handed to one
 * commitSet in one transaction, which appends all their entries at once. A scratch table
 * `gc_test.item` stands for a module's own writes.
 */
describe.each(databaseTargets())('set-based group commit on $name', (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open(migrations, { poolSize: 12 });
    await sql`create schema gc_test; create table gc_test.item (n integer primary key); create table gc_test.deferred (n integer primary key deferrable initially deferred)`.execute(
      database.db,
    );
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    await sql`delete from gc_test.item; delete from gc_test.deferred`.execute(database.db);
  });

  const head = async () => Number((await database.db.selectFrom('platform.log_head').select('size').executeTakeFirstOrThrow()).size);
  const rows = async () => (await sql<{ n: number }>`select n from gc_test.item order by n`.execute(database.db)).rows.map((r) => r.n);

  it('commits the items that arrive together as one set: consecutive indexes in item order, all durable when run() resolves', async () => {
    const start = await head();
    const { sets, commitSet } = scratchSet();
    const group = createGroupCommit(database.db, commitSet, { maxBatch: 64, inFlight: 1, overlapAt: 64 });
    const positions = await Promise.all(Array.from({ length: 20 }, (_, n) => group.run(n)));
    expect(sets).toEqual([Array.from({ length: 20 }, (_, n) => n)]);
    expect(positions.map((p) => p.index)).toEqual(Array.from({ length: 20 }, (_, n) => start + n));
    // Read back (on another connection on PostgreSQL) right after the answers: the set committed before them.
    expect(await rows()).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(await head()).toBe(start + 20);
    const entries = await database.db
      .selectFrom('platform.audit_event')
      .selectAll()
      .where('id', '>=', String(start))
      .orderBy('id')
      .execute();
    expect(entries.map((row) => [Number(row.id), row.target, row.leaf_sm3.toString('hex')])).toEqual(
      positions.map((p, n) => [p.index, `item:${n}`, p.leafHashSm3]),
    );
    expect(entries.map((row) => decodeEntry(row.leaf)).map((d) => d.ok && d.entry.index)).toEqual(positions.map((p) => p.index));
  });

  it('rejects a refused item with its own error while the others of its set commit, numbered without a gap', async () => {
    const start = await head();
    const { commitSet } = scratchSet({ verdict: (n) => (n === 3 ? 'refuse' : 'commit') });
    const group = createGroupCommit(database.db, commitSet, { maxBatch: 64, inFlight: 1, overlapAt: 64 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, n) => group.run(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(results[3]).toMatchObject({ status: 'rejected', reason: { message: 'item 3 refused' } });
    expect(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.index] : []))).toEqual([
      start,
      start + 1,
      start + 2,
      start + 3,
      start + 4,
    ]);
    expect(await rows()).toEqual([0, 1, 2, 4, 5]);
    expect(await head()).toBe(start + 5);
  });

  it('puts an item answered `again` first into the next set, ahead of the items that arrived meanwhile', async () => {
    const start = await head();
    const later: Array<Promise<LogPosition>> = [];
    const { sets, commitSet } = scratchSet({
      verdict: (n, triedBefore) => (n === 1 && triedBefore === 0 ? 'again' : 'commit'),
      // Items 4 and 5 arrive while the first set runs.
      onSet: (_, setNo) => {
        if (setNo === 1) later.push(group.run(4), group.run(5));
      },
    });
    const group = createGroupCommit(database.db, commitSet, { maxBatch: 64, inFlight: 1, overlapAt: 64 });
    const first = await Promise.all([1, 2, 3].map((n) => group.run(n)));
    const second = await Promise.all(later);
    expect(sets).toEqual([
      [1, 2, 3],
      [1, 4, 5],
    ]);
    expect([...first, ...second].map((p) => p.index)).toEqual([start + 2, start, start + 1, start + 3, start + 4]);
    expect(await rows()).toEqual([1, 2, 3, 4, 5]);
  });

  it('does not count `again` as a failed try: an item answered so three times still goes with the next set, not alone', async () => {
    const start = await head();
    let waiting: Promise<LogPosition> | undefined;
    const { sets, commitSet } = scratchSet({
      verdict: (n, triedBefore) => (n === 7 && triedBefore < 3 ? 'again' : 'commit'),
      // Item 9 arrives during 7's third set: 7's fourth set is shared with it.
      onSet: (_, setNo) => {
        if (setNo === 3) waiting = group.run(9);
      },
    });
    const group = createGroupCommit(database.db, commitSet, { maxBatch: 64, inFlight: 1, overlapAt: 64 });
    const positions = await Promise.all([group.run(7), group.run(8)]);
    await expect(waiting).resolves.toMatchObject({ index: start + 2 });
    expect(sets).toEqual([[7, 8], [7], [7], [7, 9]]);
    expect(positions.map((p) => p.index)).toEqual([start + 1, start]);
    expect(await rows()).toEqual([7, 8, 9]);
  });

  it.each(retryableErrors)('runs the whole set again when its commitSet throws $name, the first try leaving nothing', async ({ error }) => {
    const start = await head();
    const { sets, commitSet } = scratchSet({
      afterAppend: (_, setNo) => {
        if (setNo === 1) throw error();
      },
    });
    const group = createGroupCommit(database.db, commitSet, { maxBatch: 64, inFlight: 1, overlapAt: 64 });
    const positions = await Promise.all([10, 11].map((n) => group.run(n)));
    expect(sets).toEqual([
      [10, 11],
      [10, 11],
    ]);
    // The first try's rows and entries were rolled back (a kept row would have failed the second insert): its numbers were given back.
    expect(positions.map((p) => p.index)).toEqual([start, start + 1]);
    expect(await head()).toBe(start + 2);
    expect(await rows()).toEqual([10, 11]);
  });

  it('gives every item the retryable error after three sets and a try alone each, keeping nothing', async () => {
    const start = await head();
    const { sets, commitSet } = scratchSet({
      afterAppend: () => {
        throw Object.assign(new Error('a concurrent version'), { retryable: true });
      },
    });
    const group = createGroupCommit(database.db, commitSet, { maxBatch: 64, inFlight: 1, overlapAt: 64 });
    const results = await Promise.allSettled([20, 21].map((n) => group.run(n)));
    expect(results).toMatchObject([
      { status: 'rejected', reason: { message: 'a concurrent version', retryable: true } },
      { status: 'rejected', reason: { message: 'a concurrent version', retryable: true } },
    ]);
    expect(sets.slice(0, 3)).toEqual([
      [20, 21],
      [20, 21],
      [20, 21],
    ]);
    expect(bySmallest(sets.slice(3))).toEqual([[20], [21]]);
    expect(await head()).toBe(start);
    expect(await rows()).toEqual([]);
  });

  it('runs every item alone after a non-retryable error, so that only the item causing it gets it, with no log entry of it', async () => {
    const start = await head();
    const { sets, commitSet } = scratchSet({
      afterAppend: (items) => {
        if (items.includes(31)) throw new Error('the module failed on 31');
      },
    });
    const group = createGroupCommit(database.db, commitSet, { maxBatch: 64, inFlight: 1, overlapAt: 64 });
    const results = await Promise.allSettled([30, 31, 32].map((n) => group.run(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: { message: 'the module failed on 31' } });
    expect(sets[0]).toEqual([30, 31, 32]);
    expect(bySmallest(sets.slice(1))).toEqual([[30], [31], [32]]);
    expect(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.index] : [])).toSorted((a, b) => a - b)).toEqual([start, start + 1]);
    expect(await head()).toBe(start + 2);
    expect(await rows()).toEqual([30, 32]);
  });

  it('gives the error of a COMMIT that fails to the item causing it (each item runs alone), though the set had answered them all', async () => {
    const start = await head();
    // A deferred unique key is checked at COMMIT, after the commitSet returned its values: 40 and 41
    // insert the same key, together and then alone; whichever commits second fails.
    const group = createGroupCommit(database.db, deferredKeySet, { maxBatch: 64, inFlight: 1, overlapAt: 64 });
    const results = await Promise.allSettled([40, 41].map((n) => group.run(n)));
    expect(results.map((r) => r.status).toSorted()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: '23505' } });
    expect(results.find((r) => r.status === 'fulfilled')).toMatchObject({ value: { index: start } });
    expect(await head()).toBe(start + 1);
  });

  it('takes at most maxBatch items per set, in arrival order', async () => {
    const { sets, commitSet } = scratchSet();
    const group = createGroupCommit(database.db, commitSet, { maxBatch: 4, inFlight: 1, overlapAt: 1 });
    await Promise.all(Array.from({ length: 10 }, (_, n) => group.run(n)));
    expect(sets).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
  });

  it('starts a set beside a running one only once overlapAt items wait', async () => {
    const held = gate();
    const { sets, commitSet } = scratchSet({ onSet: (items) => (items.includes(0) ? held.opened : undefined) });
    const group = createGroupCommit(database.db, commitSet, { maxBatch: 64, inFlight: 3, overlapAt: 2 });
    const runs = [group.run(0)];
    await turns();
    // One item waits beside the running set: too few to pay for a set of its own.
    runs.push(group.run(1));
    await turns();
    // Two wait: a second set starts with both (on PGlite it gets the connection once the first ends).
    runs.push(group.run(2));
    await turns();
    held.open();
    await Promise.all(runs);
    expect(bySmallest(sets)).toEqual([[0], [1, 2]]);
  });

  it('shares the queue between free slots beside a running set only when each share reaches overlapAt', async () => {
    const held = gate();
    const { sets, commitSet } = scratchSet({ onSet: (items) => (items.includes(0) ? held.opened : undefined) });
    const group = createGroupCommit(database.db, commitSet, { maxBatch: 64, inFlight: 3, overlapAt: 2 });
    const runs = [group.run(0)];
    await turns();
    // Four wait, two slots free: two sets of two beside the first (had they waited for it to end: one set of four).
    runs.push(...[1, 2, 3, 4].map((n) => group.run(n)));
    await turns();
    // Three more while every slot is taken: they wait for a slot, then go as one set.
    runs.push(...[5, 6, 7].map((n) => group.run(n)));
    await turns();
    held.open();
    await Promise.all(runs);
    expect(bySmallest(sets)).toEqual([[0], [1, 2], [3, 4], [5, 6, 7]]);
  });

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
      const { commitSet } = scratchSet({ verdict: (n) => (n % 5 === 0 ? 'refuse' : 'commit') });
      const group = createGroupCommit(database.db, commitSet, { maxBatch: 7, inFlight: 3, overlapAt: 2 });
      await Promise.allSettled(Array.from({ length: 30 }, (_, n) => group.run(600 + n)));
      await checkpointer.checkpointNow();
      await Promise.allSettled(Array.from({ length: 5 }, (_, n) => group.run(700 + n)));
    } finally {
      await checkpointer.stop();
    }
    const report = await verifyLog(databaseLogSource(database.db, target.name));
    expect(report).toMatchObject({ ok: true, entries: await head() });
  });
});

/** Two connections at once: PostgreSQL only (PGlite has one connection, so a second set waits for the first to end). */
describe.each(databaseTargets().filter((t) => t.name === 'postgres'))('set-based group commit, sets side by side, on $name', (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open(migrations, { poolSize: 12 });
    await sql`create schema gc_test; create table gc_test.item (n integer primary key)`.execute(database.db);
  });
  afterAll(() => database?.close());

  const head = async () => Number((await database.db.selectFrom('platform.log_head').select('size').executeTakeFirstOrThrow()).size);

  it('runs the second set in its own transaction while the first is still open', async () => {
    const start = await head();
    const secondHanded = gate();
    // The first set waits until the second has been handed over: one set at a time would never end.
    const { sets, commitSet } = scratchSet({ onSet: (items) => (items.includes(0) ? secondHanded.opened : secondHanded.open()) });
    const group = createGroupCommit(database.db, commitSet, { maxBatch: 64, inFlight: 2, overlapAt: 2 });
    const first = group.run(0);
    await turns();
    const positions = await Promise.all([first, group.run(1), group.run(2)]);
    expect(sets).toEqual([[0], [1, 2]]);
    expect(positions.map((p) => p.index).toSorted((a, b) => a - b)).toEqual([start, start + 1, start + 2]);
  });
});
