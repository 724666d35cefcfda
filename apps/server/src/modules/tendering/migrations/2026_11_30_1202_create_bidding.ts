import { type Kysely, sql } from 'kysely';

/**
 * Sealed bids: the per-tender opening key (public part and custodians' wrapped shares only),
 * resumable chunked uploads, and committed bid envelopes — ciphertext and wrapped keys only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tendering.opening_key (
      tender_id uuid primary key references tendering.tender (id),
      public_key text not null,
      threshold smallint not null check (threshold >= 2),
      custodian_count smallint not null check (custodian_count >= threshold),
      created_by uuid not null,
      created_at timestamptz not null
    );

    create table tendering.opening_key_share (
      tender_id uuid not null references tendering.opening_key (tender_id),
      x smallint not null,
      custodian_id uuid not null,
      custodian_public_key text not null,
      wrapped_share text not null,
      primary key (tender_id, x),
      unique (tender_id, custodian_id)
    );

    create table tendering.bid_upload (
      id uuid primary key default gen_random_uuid(),
      tender_id uuid not null references tendering.tender (id),
      section_code text not null,
      bidder_id uuid not null,
      chunk_size integer not null,
      max_chunks integer not null,
      status text not null check (status in ('open', 'committed')),
      created_at timestamptz not null
    );

    create table tendering.bid_chunk (
      upload_id uuid not null references tendering.bid_upload (id),
      index integer not null check (index >= 0),
      file_key text not null,
      size integer not null,
      sm3 text not null check (sm3 ~ '^[0-9a-f]{64}$'),
      sealed_magic boolean not null,
      received_at timestamptz not null,
      primary key (upload_id, index)
    );

    create table tendering.bid (
      id uuid primary key default gen_random_uuid(),
      tender_id uuid not null references tendering.tender (id),
      section_code text not null,
      bidder_id uuid not null,
      version integer not null check (version >= 1),
      status text not null check (status in ('submitted', 'superseded', 'withdrawn')),
      upload_id uuid not null references tendering.bid_upload (id),
      size bigint not null,
      chunk_count integer not null,
      package_sm3 text not null,
      summary bytea not null,
      summary_sm3 text not null,
      key_commitment text not null,
      wrapped_key_bidder text not null,
      wrapped_key_opening text not null,
      manifest jsonb not null,
      signature text not null,
      certificate_serial text not null,
      received_at timestamptz not null,
      withdrawn_at timestamptz,
      unique (tender_id, section_code, bidder_id, version)
    );
    create index bid_live on tendering.bid (tender_id, section_code) where status = 'submitted';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table tendering.bid, tendering.bid_chunk, tendering.bid_upload, tendering.opening_key_share, tendering.opening_key`.execute(db);
}
