import { asciiBytes, equalBytes, formatCheckpointBody, formatSignatureLine } from '@ggzy/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { type Clock, systemClock } from '../clock.js';
import type { LogService } from './log-service.js';
import { type CheckpointSigner, keyHashOf } from './signer.js';

/** The log's origin line: which log a checkpoint speaks for. */
export const DEFAULT_LOG_ORIGIN = 'ggzy/log';

/** Transaction-scoped advisory lock key: one node at a time writes a checkpoint ("ggzylog\x01"). */
const CHECKPOINT_LOCK = '7451067253405362433';

export interface CheckpointerOptions {
  log: LogService;
  /** Called once, on the first checkpoint to sign (the key is created on first use). */
  signer: () => Promise<CheckpointSigner>;
  logger: Pick<FastifyBaseLogger, 'error' | 'warn'>;
  /** The timestamp written into checkpoints. */
  clock?: Clock;
  origin?: string;
  /** At most one checkpoint per interval (cluster-wide), when the log grew. Default 500 ms. */
  intervalMs?: number;
  /** How often to look at the log head. Default 100 ms. */
  pollMs?: number;
  /** Told about every checkpoint this process signed (benchmarks, tests). */
  onCheckpoint?: (checkpoint: { treeSize: number; note: string }) => void;
}

export interface Checkpointer {
  /** Look now instead of at the next poll. */
  nudge(): void;
  /** One pass right now: signs a checkpoint if one is due; resolves with its tree size, if any. */
  checkpointNow(): Promise<number | undefined>;
  /** Stops after the pass in progress. */
  stop(): Promise<void>;
}

/**
 * Signs a checkpoint of the log — origin, tree size, SM3 and SHA-256 roots, timestamp, SM2
 * signature — whenever the log has grown, at most once per `intervalMs` (500 ms), so every
 * entry is covered by a signed checkpoint within about intervalMs + pollMs of its commit.
 *
 * Several worker processes may run one: each pass takes a transaction-scoped advisory lock
 * (pg_try_advisory_xact_lock) and skips when another node holds it or signed less than
 * `intervalMs` ago by the database's clock; so checkpoints are written by one node at a time,
 * increase strictly, and survive any node dying without a lease to expire.
 *
 * Before signing, the roots the in-memory trees give for the previous checkpoint are compared
 * with the signed ones (the trees were loaded from the database): a checkpointer never signs on
 * top of a history that contradicts the last signature.
 */
export function startCheckpointer(options: CheckpointerOptions): Checkpointer {
  const { log, logger } = options;
  const clock = options.clock ?? systemClock;
  const origin = options.origin ?? DEFAULT_LOG_ORIGIN;
  const intervalMs = options.intervalMs ?? 500;
  const pollMs = options.pollMs ?? 100;

  const stopping = new AbortController();
  let wake: (() => void) | undefined;
  let signer: Promise<CheckpointSigner> | undefined;
  // What this process last saw signed: lets an idle poll stop at one cheap query.
  let signedSize = -1;
  let signedAt = Number.NEGATIVE_INFINITY;
  let reportedProblem: string | undefined;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function pass(): Promise<number | undefined> {
    if (log.problem) throw new Error(log.problem);
    const size = await log.headSize();
    if (size === 0 || size <= signedSize) return undefined;
    if (performance.now() - signedAt < intervalMs) return undefined;
    await log.catchUp(size);
    signer ??= options.signer();
    const key = await signer.catch((error: unknown) => {
      signer = undefined;
      throw error;
    });
    const signed = await log.db.transaction().execute(async (tx) => {
      const lock = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${CHECKPOINT_LOCK}::bigint) as locked`.execute(tx);
      if (!lock.rows[0]?.locked) return undefined;
      const latest = await tx
        .selectFrom('platform.log_checkpoint')
        .select(['tree_size', 'root_sm3', 'root_sha256', 'signed_at', sql<number>`extract(epoch from clock_timestamp() - created_at) * 1000`.as('age_ms')])
        .orderBy('tree_size', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (latest) {
        const latestSize = Number(latest.tree_size);
        if (latestSize >= size) {
          signedSize = latestSize;
          return undefined;
        }
        if (Number(latest.age_ms) < intervalMs) return undefined;
        if (!equalBytes(log.trees.sm3.root(latestSize), latest.root_sm3) || !equalBytes(log.trees.sha256.root(latestSize), latest.root_sha256)) {
          log.problem = `the log held in memory does not have the roots of the signed checkpoint at size ${latestSize}`;
          throw new Error(log.problem);
        }
      }
      // Never before the previous checkpoint, even if this node's clock is behind the one that signed it.
      const timestamp = new Date(Math.max(clock.now().getTime(), latest?.signed_at.getTime() ?? 0));
      const body = formatCheckpointBody({
        origin,
        size,
        rootSm3: log.trees.sm3.root(size),
        rootSha256: log.trees.sha256.root(size),
        timestamp: timestamp.toISOString(),
      });
      const signature = key.sign(asciiBytes(body));
      const note = `${body}\n${formatSignatureLine({ keyName: origin, keyHash: keyHashOf(origin, key.publicKey), signature })}`;
      await tx
        .insertInto('platform.log_checkpoint')
        .values({
          tree_size: String(size),
          root_sm3: Buffer.from(log.trees.sm3.root(size)),
          root_sha256: Buffer.from(log.trees.sha256.root(size)),
          signed_at: timestamp,
          note,
        })
        .execute();
      return { treeSize: size, note };
    });
    if (!signed) return undefined;
    signedSize = signed.treeSize;
    signedAt = performance.now();
    options.onCheckpoint?.(signed);
    return signed.treeSize;
  }

  let running: Promise<number | undefined> = Promise.resolve(undefined);
  /** Passes never overlap: a checkpointNow() during a loop pass waits for it. */
  const serialised = (): Promise<number | undefined> => {
    const next = running.catch(() => undefined).then(pass);
    running = next;
    return next;
  };

  // The first pass comes one poll after the start, like every other.
  const loop = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      await sleep(pollMs);
      if (stopping.signal.aborted) break;
      try {
        await serialised();
        reportedProblem = undefined;
      } catch (error) {
        // A broken database or signer: retried on the next poll. An integrity problem is
        // logged once, loudly, and blocks signing until the data are repaired and the process restarted.
        const message = log.problem ?? (error instanceof Error ? error.message : String(error));
        if (message !== reportedProblem) logger.error({ err: error }, `transparency log checkpointer: ${message}`);
        reportedProblem = message;
      }
    }
  };
  const looping = loop();

  return {
    nudge() {
      wake?.();
    },
    checkpointNow: serialised,
    async stop() {
      stopping.abort();
      wake?.();
      await looping;
      await running.catch(() => undefined);
    },
  };
}
