import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../db/database.js';
import { platformMigrations } from '../migrations/index.js';
import { databaseTargets } from '../testing/databases.js';
import type { Broadcaster, BroadcastMessage, EventLogger } from './broadcaster.js';
import { createInProcessBroadcaster } from './in-process-broadcaster.js';
import { prunePublishedEvents, publishEvent } from './outbox.js';
import { type OutboxRelay, startOutboxRelay } from './outbox-relay.js';

const at = new Date('2026-11-27T02:00:00.000Z');
const logger: EventLogger = { error: vi.fn() };

/** A promise and the function that resolves it (Promise.withResolvers needs Node 22). */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let settle: (() => void) | undefined;
  const promise = new Promise<void>((resolve) => {
    settle = resolve;
  });
  return { promise, resolve: () => settle?.() };
}

describe.each(databaseTargets())('transactional outbox on $name', (target) => {
  let database: Database;
  let broadcaster: Broadcaster;
  let delivered: BroadcastMessage[];
  const relays: OutboxRelay[] = [];

  const start = (pollMs = 20, on: Broadcaster = broadcaster) => {
    const relay = startOutboxRelay({ db: database.db, broadcaster: on, logger, pollMs });
    relays.push(relay);
    return relay;
  };
  const deliveredTopics = () => delivered.map((message) => message.topic);

  beforeAll(async () => {
    database = await target.open(platformMigrations);
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    // Each test starts from an empty outbox (the database itself is shared by the file).
    await database.db.deleteFrom('platform.outbox').execute();
    delivered = [];
    broadcaster = createInProcessBroadcaster(logger);
    broadcaster.subscribe('*', (message) => {
      delivered.push(message);
    });
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    await broadcaster.close();
  });

  it('never delivers an event written in a rolled-back transaction', async () => {
    const relay = start();
    await expect(
      database.db.transaction().execute(async (tx) => {
        await publishEvent(tx, 'test.rolled.back', { n: 1 }, at);
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');
    await database.db.transaction().execute((tx) => publishEvent(tx, 'test.committed', { n: 2 }, at));
    relay.nudge();

    await vi.waitFor(() => expect(deliveredTopics()).toContain('test.committed'));
    await delay(100); // a few more relay passes
    expect(deliveredTopics()).toEqual(['test.committed']);
    expect(delivered[0]).toMatchObject({ payload: { n: 2 }, occurredAt: at.toISOString() });
    const unpublished = await database.db.selectFrom('platform.outbox').select('id').where('published_at', 'is', null).execute();
    expect(unpublished).toEqual([]);
  });

  it('delivers events in commit order, each once', async () => {
    const relay = start();
    for (const topic of ['test.order.first', 'test.order.second', 'test.order.third']) {
      await database.db.transaction().execute(async (tx) => {
        await publishEvent(tx, topic, { topic }, at);
        await publishEvent(tx, `${topic}.again`, { topic }, at);
      });
    }
    relay.nudge();
    await vi.waitFor(() => expect(delivered).toHaveLength(6));
    await delay(100);
    expect(deliveredTopics()).toEqual([
      'test.order.first',
      'test.order.first.again',
      'test.order.second',
      'test.order.second.again',
      'test.order.third',
      'test.order.third.again',
    ]);
    const ids = delivered.map((message) => BigInt(message.id));
    expect(ids.toSorted((a, b) => (a < b ? -1 : 1))).toEqual(ids);
  });

  it('publishes at once when nudged, without waiting for the poll interval', async () => {
    const relay = start(60_000);
    await delay(50); // let the first (empty) pass finish so the relay is asleep
    await database.db.transaction().execute((tx) => publishEvent(tx, 'test.nudged', {}, at));
    const nudgedAt = performance.now();
    relay.nudge();
    await vi.waitFor(() => expect(delivered).toHaveLength(1), { timeout: 2_000, interval: 5 });
    expect(performance.now() - nudgedAt).toBeLessThan(1_000);
  });

  it('keeps relaying when a subscriber throws', async () => {
    broadcaster.subscribe('test.*', () => {
      throw new Error('broken subscriber');
    });
    const relay = start();
    await database.db.transaction().execute(async (tx) => {
      await publishEvent(tx, 'test.one', {}, at);
      await publishEvent(tx, 'test.two', {}, at);
    });
    relay.nudge();
    await vi.waitFor(() => expect(deliveredTopics()).toEqual(['test.one', 'test.two']));
    expect(logger.error).toHaveBeenCalled();
  });

  it('stop() ends the loop; events committed afterwards wait for the next relay', async () => {
    const relay = start();
    await relay.stop();
    await database.db.transaction().execute((tx) => publishEvent(tx, 'test.after.stop', {}, at));
    await delay(100);
    expect(delivered).toEqual([]);
    start().nudge();
    await vi.waitFor(() => expect(deliveredTopics()).toEqual(['test.after.stop']));
  });

  it('prunes only events published before the cut-off', async () => {
    await database.db.transaction().execute(async (tx) => {
      await publishEvent(tx, 'test.old', {}, at);
      await publishEvent(tx, 'test.pending', {}, at);
    });
    await database.db
      .updateTable('platform.outbox')
      .set({ published_at: new Date('2026-01-01T00:00:00Z') })
      .where('topic', '=', 'test.old')
      .execute();
    expect(await prunePublishedEvents(database.db, new Date('2026-06-01T00:00:00Z'))).toBe(1);
    const left = await database.db.selectFrom('platform.outbox').select('topic').execute();
    expect(left.map((row) => row.topic)).toEqual(['test.pending']);
  });

  // PGlite has a single connection, so two open transactions or two relays in parallel need PostgreSQL.
  it.runIf(target.name === 'postgres')(
    'delivers a later id that commits first before the earlier one (commit order, no skipped ids)',
    async () => {
      const relay = start();
      const firstMayCommit = deferred();
      const firstWritten = deferred();
      const first = database.db.transaction().execute(async (tx) => {
        await publishEvent(tx, 'test.slow', {}, at);
        firstWritten.resolve();
        await firstMayCommit.promise;
      });
      await firstWritten.promise;
      await database.db.transaction().execute((tx) => publishEvent(tx, 'test.fast', {}, at));
      relay.nudge();
      await vi.waitFor(() => expect(deliveredTopics()).toEqual(['test.fast']));
      firstMayCommit.resolve();
      await first;
      relay.nudge();
      await vi.waitFor(() => expect(deliveredTopics()).toEqual(['test.fast', 'test.slow']));
      expect(BigInt(delivered[1]?.id ?? 0)).toBeLessThan(BigInt(delivered[0]?.id ?? 0));
    },
  );

  it.runIf(target.name === 'postgres')('two relays running at once deliver each event exactly once', async () => {
    const events = 1_000;
    for (let batch = 0; batch < events / 50; batch++) {
      await database.db.transaction().execute(async (tx) => {
        for (let i = 0; i < 50; i++) await publishEvent(tx, 'test.concurrent', { n: batch * 50 + i }, at);
      });
    }
    // Two "nodes", each with its own broadcaster; a slow publish makes their batches overlap.
    const deliveries = new Map<string, number>();
    const perNode = [0, 0];
    const node = (index: number): Broadcaster => ({
      async publish(message) {
        await delay(1);
        perNode[index] = (perNode[index] ?? 0) + 1;
        deliveries.set(message.id, (deliveries.get(message.id) ?? 0) + 1);
      },
      subscribe: () => () => undefined,
      close: async () => undefined,
    });
    start(10, node(0));
    start(10, node(1));

    await vi.waitFor(
      async () => {
        const left = await database.db.selectFrom('platform.outbox').select('id').where('published_at', 'is', null).execute();
        expect(left).toHaveLength(0);
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(deliveries.size).toBe(events);
    expect([...deliveries.values()].every((count) => count === 1)).toBe(true);
    expect(perNode[0]).toBeGreaterThan(0);
    expect(perNode[1]).toBeGreaterThan(0);
    expect((perNode[0] ?? 0) + (perNode[1] ?? 0)).toBe(events);
  });
});
