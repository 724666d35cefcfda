import { type Kysely, sql } from 'kysely';

/** Tenders (招标公告/投标邀请), their sections, confidential document registrations, clarifications, objections. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create schema if not exists tendering;

    create table tendering.tender (
      id uuid primary key default gen_random_uuid(),
      procedure_type text not null,
      title text not null check (length(title) between 2 and 600),
      region_code text not null check (region_code ~ '^\\d{6}$'),
      announcement text not null,
      status text not null check (status in ('draft', 'pendingReview', 'published', 'suspended', 'cancelled')),
      owner_id uuid not null,
      owner_name text not null,
      documents_issued_at timestamptz,
      bid_deadline timestamptz not null,
      review_reason text,
      reviewed_by uuid,
      published_at timestamptz,
      suspended_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null
    );
    create index tender_by_owner on tendering.tender (owner_id, created_at desc);
    create index tender_by_status on tendering.tender (status, created_at);

    create table tendering.section (
      id uuid primary key default gen_random_uuid(),
      tender_id uuid not null references tendering.tender (id),
      section_code text not null check (length(section_code) = 23),
      name text not null,
      estimated_amount numeric(18, 2) not null check (estimated_amount >= 0),
      ceiling_price numeric(18, 2) not null check (ceiling_price >= 0),
      security_kind text not null check (security_kind in ('none', 'cashDeposit', 'electronicGuarantee')),
      security_amount numeric(18, 2) not null check (security_amount >= 0),
      unique (tender_id, section_code)
    );

    create table tendering.document_registration (
      tender_id uuid not null references tendering.tender (id),
      bidder_id uuid not null,
      bidder_name text not null,
      registered_at timestamptz not null,
      primary key (tender_id, bidder_id)
    );

    create table tendering.clarification (
      id uuid primary key default gen_random_uuid(),
      tender_id uuid not null references tendering.tender (id),
      text text not null,
      substantive boolean not null,
      issued_at timestamptz not null,
      deadline_before timestamptz not null,
      deadline_after timestamptz not null
    );
    create index clarification_by_tender on tendering.clarification (tender_id, issued_at);

    create table tendering.objection (
      id uuid primary key default gen_random_uuid(),
      tender_id uuid not null references tendering.tender (id),
      bidder_id uuid not null,
      text text not null,
      raised_at timestamptz not null,
      reply_due timestamptz not null,
      replied_at timestamptz,
      reply text
    );
    create index objection_open on tendering.objection (tender_id) where replied_at is null;

    create table tendering.notification (
      id uuid primary key default gen_random_uuid(),
      recipient_id uuid not null,
      tender_id uuid not null references tendering.tender (id),
      kind text not null,
      message text not null,
      created_at timestamptz not null
    );
    create index notification_by_recipient on tendering.notification (recipient_id, created_at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop schema tendering cascade`.execute(db);
}
