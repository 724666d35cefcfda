import { type Insertable, sql } from 'kysely';
import type { Executor, Tables, Tx } from '../db/tables.js';

/**
 * Group commit of log appends (docs/adr/0003, "Batched appends").
 *
 * One appending transaction at a time holds the log head's row lock from its append to its
 * commit, so one append per transaction means one commit — one WAL flush — per entry, in a row
 * (≈ 700/s on PostgreSQL here). `run(work)` instead queues `work`; one transaction at a time
 * takes the head lock first and runs every queued piece of work in it, one after another, each
 * under a SAVEPOINT of its own, and commits once for all of them. Inside `work`, `recordAudit`
 * (appendToLog) numbers the entry from the head read at the start of the batch and keeps its row
 * in memory; the rows go in with one insert and one head update just before the commit.
 *
 * The guarantees of the single append stay:
 * - indexes are consecutive and in commit order: the batch holds the head lock until it commits;
 *   a piece of work that fails is rolled back to its savepoint and its numbers are given back to
 *   the next one, so there is no gap;
 * - `run` resolves only after the batch's transaction committed (durably, with the server's
 *   synchronous commit), and rejects for every member if that commit fails;
 * - a failing member (an AppError, a constraint, a failed statement) is rolled back alone and
 *   rejected at once; the others go on;
 * - no deadlock through the head lock: everywhere else the head is the last lock a transaction
 *   takes, but here members take row locks (a tender, an upload) while the batch holds it. So
 *   members run with a short `lock_timeout`; a member that would wait (another transaction holds
 *   a row it needs, and may itself be waiting for the head) is rolled back to its savepoint and
 *   put first into the next batch — the holder gets the head once this batch commits. After
 *   three such tries it runs alone, in a transaction of its own, where waiting is harmless.
 *
 * `work` must use only the `tx` it is given (in embedded mode the batch holds the one connection)
 * and do nothing slow: everyone in the batch waits for it.
 */
export interface GroupCommit {
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

export interface GroupCommitOptions {
  /** Members per transaction at most. PostgreSQL caches 64 subtransaction ids per backend; more make every snapshot slower. */
  maxBatch?: number;
  /** How long a member may wait for a row lock while the batch holds the head (ms) before it is tried again later. */
  lockTimeoutMs?: number;
}

/** A log row kept in memory until the batch's end (the columns of platform.audit_event). */
export type PendingLogRow = Insertable<Tables['platform.audit_event']>;

/** What appendToLog needs of a running batch: the next index and the rows so far. */
export interface BatchLog {
  next: number;
  rows: PendingLogRow[];
}

const batches = new WeakMap<Tx, BatchLog>();

/** The batch `tx` belongs to, when it is a group-commit transaction (appendToLog then appends in memory). */
export function batchOf(tx: Executor): BatchLog | undefined {
  return batches.get(tx as Tx);
}

interface Member {
  work: (tx: Tx) => Promise<unknown>;
  /** Batches this member was rolled back from because it would have waited for a lock. */
  deferred: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** PostgreSQL's lock_not_available (lock_timeout) and deadlock_detected. */
const WOULD_WAIT = new Set(['55P03', '40P01']);
/** A member that would wait this many batches in a row runs alone, in a transaction of its own. */
const MAX_DEFERRALS = 3;

export function createGroupCommit(db: Executor, options: GroupCommitOptions = {}): GroupCommit {
  const maxBatch = options.maxBatch ?? 48;
  const lockTimeoutMs = options.lockTimeoutMs ?? 100;
  const queue: Member[] = [];
  let running = false;

  async function runBatch(members: Member[]): Promise<void> {
    const done: Array<{ member: Member; value: unknown }> = [];
    const deferred: Member[] = [];
    const failed = new Set<Member>();
    try {
      await db.transaction().execute(async (tx) => {
        // The head first, waiting as long as it takes (other batches, other processes, single appends).
        const head = await tx.selectFrom('platform.log_head').select('size').where('id', '=', true).forUpdate().executeTakeFirstOrThrow();
        const start = Number(head.size);
        const log: BatchLog = { next: start, rows: [] };
        batches.set(tx, log);
        await sql`select set_config('lock_timeout', ${`${lockTimeoutMs}ms`}, true)`.execute(tx);
        for (const member of members) {
          const mark = { next: log.next, rows: log.rows.length };
          // Never released: a later rollback to the newest "member" savepoint undoes this member only.
          await sql`savepoint member`.execute(tx);
          try {
            done.push({ member, value: await member.work(tx) });
          } catch (error) {
            await sql`rollback to savepoint member`.execute(tx);
            log.next = mark.next;
            log.rows.length = mark.rows;
            if (WOULD_WAIT.has((error as { code?: string }).code ?? '')) deferred.push(member);
            else {
              failed.add(member);
              member.reject(error);
            }
          }
        }
        batches.delete(tx);
        if (log.rows.length > 0) {
          await tx.insertInto('platform.audit_event').values(log.rows).execute();
          await tx
            .updateTable('platform.log_head')
            .set({ size: String(log.next) })
            .where('id', '=', true)
            .where('size', '=', String(start))
            .execute();
        }
      });
    } catch (error) {
      // The commit (or a statement of the batch's own) failed: nothing of it is durable, and
      // every member not already answered gets the error.
      for (const member of members) if (!failed.has(member)) member.reject(error);
      return;
    }
    for (const { member, value } of done) member.resolve(value);
    for (const member of deferred.toReversed()) {
      member.deferred += 1;
      // The lock it waited for is usually free once this batch released the head (the holder was
      // waiting for it): first in the next batch. If not, alone — appending the usual way, the tx
      // not being a batch's — where waiting is harmless.
      if (member.deferred < MAX_DEFERRALS) queue.unshift(member);
      else db.transaction().execute(member.work).then(member.resolve, member.reject);
    }
  }

  async function drain(): Promise<void> {
    running = true;
    try {
      while (queue.length > 0) await runBatch(queue.splice(0, maxBatch));
    } finally {
      running = false;
    }
  }

  return {
    run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, deferred: 0, resolve: resolve as (value: unknown) => void, reject });
        if (!running) void drain();
      });
    },
  };
}

const instances = new WeakMap<object, GroupCommit>();

/** The process's group commit for this database handle (one queue per process and database). */
export function groupCommitFor(db: Executor): GroupCommit {
  let instance = instances.get(db);
  if (!instance) {
    instance = createGroupCommit(db);
    instances.set(db, instance);
  }
  return instance;
}
