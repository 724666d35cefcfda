import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import type { SseSink } from '../../platform/events/stream-hub.js';
import type { EventBus } from '../../platform/module.js';
import { databaseTargets } from '../../platform/testing/databases.js';
import { allMigrations } from '../../platform.js';
import { appendOpeningEvent, createOpeningHub, type OpeningHub, openingStreamKey, openingTopic } from './opening-events.js';
import { lockTender } from './tendering.repository.js';

const SECTION = '520115-2026-0001-000001';

/** A bus that records publications; the test delivers nothing (the hub is poked directly). */
function recordingBus() {
  const published: Array<{ topic: string; payload: object }> = [];
  const bus: EventBus = {
    publish: async (_tx, topic, payload) => {
      published.push({ topic, payload });
    },
    subscribe: () => () => {},
  };
  return { bus, published };
}

/** Collects the ids of the frames a watcher receives. */
function collector() {
  const ids: number[] = [];
  let buffer = '';
  const sink: SseSink = {
    write: (chunk) => {
      buffer += chunk.toString('utf8');
      for (const match of buffer.matchAll(/^id: (\d+)$/gm)) ids.push(Number(match[1]));
      buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2);
      return true;
    },
    backlog: () => 0,
    close: () => {},
  };
  return { ids, sink };
}

describe.each(databaseTargets())('opening hall event log on $name', (target) => {
  let database: Database;
  let hub: OpeningHub;
  const bus = recordingBus();
  let tenderId: string;

  beforeAll(async () => {
    database = await target.open(allMigrations(), { poolSize: 8 });
    const db = database.db;
    const tender = await db
      .insertInto('tendering.tender')
      .values({ procedure_type: 'engineeringOpen', title: '事件日志测试', region_code: '520115', announcement: '—', status: 'published', owner_id: randomUUID(), owner_name: '招标人', documents_issued_at: null, bid_deadline: new Date('2026-12-18T01:30:00Z'), review_reason: null, reviewed_by: null, published_at: null, suspended_at: null, created_at: new Date() })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    tenderId = tender.id;
    await db.insertInto('tendering.section').values({ tender_id: tenderId, section_code: SECTION, name: '施工', estimated_amount: '1.00', ceiling_price: '1.00', security_kind: 'none', security_amount: '0.00' }).execute();
    hub = createOpeningHub({ db, events: bus.bus, clock: { now: () => new Date() }, logger: { error: () => {} } as never }, { heartbeatMs: 60_000 });
  });
  afterAll(async () => {
    await hub?.close();
    await database?.close();
  });

  const append = (n: number) =>
    database.db.transaction().execute(async (tx) => {
      await lockTender(tx, tenderId);
      return appendOpeningEvent(tx, bus.bus, { tenderId, sectionCode: SECTION, kind: 'checkedIn', at: new Date(), data: { n, kind: 'not the envelope' } });
    });

  it('numbers concurrent steps 1..n without gaps under the tender lock, and tells the outbox', async () => {
    const seqs = await Promise.all(Array.from({ length: 20 }, (_, n) => append(n)));
    expect(seqs.toSorted((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, k) => k + 1));
    const rows = await database.db.selectFrom('tendering.opening_event').select(['seq', 'payload']).where('tender_id', '=', tenderId).orderBy('seq').execute();
    // The envelope wins over a step's data.
    expect(rows.map((r) => (JSON.parse(r.payload) as { seq: number; kind: string }).kind)).toEqual(Array.from({ length: 20 }, () => 'checkedIn'));
    expect(rows.map((r) => (JSON.parse(r.payload) as { seq: number }).seq)).toEqual(rows.map((r) => r.seq));
    expect(bus.published.filter((p) => p.topic === openingTopic(openingStreamKey(tenderId, SECTION)))).toHaveLength(20);
    expect(openingTopic(openingStreamKey(tenderId, SECTION))).toBe(`tendering.opening.${tenderId}.${SECTION}`);
  });

  it('replays after Last-Event-ID exactly, then delivers live once poked', async () => {
    const key = openingStreamKey(tenderId, SECTION);
    const late = collector();
    const detach = await hub.attach(key, late.sink, 15);
    expect(late.ids).toEqual([16, 17, 18, 19, 20]);
    await append(20);
    await append(21);
    hub.poke(key);
    const fresh = collector();
    // attach waits for the channel's queued catch-up, so the poke's work is done when it returns.
    const detachFresh = await hub.attach(key, fresh.sink, 0);
    expect(late.ids).toEqual([16, 17, 18, 19, 20, 21, 22]);
    expect(fresh.ids).toEqual(Array.from({ length: 22 }, (_, k) => k + 1));
    detach();
    detachFresh();
  });
});
