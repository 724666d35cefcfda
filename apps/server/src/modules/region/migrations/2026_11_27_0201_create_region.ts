import { readFileSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';

/** Reference data, not demo data: every instance needs the province's division codes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create schema if not exists region;
    create table region.region (
      code char(6) primary key,
      name text not null,
      level text not null check (level in ('province', 'prefecture', 'county')),
      parent_code char(6) references region.region (code)
    );
    create index region_parent on region.region (parent_code);
  `.execute(db);
  const rows = readFileSync(new URL('../data/guizhou-regions.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const values = rows.map((line) => {
    const [code = '', name = '', level = '', parent = ''] = line.split(',');
    return sql`(${code}, ${name}, ${level}, ${parent || null})`;
  });
  await sql`insert into region.region (code, name, level, parent_code) values ${sql.join(values)}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop schema region cascade`.execute(db);
}
