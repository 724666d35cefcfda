import type { Executor, Tx } from '../db/tables.js';

/**
 * Group commit: commands of one kind that arrive together commit together, as one set, in one
 * transaction (docs/adr/0003, "Batched appends").
 *
 * A logged command holds the log head from its append to its commit, so one command per
 * transaction means one commit — one WAL flush — per log entry, in a row, and every statement a
 * round trip of its own. `run(item)` instead queues the item; a batch takes its share of the
 * queue and hands the whole set to `commitSet(tx, items)`, which does the work of all with a few
 * set-wise statements (one claim of the idempotency keys, one lock, one insert, the log entries of
 * all numbered at once — transparency/append.ts —, …) and answers each item. Up to `inFlight` batches run at the
 * same time, each on its own connection, so that while one waits for the database the next one's
 * items are prepared.
 *
 * What `commitSet` answers per item:
 * - `{ value }`: the item's answer, given once the transaction committed (durably, with the
 *   server's synchronous commit); if the commit fails, nothing of the batch is kept (below);
 * - `{ error }`: refused; it must have written nothing of this item (or undone it) — the others
 *   commit;
 * - `{ again: true }`: another item of this set must commit first (two versions of one bid, one
 *   Idempotency-Key twice); it is put first into the next batch. Each set commits at least one of
 *   such items, so this ends, and it is not counted as a failed try (an item sent back more than
 *   `maxBatch` times, which a correct `commitSet` cannot cause, is refused).
 *
 * When `commitSet` throws, nothing of the batch is kept. An error worth trying again (a deadlock,
 * a lock wait past the timeout, a serialization failure, or one marked `retryable: true`) puts
 * every item back first into the queue; after three such tries an item runs alone, a set of one,
 * where that error is its answer. After any other error (the commit's own included) every item
 * runs alone, one after another, so that the error reaches only the item that causes it.
 */
export interface GroupCommit<I, O> {
  run(item: I): Promise<O>;
}

export type SetOutcome<O> = { value: O } | { error: unknown } | { again: true };

export type CommitSet<I, O> = (tx: Tx, items: I[]) => Promise<Array<SetOutcome<O>>>;

export interface GroupCommitOptions {
  /** Items per set at most. */
  maxBatch?: number;
  /** Batches running at once, each in its own transaction and connection. */
  inFlight?: number;
  /** Items that must be waiting for a batch to start beside a running one (and per batch when the free slots share the queue). */
  overlapAt?: number;
}

interface Member<I> {
  item: I;
  /** Batches this member was in that failed with an error worth trying again. */
  tries: number;
  /** Sets that sent it back to let another item of theirs go first. */
  deferrals: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Tries in a batch before a member runs alone. */
const MAX_TRIES = 3;
/** deadlock_detected, lock_not_available (lock_timeout), serialization_failure. */
const TRY_AGAIN_CODES = new Set(['40P01', '55P03', '40001']);

const worthTryingAgain = (error: unknown) => {
  const { code, retryable } = (error ?? {}) as { code?: string; retryable?: unknown };
  return retryable === true || TRY_AGAIN_CODES.has(code ?? '');
};

export function createGroupCommit<I, O>(db: Executor, commitSet: CommitSet<I, O>, options: GroupCommitOptions = {}): GroupCommit<I, O> {
  const maxBatch = options.maxBatch ?? 64;
  const inFlight = options.inFlight ?? 2;
  const overlapAt = options.overlapAt ?? 16;
  const queue: Array<Member<I>> = [];
  let running = 0;

  /** After a failed batch: first into the next batch, or — after MAX_TRIES — alone. */
  async function tryAgain(member: Member<I>): Promise<void> {
    member.tries += 1;
    if (member.tries < MAX_TRIES) queue.unshift(member);
    else await runBatch([member], true);
  }

  async function runBatch(members: Array<Member<I>>, alone: boolean): Promise<void> {
    let outcomes: Array<SetOutcome<O>>;
    try {
      outcomes = await db.transaction().execute((tx) =>
        commitSet(
          tx,
          members.map((m) => m.item),
        ),
      );
    } catch (error) {
      // Alone runs happen one after another in this batch's slot, as below.
      if (!alone && worthTryingAgain(error)) for (const member of members.toReversed()) await tryAgain(member);
      else if (members.length === 1) members[0]?.reject(error);
      // One item's fault (a value the database refuses, say) must not fail the others: each runs
      // alone, one after another in this batch's slot.
      else for (const member of members) await runBatch([member], true);
      return;
    }
    const again: Array<Member<I>> = [];
    members.forEach((member, i) => {
      const outcome = outcomes[i];
      if (!outcome) member.reject(new Error('The set committed without answering this item'));
      else if ('value' in outcome) member.resolve(outcome.value);
      else if ('error' in outcome) member.reject(outcome.error);
      else if (alone || ++member.deferrals > maxBatch) member.reject(new Error('The item could not be decided in a set'));
      else again.push(member);
    });
    queue.unshift(...again);
  }

  let pumping = false;
  /**
   * Starts batches while there is work and a free slot. A batch beside a running one starts only
   * when at least `overlapAt` items wait, and free slots share the queue equally only when each
   * share is that large: a batch's fixed cost is shared by its items, and on two cores two small
   * batches at once commit fewer items per second than one twice their size (bench `receipts`).
   * It runs after the current turn of the event loop: the items that arrive together start together.
   */
  function pump(): void {
    if (pumping) return;
    pumping = true;
    setImmediate(() => {
      pumping = false;
      while (running < inFlight && queue.length > 0) {
        // Beside a running batch, a small one would pay the fixed cost (transaction, lock, signature) for few items.
        if (running > 0 && queue.length < overlapAt) break;
        const free = inFlight - running;
        const share = queue.length >= free * overlapAt ? Math.ceil(queue.length / free) : queue.length;
        running += 1;
        void runBatch(queue.splice(0, Math.min(maxBatch, share)), false).finally(() => {
          running -= 1;
          pump();
        });
      }
    });
  }

  return {
    run(item: I): Promise<O> {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, tries: 0, deferrals: 0, resolve: resolve as (value: unknown) => void, reject });
        pump();
      });
    },
  };
}
