import type { ColumnType, Generated } from 'kysely';
import type { Executor } from '../db/tables.js';
import { assertTopic } from './topic.js';

/**
 * The transactional outbox. A service writes its domain events with `publishEvent(tx, …)` in
 * the same transaction as the change, so an event exists if and only if the change committed;
 * the relay (outbox-relay.ts) then publishes committed rows to the Broadcaster.
 */
export interface OutboxTable {
  id: Generated<string>;
  topic: string;
  /** Written as JSON text (pg would turn a JS array into a PostgreSQL array), read back parsed. */
  payload: ColumnType<unknown, string, never>;
  occurred_at: ColumnType<Date, Date, never>;
  published_at: Date | null;
}

declare module '../db/tables.js' {
  interface Tables {
    'platform.outbox': OutboxTable;
  }
}

/**
 * Records `topic` (dotted lower case, e.g. `identity.user.registered`) with its payload in the
 * caller's transaction. `occurredAt` comes from the service's clock, not from the database, so
 * it is the business instant of the change.
 */
export async function publishEvent(tx: Executor, topic: string, payload: object, occurredAt: Date): Promise<void> {
  assertTopic(topic);
  await tx
    .insertInto('platform.outbox')
    .values({ topic, payload: JSON.stringify(payload), occurred_at: occurredAt })
    .execute();
}

/**
 * Deletes events published before `before`; meant for a daily job. Unpublished rows are never
 * deleted, whatever their age. Returns how many rows went.
 */
export async function prunePublishedEvents(db: Executor, before: Date): Promise<number> {
  const result = await db.deleteFrom('platform.outbox').where('published_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
