import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create schema if not exists portal;
    create table portal.announcement (
      id uuid primary key default gen_random_uuid(),
      title text not null,
      category text not null,
      region_code char(6) not null,
      published_at timestamptz not null,
      url text not null,
      source text not null unique
    );
    create index announcement_latest on portal.announcement (published_at desc);
    create index announcement_category_latest on portal.announcement (category, published_at desc);
    create index announcement_region_latest on portal.announcement (region_code, published_at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop schema portal cascade`.execute(db);
}
