import { type Kysely, sql } from 'kysely';

/** Platform signing keys (CA, log checkpoints), private parts sealed with the key-encryption key. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table platform.key (
      name text primary key,
      algorithm text not null,
      public_key text not null,
      sealed_private_key text not null,
      created_at timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table platform.key`.execute(db);
}
