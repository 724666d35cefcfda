import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/tables.js';
import { createStreamHub, type StreamHub } from '../../platform/events/stream-hub.js';
import type { EventBus, PlatformDeps } from '../../platform/module.js';
import type { OpeningEventKind } from './domain/opening-hall.js';
import './tendering.tables.js';

/**
 * The opening hall's event log (lifecycles.md §3, "shown live to all"): one numbered stream per
 * tender section, written in the transaction of each opening step, read by the SSE hub. Every
 * writer holds the tender row lock (lockTender), so seq = max + 1 has no gaps and commits in order.
 */

/** The hub's stream key of a section. */
export const openingStreamKey = (tenderId: string, sectionCode: string) => `${tenderId}/${sectionCode}`;

/** The outbox topic of a section's hall (one subscription per watched section per process). */
export const openingTopic = (key: string) => {
  const [tenderId = '', sectionCode = ''] = key.split('/');
  return `tendering.opening.${tenderId}.${sectionCode.toLowerCase()}`;
};

/**
 * Appends one event to the section's hall (caller holds the tender lock) and tells the other
 * nodes through the outbox. `data` must be public: before the record is published it never holds
 * a price or other opened content.
 */
export async function appendOpeningEvent(tx: Tx, events: Pick<EventBus, 'publish'>, input: { tenderId: string; sectionCode: string; kind: OpeningEventKind; at: Date; data: Record<string, unknown> }): Promise<number> {
  const last = await tx
    .selectFrom('tendering.opening_event')
    .select(sql<number>`coalesce(max(seq), 0)`.as('seq'))
    .where('tender_id', '=', input.tenderId)
    .where('section_code', '=', input.sectionCode)
    .executeTakeFirstOrThrow();
  const seq = Number(last.seq) + 1;
  // The envelope last: a step's data can never overwrite seq or kind.
  const payload = JSON.stringify({ ...input.data, seq, kind: input.kind, at: input.at.toISOString(), tenderId: input.tenderId, sectionCode: input.sectionCode });
  await tx.insertInto('tendering.opening_event').values({ tender_id: input.tenderId, section_code: input.sectionCode, seq, kind: input.kind, payload, at: input.at }).execute();
  const key = openingStreamKey(input.tenderId, input.sectionCode);
  await events.publish(tx, openingTopic(key), { tenderId: input.tenderId, sectionCode: input.sectionCode, seq });
  return seq;
}

export function openingEventsAfter(db: Executor, key: string, afterSeq: number, limit: number) {
  const [tenderId = '', sectionCode = ''] = key.split('/');
  return db
    .selectFrom('tendering.opening_event')
    .select(['seq', 'payload'])
    .where('tender_id', '=', tenderId)
    .where('section_code', '=', sectionCode)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export type OpeningHub = StreamHub;

export function createOpeningHub(deps: Pick<PlatformDeps, 'db' | 'events' | 'clock' | 'logger'>, options: { heartbeatMs?: number } = {}): OpeningHub {
  return createStreamHub({ name: 'opening hall', db: deps.db, events: deps.events, now: () => deps.clock.now(), logger: deps.logger, topicOf: openingTopic, eventsAfter: openingEventsAfter, ...options });
}
