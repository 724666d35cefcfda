import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { leafHash } from '@ggzy/contracts';
import { sql } from 'kysely';
import pg from 'pg';
import { type AuditEntry, recordAudit } from '../apps/server/src/platform/audit/audit.js';
import { type Database, openDatabase } from '../apps/server/src/platform/db/database.js';
import { migrateToLatest } from '../apps/server/src/platform/db/migrator.js';
import { createKeyStore } from '../apps/server/src/platform/keys/key-store.js';
import { platformMigrations } from '../apps/server/src/platform/migrations/index.js';
import { startCheckpointer } from '../apps/server/src/platform/transparency/checkpointer.js';
import { sm3 } from '../apps/server/src/platform/transparency/hashes.js';
import { transparencyMigrations } from '../apps/server/src/platform/transparency/index.js';
import { LogService } from '../apps/server/src/platform/transparency/log-service.js';
import { platformCheckpointSigner } from '../apps/server/src/platform/transparency/signer.js';
import { MerkleTree } from '../apps/server/src/platform/transparency/tree.js';
import type { Benchmark, BenchResult } from './format.js';
import { progress } from './format.js';
import { closedLoop, percentile } from './support/closed-loop.js';
import { runAsChild, spawnChild, withTempDir } from './support/processes.js';

/**
 * The transparency log (docs/adr/0003-transparency-log.md), four figures:
 *
 * - `log.append` throughput: audit entries appended to the log (sequencer row lock, canonical
 *   bytes, SM3 + SHA-256 leaf hashes, append-only trigger) with the checkpointer signing in the
 *   same process, by 16 concurrent writers, one durable transaction per entry. Baseline: the
 *   same writers inserting the same audit row into a plain table as the audit trail did before
 *   the log (bigserial id, no bytes, no hashes, no sequencer), in the same database.
 * - `log.checkpoint` p99: from an append's commit to the commit of the first signed checkpoint
 *   covering it, over every append of the measured window (goal ≤ 1 s). Baseline: the median
 *   time between two checkpoints in the same run (the checkpointer's actual period), so a ratio
 *   near 1 says an entry waits about one period at worst.
 * - `log.proof` p99: computing an SM3 inclusion proof for a random leaf of an in-memory tree of
 *   10^6 entries (goal ≤ 1 ms). Baseline: a primary-key read of one entry from the database —
 *   the least any API answer costs.
 * - `log.load` ready: a fresh process catching its in-memory trees up from the database at 10^6
 *   entries (what a restart costs before the first proof or checkpoint). Baseline: reading the
 *   same leaf hashes from the database alone, so the ratio is what rebuilding the trees adds.
 *
 * Embedded PGlite always (`log.*`); PostgreSQL too when BENCH_DATABASE_URL names a server
 * (`log.postgres.*`, in a scratch database created and dropped there). Everything database-side
 * runs in a child process (this file with `--child`), like the other benchmarks' servers.
 */
const WRITERS = 16;
const WARMUP_MS = 2_000;
const MEASURE_MS = 10_000;
const PROOF_TREE_SIZE = 1_000_000;
const PROOFS = 10_000;

interface ChildResult {
  appendsPerSecond: number;
  plainPerSecond: number;
  ttcP50Ms: number;
  ttcP99Ms: number;
  ttcMaxMs: number;
  commitP99Ms: number;
  checkpointPeriodMs: number;
  checkpoints: number;
  entries: number;
  proofP50Ms: number;
  proofP99Ms: number;
  pointReadP99Ms: number;
  treeBuildMs: number;
  catchUpMs: number;
  /** A fresh process's trees caught up from the database at 10^6 entries. */
  loadMs: number;
  /** Reading those 10^6 × 2 leaf hashes alone. */
  readMs: number;
}

export const logBenchmark: Benchmark = {
  name: 'log',
  description: 'transparency log: append throughput with checkpointing vs plain audit inserts, time to a signed checkpoint, inclusion proof at 10^6',
  async run() {
    const results: BenchResult[] = [];
    const embedded = await withTempDir('ggzy-bench-log-', (dir) => runChild(`embedded:${dir}`));
    results.push(...lines('log', embedded, true));
    const baseUrl = process.env.BENCH_DATABASE_URL;
    if (baseUrl) {
      const name = `ggzy_bench_log_${randomBytes(4).toString('hex')}`;
      await adminQuery(baseUrl, `create database ${name}`);
      try {
        const url = new URL(baseUrl);
        url.pathname = `/${name}`;
        results.push(...lines('log.postgres', await runChild(`postgres:${url.toString()}`), false));
      } finally {
        await adminQuery(baseUrl, `drop database if exists ${name} with (force)`);
      }
    } else {
      progress('log: BENCH_DATABASE_URL is not set: PostgreSQL skipped');
    }
    return results;
  },
};

