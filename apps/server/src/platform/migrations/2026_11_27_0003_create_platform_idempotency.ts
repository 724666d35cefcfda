import { type Kysely, sql } from 'kysely';

/**
 * Idempotency keys of commands (domain/security.md §7). The primary key (scope, key) is what
 * makes duplicates safe: a second insert of the same pair waits for the first transaction and
 * then conflicts, so one request executes and the others replay its stored response.
 * `status_code` and `response` are filled in the same transaction as the claim, so a committed
 * row always carries a response. Retention is long (the life of a tender or auction), so rows
 * are pruned by age by a job, not by a short TTL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create schema if not exists platform;
    create table platform.idempotency_key (
      scope text not null,
      key text not null,
      request_hash text not null,
      status_code integer,
      response jsonb,
      created_at timestamptz not null,
      primary key (scope, key)
    );
    create index idempotency_key_created_at on platform.idempotency_key (created_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table platform.idempotency_key`.execute(db);
}
