import { type Kysely, sql } from 'kysely';

/**
 * The transactional outbox: services write domain events here in the same transaction as the
 * change they describe, and the relay (events/outbox-relay.ts) publishes them afterwards. The
 * partial index keeps the relay's "what is still unpublished?" scan small however long the
 * published history grows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create schema if not exists platform;
    create table platform.outbox (
      id bigserial primary key,
      topic text not null,
      payload jsonb not null,
      occurred_at timestamptz not null,
      published_at timestamptz
    );
    create index outbox_unpublished on platform.outbox (id) where published_at is null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table platform.outbox`.execute(db);
}
