import { type Kysely, sql } from 'kysely';

/**
 * `GET /evaluations` for a committee member filters in SQL with `members @> '[{"id": <user>}]'`
 * (room.view.ts): a GIN index with jsonb_path_ops answers that containment without reading every
 * evaluation. The committee stays one jsonb value (no member table to keep in step with it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index evaluation_by_member on evaluation.evaluation using gin (members jsonb_path_ops)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index evaluation.evaluation_by_member`.execute(db);
}
