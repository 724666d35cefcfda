import { type Kysely, sql } from 'kysely';

/**
 * Project entry (入场登记), unified codes (统一赋码), the must-trade catalogue, the lifecycle
 * timeline across departments and its alerts. Codes are unique and immutable (triggers refuse a
 * change); counters hand out serials under a row lock in the registering transaction, so they
 * have no gaps and are never reused.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create schema if not exists project;

    create table project.catalogue_version (
      version integer primary key,
      effective_from date not null,
      reason text not null check (length(reason) > 0),
      entry_deadline_working_days integer not null check (entry_deadline_working_days between 1 and 120),
      entries jsonb not null,
      created_by uuid,
      created_at timestamptz not null
    );

    create table project.code_counter (
      scope text primary key,
      last_value bigint not null check (last_value > 0)
    );

    create table project.project (
      id uuid primary key default gen_random_uuid(),
      project_code text not null unique check (length(project_code) = 17),
      code_scheme text not null,
      invest_project_code text check (invest_project_code is null or length(invest_project_code) = 24),
      name text not null,
      region_code text not null check (region_code ~ '^\\d{6}$'),
      industry_code text not null,
      category text not null,
      contract_kind text,
      funding_source text not null,
      estimated_amount numeric(18, 2) not null check (estimated_amount >= 0),
      approval_kind text not null,
      approval_document_number text not null,
      approval_authority text not null,
      approval_date date not null,
      tenderer_name text not null,
      registered_by uuid not null,
      registered_by_name text not null,
      status text not null check (status in ('pending', 'returned', 'accepted')),
      return_reasons jsonb,
      must_enter boolean not null,
      must_enter_decision jsonb not null,
      catalogue_version integer not null references project.catalogue_version (version),
      submitted_at timestamptz not null,
      first_submitted_at timestamptz not null,
      reviewed_at timestamptz,
      reviewed_by uuid,
      created_at timestamptz not null
    );
    create index project_by_invest_code on project.project (invest_project_code) where invest_project_code is not null;
    create index project_by_status on project.project (status, submitted_at);
    create index project_by_registrant on project.project (registered_by, created_at desc);

    create table project.tender_project (
      id uuid primary key default gen_random_uuid(),
      project_id uuid not null references project.project (id),
      tender_project_code text not null unique check (length(tender_project_code) = 20),
      sequence smallint not null check (sequence between 1 and 99),
      name text not null,
      created_at timestamptz not null,
      unique (project_id, sequence)
    );

    create table project.section (
      id uuid primary key default gen_random_uuid(),
      project_id uuid not null references project.project (id),
      tender_project_id uuid not null references project.tender_project (id),
      section_code text not null unique check (length(section_code) = 23),
      sequence smallint not null check (sequence between 1 and 99),
      name text not null,
      estimated_amount numeric(18, 2) not null check (estimated_amount >= 0),
      round smallint not null check (round between 1 and 9),
      deal_code text not null unique check (length(deal_code) = 40),
      withdrawn_at timestamptz,
      created_at timestamptz not null,
      unique (tender_project_id, sequence)
    );
    create index section_by_project on project.section (project_id, sequence);

    -- Every deal code ever assigned (a re-tender adds one per round): never reused.
    create table project.deal_code (
      deal_code text primary key check (length(deal_code) = 40),
      section_id uuid not null references project.section (id),
      round smallint not null,
      assigned_at timestamptz not null
    );

    create function project.refuse_code_change() returns trigger language plpgsql as $$
    begin
      raise exception 'codes are immutable (%.%)', tg_table_name, tg_argv[0];
    end $$;
    create trigger project_code_immutable before update of project_code on project.project
      for each row when (old.project_code is distinct from new.project_code) execute function project.refuse_code_change('project_code');
    create trigger tender_project_code_immutable before update of tender_project_code on project.tender_project
      for each row when (old.tender_project_code is distinct from new.tender_project_code) execute function project.refuse_code_change('tender_project_code');
    create trigger section_code_immutable before update of section_code on project.section
      for each row when (old.section_code is distinct from new.section_code) execute function project.refuse_code_change('section_code');

    create table project.department_client (
      id uuid primary key default gen_random_uuid(),
      username text not null,
      department_code text not null,
      department_kind text not null,
      department_name text not null,
      region_code text not null,
      created_by uuid not null,
      created_at timestamptz not null,
      revoked_at timestamptz
    );
    create unique index department_client_active on project.department_client (username) where revoked_at is null;

    create table project.lifecycle_event (
      id uuid primary key default gen_random_uuid(),
      dossier_key text not null,
      invest_project_code text,
      project_id uuid references project.project (id),
      project_code text,
      section_code text,
      deal_code text,
      stage text not null,
      kind text not null,
      title text not null,
      occurred_on date not null,
      amount numeric(18, 2),
      document_number text,
      source text not null check (source in ('platform', 'department', 'manual')),
      department_code text,
      department_name text,
      region_code text,
      recorded_by uuid,
      recorded_by_name text,
      evidence_file_keys jsonb not null default '[]',
      detail jsonb not null default '{}',
      resolved boolean not null,
      unresolved_reason text,
      unresolved_code text,
      recorded_at timestamptz not null
    );
    create index lifecycle_event_by_dossier on project.lifecycle_event (dossier_key, occurred_on);
    create index lifecycle_event_by_project on project.lifecycle_event (project_id, occurred_on) where project_id is not null;
    create index lifecycle_event_approvals on project.lifecycle_event (stage, dossier_key) where stage = 'approval';

    create table project.lifecycle_alert (
      id uuid primary key default gen_random_uuid(),
      dossier_key text not null,
      kind text not null,
      subject text not null,
      level text not null check (level in ('red', 'yellow')),
      project_id uuid references project.project (id),
      invest_project_code text,
      project_name text,
      region_code text,
      department_code text,
      department_name text,
      reason jsonb not null,
      evidence jsonb not null,
      raised_at timestamptz not null,
      updated_at timestamptz not null,
      resolved_at timestamptz
    );
    create unique index lifecycle_alert_open on project.lifecycle_alert (dossier_key, kind, subject) where resolved_at is null;
    create index lifecycle_alert_open_by_region on project.lifecycle_alert (region_code) where resolved_at is null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop schema project cascade`.execute(db);
}
