import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create schema if not exists files;
    create table files.file (
      key uuid primary key,
      uploader_id uuid not null,
      size bigint not null check (size >= 0),
      sm3 char(64) not null,
      sha256 char(64) not null,
      content_type text,
      file_name text,
      created_at timestamptz not null
    );
    create index file_by_uploader on files.file (uploader_id, created_at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop schema files cascade`.execute(db);
}
