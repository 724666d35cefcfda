import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from '../db/database.js';
import { type MigrationSet, migrateToLatest } from '../db/migrator.js';
import type { Tables } from '../db/tables.js';

/**
 * "Each available database target" for `*.medium.spec.ts`:
 *
 *   describe.each(databaseTargets())('tender repository on $name', (target) => {
 *     let database: Database;
 *     beforeAll(async () => { database = await target.open(allMigrations); });
 *     afterAll(() => database.close());
 *   });
 *
 * - `pglite` always: a fresh in-memory PGlite per open(), migrated.
 * - `postgres` when TEST_DATABASE_URL is set. Creating a database per test is slow, so each
 *   open() wipes and re-migrates a database instead: every schema except `public` and the
 *   system ones (so `platform`, `pgboss` and every module's schema) is dropped, then the given
 *   migrations run. To keep test files that vitest runs in parallel from wiping each other's
 *   tables, each vitest worker gets its own database, `<TEST_DATABASE_URL's name>_w<VITEST_POOL_ID>`,
 *   created on first use and reused by later runs (drop them with the base database when done).
 *   Consequences: open() resets the state that earlier open() calls of the same worker see,
 *   so open once per file (beforeAll) and clean between tests yourself (e.g. delete rows in
 *   beforeEach); and do not run two vitest processes against the same TEST_DATABASE_URL.
 */
export interface TestDatabaseTarget {
  name: 'pglite' | 'postgres';
  open(migrations: MigrationSet, options?: { poolSize?: number }): Promise<Database>;
}

export function databaseTargets(): TestDatabaseTarget[] {
  const targets: TestDatabaseTarget[] = [{ name: 'pglite', open: (migrations) => migrated(openDatabase({ kind: 'memory' }), migrations) }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    targets.push({
      name: 'postgres',
      open: async (migrations, options) => {
        const workerUrl = await ensureWorkerDatabase(url);
        return migrated(openDatabase({ kind: 'postgres', url: workerUrl, poolSize: options?.poolSize }), migrations, dropUserSchemas);
      },
    });
  }
  return targets;
}

async function migrated(
  opening: Promise<Database>,
  migrations: MigrationSet,
  reset?: (db: Kysely<Tables>) => Promise<void>,
): Promise<Database> {
  const database = await opening;
  try {
    await reset?.(database.db);
    await migrateToLatest(database.db, migrations);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** The schemas PostgreSQL owns; everything else in the test database belongs to the platform or a test. */
function isSystemSchema(name: string): boolean {
  return name === 'public' || name === 'information_schema' || name.startsWith('pg_');
}

async function dropUserSchemas(db: Kysely<Tables>): Promise<void> {
  for (const schema of await db.introspection.getSchemas()) {
    if (!isSystemSchema(schema.name)) await db.schema.dropSchema(schema.name).ifExists().cascade().execute();
  }
}

const ensured = new Map<string, Promise<string>>();

/** Returns the URL of this vitest worker's own database, creating the database if it is missing. */
function ensureWorkerDatabase(baseUrl: string): Promise<string> {
  const known = ensured.get(baseUrl);
  if (known) return known;
  const creating = createWorkerDatabase(baseUrl);
  ensured.set(baseUrl, creating);
  // A failed attempt (server down) must not be remembered.
  creating.catch(() => ensured.delete(baseUrl));
  return creating;
}

async function createWorkerDatabase(baseUrl: string): Promise<string> {
  const url = new URL(baseUrl);
  const baseName = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  const name = `${baseName}_w${process.env.VITEST_POOL_ID ?? '0'}`;
  url.pathname = `/${encodeURIComponent(name)}`;

  // Connected to the base database, which only serves to run CREATE DATABASE.
  const admin = new Kysely<AdminTables>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: baseUrl, max: 1 }) }),
  });
  try {
    const existing = await admin.selectFrom('pg_catalog.pg_database').select('datname').where('datname', '=', name).executeTakeFirst();
    if (!existing) await createDatabase(admin, name);
  } finally {
    await admin.destroy();
  }
  return url.toString();
}

interface AdminTables {
  'pg_catalog.pg_database': { datname: string };
}

/** CREATE DATABASE has no Kysely builder; the name is quoted as an identifier. */
async function createDatabase(admin: Kysely<AdminTables>, name: string): Promise<void> {
  try {
    await sql`create database ${sql.id(name)}`.execute(admin);
  } catch (error) {
    // Another process created it between our check and our CREATE: fine.
    if (!(error instanceof Error && 'code' in error && error.code === '42P04')) throw error;
  }
}
