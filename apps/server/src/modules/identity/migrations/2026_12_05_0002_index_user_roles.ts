import { type Kysely, sql } from 'kysely';

/** Users by role (`roles && array[…]`): the opening-key custodian candidates (agency, supervisor, centre staff, platform). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index user_by_role on identity."user" using gin (roles)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index identity.user_by_role`.execute(db);
}
