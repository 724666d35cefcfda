import { type Clock, systemClock } from '../clock.js';
import type { Executor } from '../db/tables.js';
import type { Broadcaster, EventLogger } from './broadcaster.js';
// For the 'platform.outbox' table type, which outbox.ts adds to Tables by declaration merging.
import './outbox.js';

/** Rows per transaction: big enough to amortise the round trips, small enough to keep locks short. */
const BATCH_SIZE = 100;

export interface OutboxRelayOptions {
  db: Executor;
  broadcaster: Broadcaster;
  logger: EventLogger;
  /** How long to sleep when there is nothing to publish and nobody nudged. */
  pollMs?: number;
  /** Stamps `published_at`; injectable like every platform clock. */
  clock?: Clock;
}

export interface OutboxRelay {
  /** Wake the relay now; call it after committing a transaction that wrote events. */
  nudge(): void;
  /** Stops after the batch in progress has been published and committed. */
  stop(): Promise<void>;
}

/**
 * Publishes committed outbox rows to the broadcaster, in id order within a batch.
 *
 * Each batch is one transaction: select up to 100 unpublished rows `for update skip locked`,
 * publish them one by one, mark them published, commit. `skip locked` lets several nodes run
 * a relay at once: a row locked by one relay is skipped by the others, so it is published once.
 *
 * Delivery is AT LEAST ONCE: if the process dies (or the commit fails) after publishing but
 * before committing, the rows stay unpublished and are published again. Subscribers must be
 * idempotent (dedupe by message id, or apply effects as upserts).
 *
 * Order: a transaction that commits after the relay has moved on is picked up on the next pass,
 * because the relay looks for `published_at is null`, not for ids above a high-water mark; no
 * event is skipped when ids commit out of order. Events are therefore published in commit order
 * as the relay observes it, and in id order inside a batch. With several relays running, two
 * batches can be published concurrently, so consumers that need a strict order must use a
 * per-aggregate sequence number carried in the payload (e.g. the auction's `seq`).
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, broadcaster, logger } = options;
  const pollMs = options.pollMs ?? 250;
  const clock = options.clock ?? systemClock;

  // An AbortController rather than a boolean: the loop reads it, stop() sets it.
  const stopping = new AbortController();
  // Set by nudge() while a batch runs, so the loop goes round again instead of sleeping.
  let nudged = false;
  let wake: (() => void) | undefined;

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

  const relayBatch = (): Promise<number> =>
    db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom('platform.outbox')
        .select(['id', 'topic', 'payload', 'occurred_at'])
        .where('published_at', 'is', null)
        .orderBy('id')
        .limit(BATCH_SIZE)
        .forUpdate()
        .skipLocked()
        .execute();
      if (rows.length === 0) return 0;
      for (const row of rows) {
        await broadcaster.publish({ id: row.id, topic: row.topic, payload: row.payload, occurredAt: row.occurred_at.toISOString() });
      }
      await tx
        .updateTable('platform.outbox')
        .set({ published_at: clock.now() })
        .where(
          'id',
          'in',
          rows.map((row) => row.id),
        )
        .execute();
      return rows.length;
    });

  const loop = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      nudged = false;
      let published = 0;
      try {
        published = await relayBatch();
      } catch (error) {
        // The batch rolled back and will be retried; back off so a broken broadcaster or
        // database does not spin the CPU.
        logger.error({ err: error }, 'outbox relay batch failed; retrying');
        if (!stopping.signal.aborted) await sleep(pollMs);
        continue;
      }
      if (stopping.signal.aborted) break;
      // A full batch means there is probably more; a nudge means new events were committed.
      if (published === BATCH_SIZE || nudged) continue;
      await sleep(pollMs);
    }
  };

  const running = loop();

  return {
    nudge() {
      nudged = true;
      wake?.();
    },
    async stop() {
      stopping.abort();
      wake?.();
      await running;
    },
  };
}
