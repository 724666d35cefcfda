import { type Kysely, sql } from 'kysely';

/** The participants' view lists every objection of a section in order, answered ones included: the partial index on open objections cannot serve it. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index award.objection_open;
    create index objection_by_section on award.objection (tender_id, section_code, raised_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index award.objection_by_section;
    create index objection_open on award.objection (tender_id, section_code) where replied_at is null;
  `.execute(db);
}
