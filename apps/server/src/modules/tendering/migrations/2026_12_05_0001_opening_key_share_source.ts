import { type Kysely, sql } from 'kysely';

/**
 * Where each custodian's key came from, published with the opening key: the serial of the
 * custodian's certificate (platform-issued or bound), or an offline key given at the ceremony.
 * Shares made before this migration were all made to offline keys.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table tendering.opening_key_share
      add column key_source text not null default 'offline' check (key_source in ('platform', 'bound', 'offline')),
      add column certificate_serial text,
      add constraint opening_key_share_serial check ((key_source = 'offline') = (certificate_serial is null))
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table tendering.opening_key_share drop constraint opening_key_share_serial, drop column certificate_serial, drop column key_source`.execute(db);
}
