import { type Kysely, sql } from 'kysely';

/**
 * A draw serves one tender section: it records the tender id and section code it was drawn for,
 * and the evaluation of another section refuses it. Draws made before this migration keep both
 * null (their section was only free text in `reference`) and cannot seat a committee any more.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table evaluation.draw
      add column tender_id uuid,
      add column section_code text,
      add constraint draw_section_both_or_neither check ((tender_id is null) = (section_code is null));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table evaluation.draw drop constraint draw_section_both_or_neither, drop column section_code, drop column tender_id`.execute(db);
}
