import { type Kysely, type Migration, Migrator } from 'kysely';
import type { Tables } from './tables.js';

/**
 * Every module brings its own migrations, named `YYYY_MM_DD_NNNN_verb_noun`; the names sort
 * into one global order. Kysely's migrator runs the pending ones under its lock table, so
 * two nodes starting together do not both migrate.
 */
export type MigrationSet = Record<string, Migration>;

const NAME = /^\d{4}_\d{2}_\d{2}_\d{4}_[a-z0-9]+(_[a-z0-9]+)*$/;

export function collectMigrations(sets: ReadonlyArray<{ module: string; migrations: MigrationSet }>): MigrationSet {
  const all: MigrationSet = {};
  for (const { module, migrations } of sets) {
    for (const [name, migration] of Object.entries(migrations)) {
      if (!NAME.test(name)) throw new Error(`Migration "${name}" of module ${module} is not named YYYY_MM_DD_NNNN_verb_noun`);
      if (all[name]) throw new Error(`Migration "${name}" is declared twice (module ${module})`);
      all[name] = migration;
    }
  }
  return all;
}

export async function migrateToLatest(db: Kysely<Tables>, migrations: MigrationSet): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: 'platform',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
