import { openDatabase } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrator.js';
import { ConfigError, loadConfig } from '../platform/config/config.js';
import { allMigrations } from '../platform.js';

/** `npm run migrate`: bring the configured database (embedded or DATABASE_URL) to the latest schema. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const database = await openDatabase(
    config.DATABASE_URL ? { kind: 'postgres', url: config.DATABASE_URL } : { kind: 'embedded', dataDir: config.DATA_DIR },
  );
  try {
    const applied = await migrateToLatest(database.db, allMigrations());
    console.log(applied.length === 0 ? 'The database is up to date.' : `Applied ${applied.length} migrations:\n  ${applied.join('\n  ')}`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
