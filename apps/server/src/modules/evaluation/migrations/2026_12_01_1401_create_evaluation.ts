import { type Kysely, sql } from 'kysely';

/**
 * Expert registry (评标专家库) and expert draws (专家抽取). A draw keeps its seed and panel
 * sealed (SM4 + HMAC-SM3 with the panel key of the key store) until it is unsealed; the seed
 * commitment and the candidate-list hash are public from the start.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create schema if not exists evaluation;

    create table evaluation.expert (
      id uuid primary key default gen_random_uuid(),
      user_id uuid unique,
      name text not null check (length(name) > 0),
      title text not null,
      years_of_practice integer not null check (years_of_practice >= 0),
      employer jsonb not null,
      region_code text not null check (region_code ~ '^\\d{6}$'),
      specialties jsonb not null,
      related_orgs jsonb not null,
      departments jsonb not null,
      unavailable_dates jsonb not null,
      status text not null check (status in ('pending', 'approved', 'rejected')),
      review_reason text,
      suspended_until date,
      penalised boolean not null default false,
      credit_notes jsonb not null default '[]',
      last_drawn_on date,
      registered_by uuid not null,
      reviewed_by uuid,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index expert_by_status on evaluation.expert (status, created_at);

    create table evaluation.draw (
      id uuid primary key default gen_random_uuid(),
      reference text not null check (length(reference) > 0),
      evaluation_date date not null,
      request jsonb not null,
      avoidance jsonb not null,
      representatives integer not null check (representatives >= 0),
      status text not null check (status in ('committed', 'sealed', 'unsealed')),
      seed_commitment text not null check (seed_commitment ~ '^[0-9a-f]{64}$'),
      candidate_hash text not null check (candidate_hash ~ '^[0-9a-f]{64}$'),
      candidates jsonb not null,
      excluded jsonb not null,
      sealed_seed text not null,
      sealed_panel text,
      slots jsonb not null,
      revealed_seed text,
      revealed_panel jsonb,
      created_by uuid not null,
      created_at timestamptz not null,
      unsealed_at timestamptz
    );
    create index draw_by_created on evaluation.draw (created_at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop schema if exists evaluation cascade`.execute(db);
}
