import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { Executor } from '../db/tables.js';

/**
 * Background jobs on pg-boss 10 (11+ needs Node 22), running inside the server process.
 *
 * pg-boss gets no connection string of its own: it runs its SQL through the platform's pg.Pool,
 * so the same code works in both modes. In embedded mode that pool is the single connection to
 * PGlite, so pg-boss's queries simply queue with everyone else's. Its tables live in the
 * `pgboss` schema, which pg-boss creates and migrates itself on start.
 *
 * Only this folder knows pg-boss: modules see the small `Jobs` port below, so the engine can be
 * replaced without touching them.
 */
export interface Jobs {
  /**
   * Makes sure the queue exists (pg-boss 10 requires it). send, work and schedule do this
   * themselves, except send with `tx`: declare such queues at startup (work() does it too).
   */
  createQueue(queue: string): Promise<void>;
  /**
   * Queues a job. With `tx`, the job is inserted in that transaction and exists only if it
   * commits (the same guarantee as the outbox); the queue must then already have been created
   * by this process, because creating it on the pool while `tx` holds PGlite's only connection
   * would deadlock. Returns the job id, or null when a singleton or throttling rule dropped it.
   */
  send(queue: string, data: object, options?: SendOptions): Promise<string | null>;
  /**
   * Processes the queue's jobs one at a time in this process. A handler that throws (or
   * exceeds the job's expiry) fails the attempt, and pg-boss retries it per the job's retry
   * options. Delivery is at least once (a crash mid-handler retries the job), so handlers
   * must be idempotent.
   */
  work<Data extends object>(queue: string, handler: JobHandler<Data>, options?: WorkOptions): Promise<void>;
  /** Sends `data` to `queue` on a cron schedule (at most one node sends each tick). */
  schedule(queue: string, cron: string, data?: object, options?: { tz?: string }): Promise<void>;
  /** Stops fetching, waits for running handlers (up to the grace period), then returns. */
  stop(): Promise<void>;
}

export interface Job<Data> {
  id: string;
  queue: string;
  /** What the sender passed, after a JSON round trip (validate it if senders and workers can be of different versions). */
  data: Data;
}

export type JobHandler<Data> = (job: Job<Data>) => Promise<void>;

export interface SendOptions {
  /** Attempts after the first one; pg-boss's default is 2. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** Exponential backoff with jitter from `retryDelaySeconds`. */
  retryBackoff?: boolean;
  /** How long one attempt may run before it is failed (default 15 minutes). */
  expireInSeconds?: number;
  startAfter?: Date;
  /** Only one job with this key is queued at a time (per queue). */
  singletonKey?: string;
  priority?: number;
  /** Insert the job in this transaction. */
  tx?: Executor;
}

export interface WorkOptions {
  /** How often an idle worker looks for new jobs; at least 0.5 s. Sends from this process wake it at once. */
  pollingIntervalSeconds?: number;
}

/** The slice of the platform logger (pino via Fastify) the jobs runtime uses. */
export interface JobsLogger {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface StartJobsOptions {
  pool: pg.Pool;
  logger: JobsLogger;
  /** Run cron schedules on this node (default true). */
  schedule?: boolean;
  /** How long stop() lets running handlers finish before their jobs are failed for retry. */
  stopGraceMs?: number;
}

export async function startJobs(options: StartJobsOptions): Promise<Jobs> {
  const { pool, logger } = options;
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(promise: Promise<T>): Promise<T> => {
    inFlight.add(promise);
    const forget = () => inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  };

  const boss = new PgBoss({
    schema: 'pgboss',
    // Every statement pg-boss runs goes through here, so stop() can wait for the last ones
    // before the caller closes the pool (pg-boss completes jobs without awaiting the query).
    db: { executeSql: (text, values) => track(pool.query(text, values)) },
    schedule: options.schedule ?? true,
    // Laptop-friendly background work: maintenance (expire, archive, delete) every 2 minutes,
    // no state-count monitoring, clock-skew check every 10 minutes, cron evaluated every 30 s.
    supervise: true,
    maintenanceIntervalSeconds: 120,
    clockMonitorIntervalMinutes: 10,
    cronMonitorIntervalSeconds: 30,
    cronWorkerIntervalSeconds: 5,
    pollingIntervalSeconds: 2,
  });
  // Without a listener an 'error' event would throw inside pg-boss's timers.
  boss.on('error', (error) => logger.error({ err: error }, 'pg-boss error'));
  await boss.start();

  const queues = new Map<string, Promise<void>>();
  // v10 needs a queue to exist before send or work; create each once per process (idempotent in SQL).
  const ensureQueue = (queue: string): Promise<void> => {
    const known = queues.get(queue);
    if (known) return known;
    const creating = boss.createQueue(queue);
    queues.set(queue, creating);
    creating.catch(() => queues.delete(queue));
    return creating;
  };

  const workers = new Map<string, string[]>();
  let handlersRunning = 0;
  let stopping: Promise<void> | undefined;

  const drain = async (): Promise<void> => {
    // pg-boss issues a job's completion after the handler resolves; let those calls start,
    // then wait for them, until nothing is left.
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (inFlight.size === 0 && handlersRunning === 0) return;
      await Promise.allSettled(inFlight);
    }
  };

  return {
    createQueue: ensureQueue,

    async send(queue, data, sendOptions = {}) {
      const { tx, retryDelaySeconds, ...rest } = sendOptions;
      if (!tx) await ensureQueue(queue);
      else if (!queues.has(queue))
        throw new Error(`Queue "${queue}" must be created (jobs.createQueue or jobs.work) before sending to it in a transaction`);
      else await queues.get(queue);
      const id = await boss.send(queue, data, {
        ...rest,
        ...(retryDelaySeconds === undefined ? {} : { retryDelay: retryDelaySeconds }),
        ...(tx ? { db: { executeSql: (text, values) => tx.executeQuery(CompiledQuery.raw(text, values)) } } : {}),
      });
      // Wake this process's workers of the queue instead of waiting for their next poll
      // (a job sent in a still-open transaction is simply found on a later poll).
      for (const workerId of workers.get(queue) ?? []) boss.notifyWorker(workerId);
      return id;
    },

    async work<Data extends object>(queue: string, handler: JobHandler<Data>, workOptions: WorkOptions = {}) {
      await ensureQueue(queue);
      const workerId = await boss.work<Data>(queue, { batchSize: 1, ...workOptions }, async (jobs) => {
        handlersRunning++;
        try {
          for (const job of jobs) {
            try {
              await handler({ id: job.id, queue, data: job.data });
            } catch (error) {
              logger.warn({ err: error, queue, jobId: job.id }, 'job attempt failed; pg-boss retries it if attempts remain');
              throw error;
            }
          }
        } finally {
          handlersRunning--;
        }
      });
      workers.set(queue, [...(workers.get(queue) ?? []), workerId]);
    },

    async schedule(queue, cron, data = {}, scheduleOptions = {}) {
      await ensureQueue(queue);
      await boss.schedule(queue, cron, data, scheduleOptions);
    },

    stop() {
      stopping ??= (async () => {
        await boss.stop({ graceful: true, wait: true, close: false, timeout: options.stopGraceMs ?? 10_000 });
        await drain();
      })();
      return stopping;
    },
  };
}
