import { join, resolve } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { buildApp } from './app.js';
import { loadWorkingDayCalendar } from './platform/calendar/index.js';
import { type Clock, systemClock } from './platform/clock.js';
import { type Config, wantsDemoSeed } from './platform/config/config.js';
import { type Database, openDatabase } from './platform/db/database.js';
import { collectMigrations, migrateToLatest } from './platform/db/migrator.js';
import { createKeyStore, loadKeyEncryptionKey } from './platform/keys/key-store.js';
import { createLogger } from './platform/logger.js';
import { platformModule } from './platform/audit/audit.routes.js';
import { createInProcessBroadcaster } from './platform/events/in-process-broadcaster.js';
import { createNatsBroadcaster } from './platform/events/nats-broadcaster.js';
import { publishEvent } from './platform/events/outbox.js';
import { startOutboxRelay } from './platform/events/outbox-relay.js';
import { startJobs } from './platform/jobs/jobs.js';
import type { App, EventBus, PlatformDeps, PlatformModule } from './platform/module.js';
import { createLocalDiskStore } from './platform/storage/local-disk-store.js';
import { type Checkpointer, logServiceFor, platformCheckpointSigner, startCheckpointer, transparencyModule } from './platform/transparency/index.js';
import { certificateModule } from './modules/certificate/index.js';
import { filesModule } from './modules/files/index.js';
import { identityModule } from './modules/identity/index.js';
import { portalModule } from './modules/portal/index.js';
import { projectModule } from './modules/project/index.js';
import { auctionModule } from './modules/auction/index.js';
import { regionModule } from './modules/region/index.js';
import { tenderingModule } from './modules/tendering/index.js';
import { evaluationModule } from './modules/evaluation/index.js';
import { awardModule } from './modules/award/index.js';

export const DEFAULT_WEB_DIST = resolve(import.meta.dirname, '../../web/dist');

export interface RunningPlatform {
  app: App;
  database: Database;
  deps: PlatformDeps;
  /** http://host:port once listening; empty when started with listen: false. */
  url: string;
  /** True when this start seeded the demo province. */
  seeded: boolean;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: FastifyBaseLogger;
  /** false: build and migrate but do not listen (scripts such as the OpenAPI export). */
  listen?: boolean;
  /** Modules plugged in after the built-in ones (extensions, and test fixtures). */
  extraModules?: readonly PlatformModule[];
}

/**
 * The composition root: opens the database, migrates every module, seeds the demo province
 * when wanted (each module's seed does nothing if its data exist), and serves the API and
 * the web app.
 */
export async function startPlatform(config: Config, options: StartOptions = {}): Promise<RunningPlatform> {
  const database = await openDatabase(
    config.DATABASE_URL ? { kind: 'postgres', url: config.DATABASE_URL } : { kind: 'embedded', dataDir: config.DATA_DIR },
  );
  let stopRuntime: (() => Promise<void>) | undefined;
  let checkpointer: Checkpointer | undefined;
  try {
    const clock = options.clock ?? systemClock;
    const modules = [...MODULES, ...(options.extraModules ?? [])];
    await migrateToLatest(database.db, migrationsOf(modules));
    const logger = options.logger ?? createLogger(config.LOG_LEVEL);
    const worker = config.roles.has('worker');
    const runtime = await startRuntime(config, database, clock, logger);
    stopRuntime = runtime.stop;
    const deps: PlatformDeps = {
      config,
      db: database.db,
      clock,
      calendar: loadWorkingDayCalendar(),
      files: createLocalDiskStore(join(resolve(config.DATA_DIR), 'files')),
      logger,
      events: runtime.events,
      jobs: runtime.jobs,
      keys: createKeyStore(database.db, loadKeyEncryptionKey({ KEY_ENCRYPTION_KEY: config.KEY_ENCRYPTION_KEY, dataDir: resolve(config.DATA_DIR) }), () =>
        clock.now(),
      ),
    };
    const seeded = wantsDemoSeed(config) ? await seedDemo(modules, deps) : false;
    const authenticator = modules.find((m) => m.authenticator)?.authenticator?.(deps);
    if (!authenticator) throw new Error('No module provides the request authenticator');
    const app = await buildApp({ deps, modules, authenticator, webDist: config.WEB_DIST ?? DEFAULT_WEB_DIST });
    if (worker) for (const module of modules) await module.workers?.(deps);
    // Signs a checkpoint of the transparency log at least every second while it grows (one signer per cluster at a time).
    if (worker) checkpointer = startCheckpointer({ log: logServiceFor(deps.db), signer: () => platformCheckpointSigner(deps.keys), logger, clock });
    const url = options.listen === false ? '' : await app.listen({ host: config.HOST, port: config.PORT });
    return {
      app,
      database,
      deps,
      url,
      seeded,
      close: async () => {
        await app.close();
        await checkpointer?.stop();
        await runtime.stop();
        await database.close();
      },
    };
  } catch (error) {
    await checkpointer?.stop();
    await stopRuntime?.();
    await database.close();
    throw error;
  }
}

/** Every bounded context, in the order their routes and seeds run. */
export const MODULES: readonly PlatformModule[] = [platformModule, transparencyModule, identityModule, regionModule, portalModule, filesModule, certificateModule, projectModule, auctionModule, tenderingModule, evaluationModule, awardModule];

/** All migrations of all modules in one global order (also used by `npm run migrate`). */
export function allMigrations() {
  return migrationsOf(MODULES);
}

function migrationsOf(modules: readonly PlatformModule[]) {
  return collectMigrations(modules.map((m) => ({ module: m.name, migrations: m.migrations })));
}

async function seedDemo(modules: readonly PlatformModule[], deps: PlatformDeps): Promise<boolean> {
  const { count } = await deps.db
    .selectFrom('identity.user')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  if (Number(count) > 0) return false;
  for (const module of modules) await module.seedDemo?.(deps);
  return true;
}

/**
 * Events and jobs: the broadcaster (NATS when NATS_URL is set, else in-process), pg-boss on the
 * same pool, and — in worker processes — the outbox relay.
 */
async function startRuntime(config: Config, database: Database, clock: Clock, logger: FastifyBaseLogger) {
  const worker = config.roles.has('worker');
  const broadcaster = config.NATS_URL ? await createNatsBroadcaster(config.NATS_URL, { logger }) : createInProcessBroadcaster(logger);
  const jobs = await startJobs({ pool: database.pool, logger, schedule: worker });
  const relay = worker ? startOutboxRelay({ db: database.db, broadcaster, logger, clock }) : undefined;
  const events: EventBus = {
    publish: async (tx, topic, payload) => {
      await publishEvent(tx, topic, payload, clock.now());
      // The row is visible once the caller commits; the nudge makes the relay look again soon.
      relay?.nudge();
    },
    subscribe: (pattern, handler) => broadcaster.subscribe(pattern, handler),
  };
  return {
    events,
    jobs,
    stop: async () => {
      await relay?.stop();
      await jobs.stop();
      await broadcaster.close();
    },
  };
}
