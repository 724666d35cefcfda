import { sql } from 'kysely';
import type { AuditEntry } from '../audit/audit.js';
import type { Executor, Tx } from '../db/tables.js';
import { type LogPosition, numberEntry, type PendingLogRow } from './append.js';

/**
 * Group commit of log appends (docs/adr/0003, "Batched appends").
 *
 * One appending transaction at a time holds the log head's row lock from its append to its
 * commit, so one append per transaction means one commit — one WAL flush — per entry, in a row.
 * `run(work)` instead queues `work`; a batch takes the queued pieces of work (up to `maxBatch`)
 * and runs them in one transaction, one after another, each under a SAVEPOINT of its own, and
 * commits once for all of them. Up to `inFlight` batches run at the same time, each on its own
 * connection, so that while one waits for the database the next one's members run.
 *
 * Numbering at the end. The head is not held while members run: a member's `appendToLog` parks
 * it (the entry waits, unnumbered, and the member waits for its position) and the batch goes on
 * with the next member. When every member has parked or finished, the batch takes the head, numbers
 * the parked entries in member order, hands each member its position (it finishes: signs its
 * receipt, stores its answer) and writes the rows with one insert and one head update just before
 * the commit. The head is held only for that end, so batches overlap everywhere else.
 *
 * The guarantees of the single append stay:
 * - indexes are consecutive and in commit order: the batch numbers from the head it holds until
 *   it commits; a member that fails before its append is rolled back to its savepoint and never
 *   numbered, so there is no gap;
 * - `run` resolves only after the batch's transaction committed (durably, with the server's
 *   synchronous commit), and rejects for every member if that commit fails;
 * - a failing member is rolled back alone and rejected; the others go on. Before its append that is
 *   its savepoint. After it (the member's last writes, once it has its position) the savepoint is
 *   gone — later members' work stands on it — so the whole transaction is rolled back, the member
 *   rejected, and everyone else runs again in the next batch (work is run again as it is for a
 *   lock wait, below: it must not have effects outside `tx`);
 * - no stall behind a row lock: members run with a short `lock_timeout`; a member that would wait
 *   (another transaction holds a row it needs) is rolled back to its savepoint and put first into
 *   the next batch. After three such tries it runs alone, in a transaction of its own, where
 *   waiting stalls nobody else.
 *
 * `work` must use only the `tx` it is given (in embedded mode the batch holds the one connection),
 * append at most one entry, await the append before any further statement, and do nothing slow:
 * everyone in the batch waits for it.
 */
