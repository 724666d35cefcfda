import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create schema if not exists identity;
    create table identity.entity (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('enterprise', 'publicInstitution', 'otherOrganisation', 'naturalPerson')),
      name text not null,
      uscc text unique,
      region_code text,
      created_at timestamptz not null
    );
    create table identity."user" (
      id uuid primary key default gen_random_uuid(),
      username text not null unique,
      display_name text not null,
      password_hash text not null,
      roles text[] not null,
      entity_id uuid references identity.entity (id),
      region_code text,
      status text not null default 'active' check (status in ('active', 'suspended')),
      failed_logins integer not null default 0,
      locked_until timestamptz,
      created_at timestamptz not null
    );
    create table identity.session (
      id text primary key,
      user_id uuid not null references identity."user" (id) on delete cascade,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      ip text
    );
    create index session_by_user on identity.session (user_id);
    create table identity.api_token (
      id uuid primary key default gen_random_uuid(),
      token_hash text not null unique,
      user_id uuid not null references identity."user" (id) on delete cascade,
      name text not null,
      created_at timestamptz not null,
      expires_at timestamptz,
      revoked_at timestamptz
    );
    create index api_token_by_user on identity.api_token (user_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop schema identity cascade`.execute(db);
}
