import { type Kysely, sql } from 'kysely';

/** Decryption progress, the float-point drawer check and the award's bidder list read an opening's bids by section (and bidder). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index opening_bid_by_section on tendering.opening_bid (tender_id, section_code, bidder_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index tendering.opening_bid_by_section`.execute(db);
}
