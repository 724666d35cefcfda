import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create schema if not exists platform;
    create table platform.audit_event (
      id bigserial primary key,
      actor_id uuid,
      actor_name text,
      action text not null,
      target text,
      outcome text not null check (outcome in ('success', 'failure')),
      ip text,
      detail jsonb not null default '{}',
      at timestamptz not null
    );
    create index audit_event_actor_at on platform.audit_event (actor_id, at desc);
    create index audit_event_at on platform.audit_event (at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table platform.audit_event`.execute(db);
}