export interface GroupCommit {
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

export interface GroupCommitOptions {
  /** Members per transaction at most. PostgreSQL caches 64 subtransaction ids per backend; more make every snapshot slower. */
  maxBatch?: number;
  /** How long a member may wait for a row lock (ms) before it is tried again in a later batch. */
  lockTimeoutMs?: number;
  /** Batches running at once, each in its own transaction and connection. */
  inFlight?: number;
}

/** What appendToLog needs of a running batch: a place to park the member's entry until the batch numbers it. */
export interface BatchLog {
  park(event: AuditEntry): Promise<LogPosition>;
}

const batches = new WeakMap<Tx, BatchLog>();

/** The batch `tx` belongs to, when it is a group-commit transaction (appendToLog then parks the entry). */
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

/** A member waiting for its entry's number, and the rest of its work. */
interface Parked {
  member: Member;
  event: AuditEntry;
  give: (position: LogPosition) => void;
  finished: Promise<unknown>;
}

/** PostgreSQL's lock_not_available (lock_timeout) and deadlock_detected. */
const WOULD_WAIT = new Set(['55P03', '40P01']);
/** A member that would wait this many batches in a row runs alone, in a transaction of its own. */
const MAX_DEFERRALS = 3;

/**
 * Worth running again later: the member would have waited for a lock, or its work says it met a
 * concurrent commit that a later snapshot will see (an error with `retryable: true`, e.g. two
 * versions of one bid numbered at once by two batches). Alone, the member gets the error itself.
 */
const wouldWait = (error: unknown) => WOULD_WAIT.has((error as { code?: string } | undefined)?.code ?? '') || (error as { retryable?: unknown } | undefined)?.retryable === true;
/** in_failed_sql_transaction: what every statement gets after another one failed in the same (sub)transaction. */
const AFTER_ANOTHER_FAILURE = '25P02';

/** A member failed after its append: the batch's transaction is rolled back for it. */
class FailedAfterAppend extends Error {
  constructor(
    readonly member: Member,
    override readonly cause: unknown,
  ) {
    super('a member failed after its log append');
  }
}

export function createGroupCommit(db: Executor, options: GroupCommitOptions = {}): GroupCommit {
  const maxBatch = options.maxBatch ?? 48;
  const lockTimeoutMs = options.lockTimeoutMs ?? 100;
  const inFlight = options.inFlight ?? 2;
  const queue: Member[] = [];
  let running = 0;

  /**
   * A member to try again: first in the next batch (the lock it waited for is usually free once the
   * holder committed), or, after MAX_DEFERRALS tries, alone — appending the usual way, the tx not
   * being a batch's — where waiting stalls nobody and a conflict is answered as an error.
   */
  function tryAgain(member: Member): void {
    member.deferred += 1;
    if (member.deferred < MAX_DEFERRALS) queue.unshift(member);
    else db.transaction().execute(member.work).then(member.resolve, member.reject);
  }

  /** Runs `member` under its savepoint until it finishes, fails or parks its entry. */
  async function runMember(tx: Tx, member: Member, setPark: (park: BatchLog['park']) => void): Promise<{ parked?: Parked; value?: unknown }> {
    await sql`savepoint member`.execute(tx);
    let entry: Pick<Parked, 'event' | 'give'> | undefined;
    let signal!: () => void;
    const parkedSignal = new Promise<void>((resolve) => (signal = resolve));
    setPark((event) => {
      if (entry) throw new Error('A group-commit member appends one log entry at most');
      return new Promise<LogPosition>((give) => {
        entry = { event, give };
        signal();
      });
    });
    const finished = member.work(tx);
    const first = await Promise.race([finished.then((value) => ({ value })), parkedSignal.then(() => undefined)]);
    if (first || !entry) return first ?? {};
    // Parked: a rejection of the rest of its work is collected at the end (no unhandled rejection meanwhile).
    finished.catch(() => undefined);
    return { parked: { member, ...entry, finished } };
  }

  /** Runs `members` in one transaction; answers them, or puts them back in the queue. */
  async function runBatch(members: Member[]): Promise<void> {
    const done: Array<{ member: Member; value: unknown }> = [];
    const deferred: Member[] = [];
    const failed = new Set<Member>();
    try {
      await db.transaction().execute(async (tx) => {
        await sql`select set_config('lock_timeout', ${`${lockTimeoutMs}ms`}, true)`.execute(tx);
        // The running member's park; none once the batch numbers its entries.
        let current: BatchLog['park'] | undefined;
        batches.set(tx, { park: (event) => (current ? current(event) : Promise.reject(new Error('The batch has no running member to append for'))) });
        const parked: Parked[] = [];
        for (const member of members) {
          try {
            const outcome = await runMember(tx, member, (next) => (current = next));
            if (outcome.parked) parked.push(outcome.parked);
            else done.push({ member, value: outcome.value });
          } catch (error) {
            // Never released: the rollback to the newest "member" savepoint undoes this member only.
            await sql`rollback to savepoint member`.execute(tx);
            if (wouldWait(error)) deferred.push(member);
            else {
              failed.add(member);
              member.reject(error);
            }
          }
        }
        current = undefined;
        if (parked.length === 0) return;
        // The head, waiting as long as it takes (another batch's end, other processes, single appends).
        await sql`select set_config('lock_timeout', '0', true)`.execute(tx);
        const head = await tx.selectFrom('platform.log_head').select('size').where('id', '=', true).forUpdate().executeTakeFirstOrThrow();
        // The members' last statements run under the short timeout again: they would hold the head while waiting.
        await sql`select set_config('lock_timeout', ${`${lockTimeoutMs}ms`}, true)`.execute(tx);
        const start = Number(head.size);
        const rows: PendingLogRow[] = parked.map((p, i) => {
          const { row, position } = numberEntry(start + i, p.event);
          p.give(position);
          return row;
        });
        // Every parked member finishes now (their statements queue on the one connection). Once one
        // statement failed, the ones after it fail with 25P02 whoever sent them: blame the first other.
        const outcomes = await Promise.allSettled(parked.map((p) => p.finished));
        const failures = parked.flatMap((p, i) => {
          const outcome = outcomes[i];
          return outcome?.status === 'rejected' ? [{ member: p.member, reason: outcome.reason as unknown }] : [];
        });
        const culprit = failures.find((f) => (f.reason as { code?: string } | undefined)?.code !== AFTER_ANOTHER_FAILURE) ?? failures[0];
        if (culprit) throw new FailedAfterAppend(culprit.member, culprit.reason);
        outcomes.forEach((outcome, i) => {
          const member = parked[i]?.member;
          if (member && outcome.status === 'fulfilled') done.push({ member, value: outcome.value });
        });
        await tx.insertInto('platform.audit_event').values(rows).execute();
        const moved = await tx
          .updateTable('platform.log_head')
          .set({ size: String(start + rows.length) })
          .where('id', '=', true)
          .where('size', '=', String(start))
          .executeTakeFirst();
        // Cannot happen while the batch holds the head; if it did, committing would fork the log.
        if (moved.numUpdatedRows !== 1n) throw new Error('The log head moved while the batch held it');
      });
    } catch (error) {
      if (error instanceof FailedAfterAppend) {
        // Nothing of the batch is kept: the failing member is answered (or tried again later when
        // it only would have waited), every other member that was not answered runs again.
        queue.unshift(...members.filter((m) => !failed.has(m) && m !== error.member));
        if (wouldWait(error.cause)) tryAgain(error.member);
        else error.member.reject(error.cause);
        return;
      }
      // The commit (or a statement of the batch's own) failed: nothing of it is durable, and every
      // member in it not already answered gets the error; those rolled back to wait are tried again.
      for (const member of members) if (!failed.has(member) && !deferred.includes(member)) member.reject(error);
      for (const member of deferred.toReversed()) tryAgain(member);
      return;
    }
    for (const { member, value } of done) member.resolve(value);
    for (const member of deferred.toReversed()) tryAgain(member);
  }

  let pumping = false;
  /**
   * Starts batches while there is work and a free slot, each with an equal share of the queue (so
   * that two batches overlap rather than one long one beside a run of single members). It runs
   * after the current turn of the event loop: the members that arrive together start together.
   */
  function pump(): void {
    if (pumping) return;
    pumping = true;
    setImmediate(() => {
      pumping = false;
      while (running < inFlight && queue.length > 0) {
        running += 1;
        void runBatch(queue.splice(0, Math.min(maxBatch, Math.ceil(queue.length / inFlight)))).finally(() => {
          running -= 1;
          pump();
        });
      }
    });
  }

  return {
    run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, deferred: 0, resolve: resolve as (value: unknown) => void, reject });
        pump();
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
