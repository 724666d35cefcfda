import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { WorkingDayCalendar } from './calendar/index.js';
import type { Clock } from './clock.js';
import type { Authenticator } from './http/access.js';
import type { Config } from './config/config.js';
import type { MigrationSet } from './db/migrator.js';
import type { Executor } from './db/tables.js';
import type { MessageHandler } from './events/broadcaster.js';
import type { Jobs } from './jobs/jobs.js';
import type { KeyStore } from './keys/key-store.js';
import type { FileStore } from './storage/file-store.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What the kernel hands every module. */
export interface PlatformDeps {
  config: Config;
  db: Executor;
  clock: Clock;
  calendar: WorkingDayCalendar;
  files: FileStore;
  logger: FastifyBaseLogger;
  events: EventBus;
  jobs: Jobs;
  /** The platform's own signing keys (CA, log checkpoints). */
  keys: KeyStore;
}

/** Domain events: written to the outbox in the caller's transaction, relayed after commit. */
export interface EventBus {
  publish(tx: Executor, topic: string, payload: object): Promise<void>;
  subscribe(topicPattern: string, handler: MessageHandler): () => void;
}

/**
 * A bounded context plugs in through this shape, exported from its `index.ts`.
 * `routes` registers HTTP routes (already under `/api`); `seedDemo` adds demo data on the
 * first start of an embedded instance.
 */
export interface PlatformModule {
  name: string;
  migrations: MigrationSet;
  routes?(app: App, deps: PlatformDeps): Promise<void> | void;
  /** The module that knows credentials (identity) provides the request authenticator. */
  authenticator?(deps: PlatformDeps): Authenticator;
  seedDemo?(deps: PlatformDeps): Promise<void>;
  /** Event subscriptions and job workers; run only in processes with the `worker` role. */
  workers?(deps: PlatformDeps): Promise<void>;
}

/**
 * A module's long-lived object (service, cache, fan-out hub) for one running platform: made on
 * first use from that platform's deps and shared by its routes, workers and exports afterwards.
 */
export function perPlatform<T>(create: (deps: PlatformDeps) => T): (deps: PlatformDeps) => T {
  const made = new WeakMap<PlatformDeps, T>();
  return (deps) => {
    let value = made.get(deps);
    if (value === undefined) {
      value = create(deps);
      made.set(deps, value);
    }
    return value;
  };
}
