import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { platformMigrations } from '../migrations/index.js';
import type { BroadcastMessage, EventLogger } from './broadcaster.js';
import { createNatsBroadcaster, type NatsBroadcaster } from './nats-broadcaster.js';
import { publishEvent } from './outbox.js';
import { startOutboxRelay } from './outbox-relay.js';

const natsUrl = process.env.NATS_URL;

const message = (topic: string, n: number): BroadcastMessage => ({
  id: String(n),
  topic,
  payload: { n, text: '招标公告' },
  occurredAt: '2026-11-27T02:00:00.000Z',
});

describe.skipIf(!natsUrl)('NATS broadcaster (skipped unless NATS_URL is set, e.g. NATS_URL=nats://127.0.0.1:4222)', () => {
  // A fresh root per run, so other runs or other users of the same NATS server do not interfere.
  const root = `test_${randomBytes(4).toString('hex')}`;
  const logger: EventLogger = { error: vi.fn() };
  let nodeA: NatsBroadcaster;
  let nodeB: NatsBroadcaster;

  /** Keeps only this run's messages: `*` also sees whatever else is published on the server. */
  const collector = () => {
    const seen: BroadcastMessage[] = [];
    const handler = (received: BroadcastMessage) => {
      if (received.topic.startsWith(`${root}.`)) seen.push(received);
    };
    return { seen, handler, topics: () => seen.map((received) => received.topic) };
  };

  beforeAll(async () => {
    nodeA = await createNatsBroadcaster(natsUrl ?? '', { logger, connectionName: 'ggzy-test-a' });
    nodeB = await createNatsBroadcaster(natsUrl ?? '', { logger, connectionName: 'ggzy-test-b' });
  });
  afterAll(async () => {
    await nodeA?.close();
    await nodeB?.close();
  });

  it('delivers a published message to the matching subscriptions of both nodes', async () => {
    const onA = collector();
    const onB = collector();
    nodeA.subscribe(`${root}.tender.*`, onA.handler);
    nodeB.subscribe(`${root}.tender.*`, onB.handler);
    await Promise.all([nodeA.flush(), nodeB.flush()]);

    await nodeA.publish(message(`${root}.tender.published`, 1));
    await nodeA.publish(message(`${root}.auction.bid`, 2));

    await vi.waitFor(() => {
      expect(onA.topics()).toEqual([`${root}.tender.published`]);
      expect(onB.topics()).toEqual([`${root}.tender.published`]);
    });
    expect(onB.seen[0]).toEqual(message(`${root}.tender.published`, 1));
  });

  it('matches exact topics, prefixes at any depth, and `*`, in publish order', async () => {
    const exact = collector();
    const prefix = collector();
    const all = collector();
    nodeB.subscribe(`${root}.bid.submitted`, exact.handler);
    nodeB.subscribe(`${root}.*`, prefix.handler);
    nodeB.subscribe('*', all.handler);
    await nodeB.flush();

    const topics = [`${root}.bid.submitted`, `${root}.bid.submitted.late`, `${root}.bid`, `${root}x.other`];
    for (const [n, topic] of topics.entries()) await nodeA.publish(message(topic, n));
    // `${root}x.other` is outside the run's root, so the collectors drop it even for `*`.
    await vi.waitFor(() => expect(all.topics()).toHaveLength(3));
    await delay(50);

    expect(exact.topics()).toEqual([`${root}.bid.submitted`]);
    expect(prefix.topics()).toEqual([`${root}.bid.submitted`, `${root}.bid.submitted.late`, `${root}.bid`]);
    expect(all.topics()).toEqual(prefix.topics());
  });

  it('stops delivering after unsubscribe, and a throwing handler does not stop the others', async () => {
    const kept = collector();
    const dropped = collector();
    nodeB.subscribe(`${root}.notice.*`, () => {
      throw new Error('broken subscriber');
    });
    nodeB.subscribe(`${root}.notice.*`, kept.handler);
    const unsubscribe = nodeB.subscribe(`${root}.notice.*`, dropped.handler);
    await nodeB.flush();

    await nodeA.publish(message(`${root}.notice.one`, 1));
    await vi.waitFor(() => expect(dropped.seen).toHaveLength(1));
    unsubscribe();
    await nodeB.flush();
    await nodeA.publish(message(`${root}.notice.two`, 2));

    await vi.waitFor(() => expect(kept.topics()).toEqual([`${root}.notice.one`, `${root}.notice.two`]));
    expect(dropped.topics()).toEqual([`${root}.notice.one`]);
    expect(logger.error).toHaveBeenCalled();
  });

  it("carries outbox events from one node's relay to another node's subscribers", async () => {
    const database = await openDatabase({ kind: 'memory' });
    try {
      await migrateToLatest(database.db, platformMigrations);
      const onB = collector();
      nodeB.subscribe(`${root}.relay.*`, onB.handler);
      await nodeB.flush();
      const relay = startOutboxRelay({ db: database.db, broadcaster: nodeA, logger });
      await database.db.transaction().execute(async (tx) => {
        await publishEvent(tx, `${root}.relay.first`, { n: 1 }, new Date('2026-11-27T02:00:00Z'));
        await publishEvent(tx, `${root}.relay.second`, { n: 2 }, new Date('2026-11-27T02:00:01Z'));
      });
      relay.nudge();
      await vi.waitFor(() => expect(onB.topics()).toEqual([`${root}.relay.first`, `${root}.relay.second`]));
      expect(onB.seen[1]).toMatchObject({ payload: { n: 2 }, occurredAt: '2026-11-27T02:00:01.000Z' });
      await relay.stop();
    } finally {
      await database.close();
    }
  });
});
