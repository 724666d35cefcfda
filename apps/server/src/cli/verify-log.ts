import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type Database, openDatabase } from '../platform/db/database.js';
import { DataDirLockedError } from '../platform/db/embedded-lock.js';
import {
  databaseLogSource,
  httpLogSource,
  type LogSource,
  LogSourceError,
  type VerifyReport,
  verifyCheckpoints,
  verifyLog,
} from '../platform/transparency/verifier.js';

const USAGE = `Usage: npm run verify-log -- [source] [--public-key HEX]

Checks the whole transparency log: every entry's bytes against its leaf hashes and index,
every checkpoint's SM2 signature and roots, and that no entry is missing or out of place.
Exit code 0: verified; 1: the log was tampered with (the first bad entry is named); 2: could not run.

Sources (default: DATABASE_URL if set, else the running instance on 127.0.0.1:$PORT):
  --url URL             a running instance (entries need an admin or supervisor API token:
                        --token TOKEN or GGZY_API_TOKEN; without one only checkpoints are checked)
  --data-dir DIR        an embedded data directory (the server must be stopped)
  --database-url URL    a PostgreSQL database
  --public-key HEX      the checkpoint key (04‖x‖y) obtained out of band; default: the one the log names`;

interface Options {
  url?: string;
  token?: string;
  dataDir?: string;
  databaseUrl?: string;
  publicKey?: string;
}

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  let options: Options;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        'public-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    options = {
      ...(values.url ? { url: values.url } : {}),
      ...((values.token ?? env.GGZY_API_TOKEN) ? { token: values.token ?? env.GGZY_API_TOKEN } : {}),
      ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
      ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
      ...(values['public-key'] ? { publicKey: values['public-key'].toLowerCase() } : {}),
    };
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const chosen = [options.url, options.dataDir, options.databaseUrl].filter(Boolean).length;
  if (chosen > 1) {
    console.error(`Give one source: --url, --data-dir or --database-url.\n\n${USAGE}`);
    return 2;
  }
  if (chosen === 0) {
    if (env.DATABASE_URL) options.databaseUrl = env.DATABASE_URL;
    else options.url = `http://127.0.0.1:${env.PORT || '8080'}`;
  }

  let database: Database | undefined;
  try {
    let source: LogSource;
    if (options.url) {
      source = httpLogSource(options.url, options.token);
      if (!options.token) {
        console.log(`No API token (--token or GGZY_API_TOKEN): checking only the checkpoints of ${options.url}, not the entries.`);
        return report(await verifyCheckpoints(source, keyOption(options)), source, { entriesChecked: false });
      }
    } else if (options.dataDir) {
      // Opening a directory without a database would create an empty one there.
      if (!existsSync(join(options.dataDir, 'pg'))) {
        console.error(`There is no embedded database in ${options.dataDir} (no ${join(options.dataDir, 'pg')}).`);
        return 2;
      }
      database = await openDatabase({ kind: 'embedded', dataDir: options.dataDir });
      source = databaseLogSource(database.db, `the data directory ${options.dataDir}`);
    } else {
      database = await openDatabase({ kind: 'postgres', url: options.databaseUrl ?? '', poolSize: 2 });
      source = databaseLogSource(database.db, redact(options.databaseUrl ?? ''));
    }
    console.log(`Verifying the transparency log of ${source.description} …`);
    const result = await verifyLog(source, {
      ...keyOption(options),
      onProgress: (n) => process.stderr.write(`  ${n.toLocaleString('en')} entries verified\n`),
    });
    return report(result, source, { entriesChecked: true });
  } catch (error) {
    console.error(explain(error, options));
    return 2;
  } finally {
    await database?.close();
  }
}

function keyOption(options: Options): { publicKey?: string } {
  return options.publicKey ? { publicKey: options.publicKey } : {};
}

function report(result: VerifyReport, source: LogSource, how: { entriesChecked: boolean }): number {
  const key = result.publicKey ? ` (checkpoint key ${result.publicKey.slice(0, 18)}…)` : '';
  if (!result.ok) {
    const where = result.firstBadEntry === undefined ? '' : ` — first bad entry: ${result.firstBadEntry}`;
    console.log(`FAILED${where}\n  ${result.problem}`);
    console.log(`  (${result.entries} entries and ${result.checkpoints} checkpoints verified before the problem, in ${source.description})`);
    return 1;
  }
  if (!how.entriesChecked) {
    console.log(`verified 0 entries, ${result.checkpoints} checkpoints${key}: signatures and consistency only`);
    return 0;
  }
  const pending = result.uncovered > 0 ? `; ${result.uncovered} newest entries not yet covered by a checkpoint` : '';
  console.log(`verified ${result.entries} entries, ${result.checkpoints} checkpoints${key}${pending}`);
  return 0;
}

function explain(error: unknown, options: Options): string {
  if (error instanceof DataDirLockedError) {
    return (
      `The data directory ${options.dataDir} is in use by a running server (process ${error.ownerPid}); it cannot be read while the server runs.\n` +
      'Verify through the server instead:  npm run verify-log -- --url http://127.0.0.1:8080 --token <admin API token>\n' +
      'or stop the server and run this again.'
    );
  }
  if (error instanceof LogSourceError) {
    if (error.status === 401 || error.status === 403) return `${error.message}\nThe entries need an API token of an admin or supervisor (--token or GGZY_API_TOKEN).`;
    return `${error.message}\nIs the server running? Otherwise read its data directly: --data-dir ./data or --database-url postgres://…`;
  }
  if (error instanceof Error && /relation .* does not exist/.test(error.message)) {
    return `${error.message}\nThis database has no transparency log yet: run \`npm run migrate\` (or start the server once).`;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the database';
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
