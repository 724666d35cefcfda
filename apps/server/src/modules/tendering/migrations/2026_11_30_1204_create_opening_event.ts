import { type Kysely, sql } from 'kysely';

/**
 * The live opening hall (lifecycles.md §1, §3): the section's own lifecycle status (the tender
 * gains `opening`, `evaluating`, `failed`), the optional per-section opening configuration
 * (check-in lead time, float point), bidders' check-in (签到), the ceiling price and float point
 * steps on the opening, and the hall's numbered public event log (SSE id = seq).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table tendering.tender drop constraint tender_status_check;
    alter table tendering.tender add constraint tender_status_check
      check (status in ('draft', 'pendingReview', 'published', 'suspended', 'cancelled', 'opening', 'evaluating', 'failed'));

    alter table tendering.section
      add column status text not null default 'tendering' check (status in ('tendering', 'opening', 'failed', 'evaluating')),
      add column opening_config jsonb;

    alter table tendering.opening
      add column ceiling_price numeric(18, 2),
      add column ceiling_published_at timestamptz,
      add column float_point_commitment text,
      add column sealed_float_seed text,
      add column float_point jsonb;

    create table tendering.opening_check_in (
      tender_id uuid not null,
      section_code text not null,
      bidder_id uuid not null,
      bidder_name text not null,
      checked_in_at timestamptz not null,
      primary key (tender_id, section_code, bidder_id),
      foreign key (tender_id, section_code) references tendering.section (tender_id, section_code)
    );

    create table tendering.opening_event (
      tender_id uuid not null,
      section_code text not null,
      seq integer not null check (seq >= 1),
      kind text not null,
      payload text not null,
      at timestamptz not null,
      primary key (tender_id, section_code, seq),
      foreign key (tender_id, section_code) references tendering.section (tender_id, section_code)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table tendering.opening_event, tendering.opening_check_in;
    alter table tendering.opening drop column float_point, drop column sealed_float_seed, drop column float_point_commitment, drop column ceiling_published_at, drop column ceiling_price;
    alter table tendering.section drop column opening_config, drop column status;
    alter table tendering.tender drop constraint tender_status_check;
    alter table tendering.tender add constraint tender_status_check check (status in ('draft', 'pendingReview', 'published', 'suspended', 'cancelled'));
  `.execute(db);
}
