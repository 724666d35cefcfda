import { type Kysely, sql } from 'kysely';

/**
 * Modules look up their own signed documents in the audit trail by action and target (the award
 * notice, the evaluation report, public notice verification): without this index each lookup
 * scans the whole log, which only grows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index audit_event_action_target on platform.audit_event (action, target)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index platform.audit_event_action_target`.execute(db);
}
