import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './embedded-lock.js';
import type { Tables } from './tables.js';

/**
 * One way to reach the database in both modes: Kysely over a `pg.Pool`. In embedded mode the
 * pool talks to PGlite through its node-postgres adapter, so type parsing and driver
 * behaviour are the same as in production.
 */
export interface Database {
  db: Kysely<Tables>;
  pool: pg.Pool;
  mode: 'embedded' | 'postgres';
  close(): Promise<void>;
}

// numeric and bigint stay decimal strings (money is never a float); int8 counts come back as strings too.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => v);
// A calendar date has no time zone: keep 'YYYY-MM-DD' rather than a Date at some local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type DatabaseTarget =
  { kind: 'postgres'; url: string; poolSize?: number } | { kind: 'embedded'; dataDir: string } | { kind: 'memory' };

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10, application_name: 'ggzy' });
    // An idle connection that the server ends (restart, failover, a DBA's terminate) is emitted as
    // 'error' on the pool; unhandled, it would crash the process. The pool drops that client and
    // opens a new one on the next query, so saying so is all there is to do.
    pool.on('error', (error) => {
      process.emitWarning(`PostgreSQL closed an idle connection: ${error.message}`, { code: 'GGZY_PG_IDLE_CLIENT' });
    });
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    return { db, pool, mode: 'postgres', close: () => db.destroy() };
  }
  const lock = target.kind === 'embedded' ? lockDataDir(resolve(target.dataDir)) : undefined;
  try {
    const lite = target.kind === 'embedded' ? new PGlite(join(resolve(target.dataDir), 'pg')) : new PGlite('memory://');
    await lite.waitReady;
    const pool = new pg.Pool(createPgConfig(lite));
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      pool,
      mode: 'embedded',
      close: async () => {
        await db.destroy();
        await lite.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
