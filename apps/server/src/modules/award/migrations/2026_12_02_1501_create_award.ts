import { type Kysely, sql } from 'kysely';

/** Candidate publicity, objections to the result, the award decision, signed notices, failure and re-tender — per tender section. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create schema if not exists award;

    create table award.section_award (
      tender_id uuid not null references tendering.tender (id),
      section_code text not null,
      procedure_type text not null,
      sector text not null check (sector in ('engineering', 'governmentProcurement')),
      order_binds boolean not null,
      state text not null check (state in ('publicity', 'suspended', 'awarded', 'failed', 'retendered')),
      candidates jsonb not null,
      report_sm3 text not null,
      report_log_index bigint,
      report_received_at timestamptz not null,
      publicity_starts_at timestamptz,
      publicity_ends_at timestamptz,
      suspended_at timestamptz,
      passed_over jsonb not null default '[]',
      winner_rank integer,
      notice_id uuid,
      failure_reason text,
      retender_tender_id uuid references tendering.tender (id),
      created_by uuid not null,
      created_at timestamptz not null,
      version integer not null default 1,
      primary key (tender_id, section_code),
      check ((publicity_starts_at is null) = (publicity_ends_at is null))
    );

    create table award.notice (
      id uuid primary key,
      tender_id uuid not null,
      section_code text not null,
      sequence integer not null,
      winner_id uuid not null,
      document jsonb not null,
      status text not null check (status in ('issued', 'revoked')),
      issued_at timestamptz not null,
      revoked_at timestamptz,
      revoke_reason text,
      unique (tender_id, section_code, sequence),
      foreign key (tender_id, section_code) references award.section_award (tender_id, section_code)
    );

    create table award.objection (
      id uuid primary key default gen_random_uuid(),
      tender_id uuid not null,
      section_code text not null,
      objector_id uuid not null,
      objector_name text not null,
      is_bidder boolean not null,
      text text not null,
      raised_at timestamptz not null,
      reply_due timestamptz not null,
      reply text,
      replied_at timestamptz,
      replied_by uuid,
      foreign key (tender_id, section_code) references award.section_award (tender_id, section_code)
    );
    create index objection_open on award.objection (tender_id, section_code) where replied_at is null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table award.objection, award.notice, award.section_award; drop schema award`.execute(db);
}
