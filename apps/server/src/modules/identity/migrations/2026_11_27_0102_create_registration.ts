import { type Kysely, sql } from 'kysely';

/**
 * Unified registration (统一注册): entities are reviewed before their accounts work; profiles
 * are versioned; citizen ids are stored sealed (SM4) with a keyed hash for uniqueness and a
 * masked copy for display; TOTP second factors and the login challenges that carry them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table identity.entity
      add column status text not null default 'approved' check (status in ('pending', 'approved', 'rejected')),
      add column citizen_id_sealed text,
      add column citizen_id_hash text unique,
      add column citizen_id_masked text,
      add column profile_version integer not null default 0;

    alter table identity."user" drop constraint user_status_check;
    alter table identity."user" add constraint user_status_check check (status in ('pending', 'active', 'suspended', 'rejected'));
    alter table identity."user"
      add column totp_secret_sealed text,
      add column totp_algorithm text,
      add column totp_last_step bigint,
      add column phone text,
      add column email text;

    create table identity.entity_profile (
      entity_id uuid not null references identity.entity (id),
      version integer not null,
      profile jsonb not null,
      changed_by uuid,
      changed_at timestamptz not null,
      primary key (entity_id, version)
    );

    create table identity.qualification (
      id uuid primary key default gen_random_uuid(),
      entity_id uuid not null references identity.entity (id),
      type text not null,
      level text,
      certificate_no text not null,
      issuer text not null,
      valid_from date,
      valid_until date,
      created_at timestamptz not null,
      unique (entity_id, type, certificate_no)
    );
    create index qualification_expiry on identity.qualification (valid_until);

    create table identity.registration (
      id uuid primary key default gen_random_uuid(),
      entity_id uuid not null references identity.entity (id),
      user_id uuid not null references identity."user" (id),
      status text not null check (status in ('pending', 'approved', 'rejected')),
      submitted_at timestamptz not null,
      reviewed_by uuid,
      reviewed_at timestamptz,
      reason text
    );
    create index registration_queue on identity.registration (status, submitted_at);

    create table identity.login_challenge (
      id text primary key,
      user_id uuid not null references identity."user" (id) on delete cascade,
      purpose text not null check (purpose in ('verify', 'enroll')),
      pending_secret_sealed text,
      attempts integer not null default 0,
      expires_at timestamptz not null
    );
    create index login_challenge_user on identity.login_challenge (user_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table identity.login_challenge, identity.registration, identity.qualification, identity.entity_profile;
    alter table identity."user" drop column totp_secret_sealed, drop column totp_algorithm, drop column totp_last_step, drop column phone, drop column email;
    alter table identity.entity drop column status, drop column citizen_id_sealed, drop column citizen_id_hash, drop column citizen_id_masked, drop column profile_version;
  `.execute(db);
}
