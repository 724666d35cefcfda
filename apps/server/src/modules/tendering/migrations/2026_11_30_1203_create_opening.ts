import { type Kysely, sql } from 'kysely';

/**
 * Remote opening (不见面开标), per tender section: the fixed bid count or the failure (流标), the
 * decryption window, each bid's decryption (method, decrypted opening summary), custodian shares
 * in transit (wiped once the opening key is rebuilt), and bidders' confirmations and objections.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tendering.opening (
      tender_id uuid not null references tendering.tender (id),
      section_code text not null,
      status text not null check (status in ('failed', 'decrypting', 'fallback', 'published', 'closed')),
      bid_count integer not null,
      minimum_bidders integer not null,
      failure_reason text,
      window_ends_at timestamptz,
      opened_by uuid not null,
      opened_at timestamptz not null,
      fallback jsonb,
      record jsonb,
      signed_record jsonb,
      closed_at timestamptz,
      primary key (tender_id, section_code)
    );

    create table tendering.opening_bid (
      bid_id uuid primary key references tendering.bid (id),
      tender_id uuid not null,
      section_code text not null,
      bidder_id uuid not null,
      bidder_name text not null,
      received_at timestamptz not null,
      state text not null check (state in ('sealed', 'decrypted', 'deemedRevoked', 'deemedWithdrawn')),
      method text check (method in ('bidderKey', 'custodianFallback')),
      summary jsonb,
      decrypted_at timestamptz,
      cause_reason text,
      foreign key (tender_id, section_code) references tendering.opening (tender_id, section_code)
    );

    create table tendering.opening_share (
      tender_id uuid not null,
      section_code text not null,
      x smallint not null,
      custodian_id uuid not null,
      y text,
      submitted_at timestamptz not null,
      primary key (tender_id, section_code, x),
      foreign key (tender_id, section_code) references tendering.opening (tender_id, section_code)
    );

    create table tendering.opening_response (
      id uuid primary key default gen_random_uuid(),
      tender_id uuid not null,
      section_code text not null,
      bidder_id uuid not null,
      kind text not null check (kind in ('confirm', 'objection')),
      text text,
      created_at timestamptz not null,
      answer text,
      answered_by uuid,
      answered_at timestamptz,
      foreign key (tender_id, section_code) references tendering.opening (tender_id, section_code)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table tendering.opening_response, tendering.opening_share, tendering.opening_bid, tendering.opening`.execute(db);
}