function lines(prefix: string, r: ChildResult, withProof: boolean): BenchResult[] {
  return [
    { name: `${prefix}.append`, metric: 'throughput', unit: 'entries/s', value: r.appendsPerSecond, baseline: r.plainPerSecond },
    { name: `${prefix}.checkpoint`, metric: 'p99', unit: 'ms', value: r.ttcP99Ms, baseline: r.checkpointPeriodMs },
    ...(withProof ? [{ name: `${prefix}.proof`, metric: 'p99', unit: 'ms', value: r.proofP99Ms, baseline: r.pointReadP99Ms }] : []),
    { name: `${prefix}.load`, metric: 'ready', unit: 'ms', value: r.loadMs, baseline: r.readMs },
  ];
}

async function runChild(target: string): Promise<ChildResult> {
  const label = target.startsWith('postgres:') ? 'PostgreSQL' : 'PGlite';
  progress(`log: ${label}: ${WRITERS} writers, ${WARMUP_MS / 1000}+${MEASURE_MS / 1000} s plain inserts, then the same with the log`);
  const child = spawnChild([fileURLToPath(import.meta.url), '--child', target], {}, 'log benchmark');
  const code = await child.exited;
  process.stderr.write(child.stderr());
  if (code !== 0) throw new Error(`The log benchmark child exited with ${code}`);
  const result = JSON.parse(child.stdout()) as ChildResult;
  progress(`log: ${label}: ${JSON.stringify(result)}`);
  return result;
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// The child: everything timed happens here.

function event(n: number): AuditEntry {
  return {
    actorId: '2f1c6a1e-8d7b-4c1a-9a8e-0b6f3c2d1e0f',
    actorName: `bidder${n % 100}`,
    action: 'bid.submit',
    target: `bid:${n}`,
    outcome: 'success',
    ip: '10.20.30.40',
    detail: { sectionCode: 'E5201000001001001', ciphertextSm3: randomBytes(32).toString('hex'), size: 1_048_576 },
    at: new Date(),
  };
}

/** `work(n)` from the writers' closed loops (n counts operations across writers). */
const drive = (writers: number, work: (n: number) => Promise<void>) => closedLoop(writers, { warmupMs: WARMUP_MS, measureMs: MEASURE_MS }, (_, n) => work(n));

async function measureInChild(target: string): Promise<ChildResult> {
  const database: Database = target.startsWith('postgres:')
    ? await openDatabase({ kind: 'postgres', url: target.slice('postgres:'.length), poolSize: WRITERS + 2 })
    : await openDatabase({ kind: 'embedded', dataDir: target.slice('embedded:'.length) });
  try {
    const db = database.db;
    await migrateToLatest(db, { ...platformMigrations, ...transparencyMigrations });
    // The audit trail as it was before the log, for the baseline.
    await sql`
      create schema bench_plain;
      create table bench_plain.audit_event (
        id bigserial primary key, actor_id uuid, actor_name text, action text not null, target text,
        outcome text not null check (outcome in ('success', 'failure')), ip text, detail jsonb not null default '{}', at timestamptz not null
      );
      create index on bench_plain.audit_event (at desc);
    `.execute(db);

    const plain = await drive(WRITERS, async (n) => {
      const e = event(n);
      await db.transaction().execute(async (tx) => {
        await sql`insert into bench_plain.audit_event (actor_id, actor_name, action, target, outcome, ip, detail, at)
                  values (${e.actorId}, ${e.actorName}, ${e.action}, ${e.target}, ${e.outcome}, ${e.ip}, ${JSON.stringify(e.detail)}, ${e.at})`.execute(tx);
      });
    });

    const keys = createKeyStore(db, randomBytes(32), () => new Date());
    const checkpoints: Array<{ treeSize: number; at: number }> = [];
    const checkpointer = startCheckpointer({
      log: new LogService(db),
      signer: () => platformCheckpointSigner(keys),
      logger: { error: (...args: unknown[]) => process.stderr.write(`${JSON.stringify(args)}\n`), warn: () => undefined },
      onCheckpoint: (c) => checkpoints.push({ treeSize: c.treeSize, at: performance.now() }),
    });
    const appended: Array<{ index: number; at: number }> = [];
    const windowStart = performance.now() + WARMUP_MS;
    const logged = await drive(WRITERS, async (n) => {
      const position = await recordAudit(db, event(n));
      appended.push({ index: position.index, at: performance.now() });
    });
    // Let the last appends be covered, then stop.
    const last = Math.max(...appended.map((a) => a.index));
    const deadline = performance.now() + 5_000;
    while ((checkpoints.at(-1)?.treeSize ?? 0) <= last && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await checkpointer.stop();

    // The checkpointer's period as it ran: the median gap between consecutive checkpoints.
    const gaps = checkpoints.slice(1).map((cp, i) => cp.at - (checkpoints[i]?.at ?? cp.at));
    const ttc: number[] = [];
    let c = 0;
    for (const a of appended.toSorted((x, y) => x.index - y.index)) {
      while (c < checkpoints.length && (checkpoints[c]?.treeSize ?? 0) <= a.index) c += 1;
      const covering = checkpoints[c];
      if (!covering) throw new Error(`Entry ${a.index} was never covered by a checkpoint`);
      // Warm-up appends are left out (the first checkpoint also creates the signing key).
      if (a.at >= windowStart) ttc.push(Math.max(0, covering.at - a.at));
    }

    // Catching up a fresh process's trees from the database (what a restart costs, per entry).
    const catchUpStarted = performance.now();
    const fresh = new LogService(db);
    await fresh.ensure(await fresh.headSize());
    const catchUpMs = performance.now() - catchUpStarted;

    // Point reads of one entry by primary key: the baseline for proof time.
    const size = await fresh.headSize();
    const reads: number[] = [];
    for (let i = 0; i < 2_000; i += 1) {
      const id = String(Math.floor(Math.random() * size));
      const began = performance.now();
      await db.selectFrom('platform.audit_event').select(['leaf']).where('id', '=', id).executeTakeFirstOrThrow();
      reads.push(performance.now() - began);
    }

    // A restart at 10^6 entries: synthetic rows (leaf hashes only matter here) fill the log up,
    // then a fresh process's trees catch up from the database.
    await sql`insert into platform.audit_event (id, action, outcome, detail, at, leaf, leaf_sm3, leaf_sha256)
              select g, 'bench.synthetic', 'success', '{}', now(), '\\x00', sha256(int8send(g)), sha256(int8send(-g - 1))
              from generate_series(${size}::bigint, ${PROOF_TREE_SIZE - 1}::bigint) g`.execute(db);
    await sql`update platform.log_head set size = ${PROOF_TREE_SIZE}`.execute(db);
    const readStarted = performance.now();
    for (let from = 0; from < PROOF_TREE_SIZE; from += 20_000) {
      await sql`select string_agg(leaf_sm3 || leaf_sha256, ''::bytea order by id) from platform.audit_event
                where id >= ${String(from)} and id < ${String(Math.min(PROOF_TREE_SIZE, from + 20_000))}`.execute(db);
    }
    const readMs = performance.now() - readStarted;
    const loadStarted = performance.now();
    await new LogService(db).ensure(PROOF_TREE_SIZE);
    const loadMs = performance.now() - loadStarted;

    // Inclusion proofs at 10^6 entries, in memory.
    const buildStarted = performance.now();
    const tree = new MerkleTree(sm3);
    const seed = randomBytes(32);
    for (let i = 0; i < PROOF_TREE_SIZE; i += 1) {
      seed.writeUInt32BE(i, 0);
      tree.append(leafHash(sm3, seed));
    }
    const treeBuildMs = performance.now() - buildStarted;
    const proofs: number[] = [];
    for (let i = 0; i < PROOFS; i += 1) {
      const index = Math.floor(Math.random() * PROOF_TREE_SIZE);
      const began = performance.now();
      tree.inclusionProof(index, PROOF_TREE_SIZE);
      proofs.push(performance.now() - began);
    }

    return {
      appendsPerSecond: logged.perSecond,
      plainPerSecond: plain.perSecond,
      ttcP50Ms: percentile(ttc, 50),
      ttcP99Ms: percentile(ttc, 99),
      ttcMaxMs: Math.max(...ttc),
      commitP99Ms: percentile(logged.latencies, 99),
      checkpointPeriodMs: percentile(gaps, 50),
      checkpoints: checkpoints.length,
      entries: appended.length,
      proofP50Ms: percentile(proofs, 50),
      proofP99Ms: percentile(proofs, 99),
      pointReadP99Ms: percentile(reads, 99),
      treeBuildMs,
      catchUpMs,
      loadMs,
      readMs,
    };
  } finally {
    await database.close();
  }
}

runAsChild(measureInChild);
