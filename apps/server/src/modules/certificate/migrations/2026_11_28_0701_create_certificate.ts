import { type Kysely, sql } from 'kysely';

/** The platform CA: its roots, issued certificates, recognised foreign roots, bindings and challenges. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create schema if not exists certificate;
    create table certificate.authority (
      ca text primary key check (ca in ('sm2', 'p256')),
      certificate_der bytea not null,
      fingerprint text not null unique,
      created_at timestamptz not null
    );
    create table certificate.issued (
      id bigint generated always as identity unique,
      serial text primary key,
      ca text not null check (ca in ('sm2', 'p256')),
      user_id uuid not null references identity."user" (id),
      purpose text not null check (purpose in ('signing', 'encryption')),
      algorithm text not null,
      subject text not null,
      fingerprint text not null unique,
      certificate_der bytea not null,
      not_before timestamptz not null,
      not_after timestamptz not null,
      issued_at timestamptz not null,
      revoked_at timestamptz,
      revocation_reason text,
      revoked_by uuid,
      check ((revoked_at is null) = (revocation_reason is null))
    );
    create index issued_by_user on certificate.issued (user_id, id desc);
    create index issued_revoked_by_ca on certificate.issued (ca, revoked_at) where revoked_at is not null;
    create table certificate.trusted_root (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      subject text not null,
      algorithm text not null,
      fingerprint text not null,
      certificate_der bytea not null,
      not_before timestamptz not null,
      not_after timestamptz not null,
      added_by uuid not null,
      added_at timestamptz not null,
      removed_by uuid,
      removed_at timestamptz
    );
    create unique index trusted_root_active_fingerprint on certificate.trusted_root (fingerprint) where removed_at is null;
    create table certificate.trust_state (
      id smallint primary key check (id = 1),
      generation bigint not null
    );
    insert into certificate.trust_state (id, generation) values (1, 0);
    create table certificate.binding (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references identity."user" (id) on delete cascade,
      fingerprint text not null,
      subject text not null,
      issuer text not null,
      serial text not null,
      certificate_der bytea not null,
      not_after timestamptz not null,
      created_at timestamptz not null,
      removed_at timestamptz
    );
    create unique index binding_active_fingerprint on certificate.binding (fingerprint) where removed_at is null;
    create index binding_by_user on certificate.binding (user_id) where removed_at is null;
    create table certificate.challenge (
      nonce text primary key,
      purpose text not null check (purpose in ('login', 'bind')),
      expires_at timestamptz not null,
      created_at timestamptz not null
    );
    create index challenge_by_expiry on certificate.challenge (expires_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop schema certificate cascade`.execute(db);
}
