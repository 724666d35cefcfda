import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Principal, RequestContext } from '../apps/server/src/platform/http/access.js';
import type { BidCommit } from '../apps/server/src/modules/tendering/bid-commit.js';
import { createBiddingService, RECEIPT_KEY_NAME } from '../apps/server/src/modules/tendering/bidding.service.js';
import { type BidManifest, packageHash } from '../apps/server/src/modules/tendering/domain/sealed-bid/envelope.js';
import { NO_CREDIT_RESTRICTIONS, UNVERIFIED_SECURITY } from '../apps/server/src/modules/tendering/domain/ports.js';
import { allMigrations } from '../apps/server/src/platform.js';
import { systemClock } from '../apps/server/src/platform/clock.js';
import { sm2 } from '../apps/server/src/platform/crypto/gm/index.js';
import { type Database, openDatabase } from '../apps/server/src/platform/db/database.js';
import { migrateToLatest } from '../apps/server/src/platform/db/migrator.js';
import type { Tables } from '../apps/server/src/platform/db/tables.js';
import { createKeyStore } from '../apps/server/src/platform/keys/key-store.js';
import { createLocalDiskStore } from '../apps/server/src/platform/storage/local-disk-store.js';
import { startCheckpointer } from '../apps/server/src/platform/transparency/checkpointer.js';
import { LogService } from '../apps/server/src/platform/transparency/log-service.js';
import { platformCheckpointSigner } from '../apps/server/src/platform/transparency/signer.js';
import type { Benchmark, BenchResult } from './format.js';
import { progress } from './format.js';
import { closedLoop, percentile } from './support/closed-loop.js';
import { openLoop } from './support/open-loop.js';
import { runAsChild, spawnChild, withTempDir } from './support/processes.js';

/**
 * Durable bid receipts (issue #5: ≥ 1,000 receipts/s with p99 ≤ 100 ms on PostgreSQL).
 *
 * `BIDDERS` concurrent bidders, spread over `TENDERS` published tenders, each committing new
 * versions of their bid one after another through the real commit, the bidding service's `commit`
 * as the route calls it: the commits that arrive together are stored as one set (bid-commit.ts) —
 * Idempotency-Keys claimed, tenders share-locked and uploads locked, chunks checked against the
 * manifests, server time read once under the locks, deadline fence, previous versions superseded,
 * envelopes stored, uploads closed, the audit entries appended to the transparency log, the
 * receipts signed (one SM2 signature per set) and the answers stored — each counted when its
 * transaction is durable. The checkpointer signs in the same process, as in a worker.
 *
 * Not measured: uploading chunks (prepared rows, small bids) and the precheck before the
 * transaction (stateless certificate and manifest-signature verification, ≈ 2 SM2 verifies of
 * CPU that scale with processes, not with the database): each commit gets its precheck result
 * as `precheckCommit` would return it.
 *
 * Baseline: the same number of concurrent writers, each inserting one row into a plain table in
 * a transaction of its own (durable: synchronous commit), in the same database and run.
 *
 * PostgreSQL when DATABASE_URL is set (a database of its own: the log there only grows), PGlite
 * in a temporary directory otherwise. Everything runs in a child process (this file with `--child`).
 */
const BIDDERS = 32;
const TENDERS = 16;
const WARMUP_MS = 2_000;
const MEASURE_MS = 10_000;
/** Prepared uploads per bidder: more than any bidder commits in warm-up + measure (up to ≈ 2,500 commits/s). */
const UPLOADS_PER_BIDDER = 1_000;
/** The open loop: commits arriving at this rate (the goal), each bidder's every ARRIVING_BIDDERS-th. */
const OFFERED_PER_SECOND = 1_000;
const ARRIVING_BIDDERS = 500;

interface Phase {
  perSecond: number;
  /** This process's CPU time (user + system) per operation over the whole phase: the Node side's cost. */
  cpuMsPerOp: number;
  p50Ms: number;
  p99Ms: number;
  count: number;
}

interface ChildResult {
  /** Commits as the route runs them, from BIDDERS closed loops. */
  receipts: Phase;
  /** The same commits arriving at OFFERED_PER_SECOND from ARRIVING_BIDDERS bidders, each on its own (open loop). */
  offered: Phase;
  plain: Phase;
  failures: number;
}

export const receiptsBenchmark: Benchmark = {
  name: 'receipts',
  description: `durable bid receipts: ${BIDDERS} bidders committing (lock, deadline, envelope, log append, signed receipt) vs plain one-row durable inserts`,
  async run() {
    const url = process.env.DATABASE_URL;
    const result = url
      ? await runChild(`postgres:${url}`)
      : await withTempDir('ggzy-bench-receipts-', (dir) => runChild(`embedded:${dir}`));
    const prefix = url ? 'receipts.postgres' : 'receipts';
    if (!url) progress('receipts: DATABASE_URL is not set: PGlite only');
    return lines(prefix, result);
  },
};

function lines(prefix: string, r: ChildResult): BenchResult[] {
  return [
    { name: `${prefix}.commit`, metric: 'throughput', unit: 'receipts/s', value: r.receipts.perSecond, baseline: r.plain.perSecond },
    { name: `${prefix}.commit`, metric: 'p99', unit: 'ms', value: r.receipts.p99Ms, baseline: r.plain.p99Ms },
    { name: `${prefix}.offered${OFFERED_PER_SECOND}`, metric: 'throughput', unit: 'receipts/s', value: r.offered.perSecond, baseline: r.plain.perSecond },
    { name: `${prefix}.offered${OFFERED_PER_SECOND}`, metric: 'p99', unit: 'ms', value: r.offered.p99Ms, baseline: r.plain.p99Ms },
  ];
}

async function runChild(target: string): Promise<ChildResult> {
  const label = target.startsWith('postgres:') ? 'PostgreSQL' : 'PGlite';
  progress(
    `receipts: ${label}: ${BIDDERS} concurrent writers, ${WARMUP_MS / 1000}+${MEASURE_MS / 1000} s plain inserts, then the same with bid commits`,
  );
  const child = spawnChild([fileURLToPath(import.meta.url), '--child', target], {}, 'receipts benchmark');
  const code = await child.exited;
  process.stderr.write(child.stderr());
  if (code !== 0) throw new Error(`The receipts benchmark child exited with ${code}`);
  const result = JSON.parse(child.stdout()) as ChildResult;
  progress(`receipts: ${label}: ${JSON.stringify(result)}`);
  if (result.failures > 0) throw new Error(`${result.failures} commits failed`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// The child: everything timed happens here.

/** `work(writer)` from the writers' closed loops, with this process's CPU time per operation. */
async function drive(writers: number, work: (writer: number) => Promise<void>): Promise<{ phase: Phase; operations: number }> {
  const cpuBefore = process.cpuUsage();
  const { perSecond, latencies, operations } = await closedLoop(writers, { warmupMs: WARMUP_MS, measureMs: MEASURE_MS }, (writer) => work(writer));
  const cpu = process.cpuUsage(cpuBefore);
  return { operations, phase: { perSecond, cpuMsPerOp: (cpu.user + cpu.system) / 1000 / operations, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), count: latencies.length } };
}

type UploadRow = Selectable<Tables['tendering.bid_upload']>;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

async function measureInChild(target: string): Promise<ChildResult> {
  const postgres = target.startsWith('postgres:');
  const database: Database = postgres
    ? await openDatabase({ kind: 'postgres', url: target.slice('postgres:'.length), poolSize: BIDDERS + 4 })
    : await openDatabase({ kind: 'embedded', dataDir: target.slice('embedded:'.length) });
  try {
    const db = database.db;
    await migrateToLatest(db, allMigrations());
    await sql`
      drop schema if exists bench_receipts cascade;
      create schema bench_receipts;
      create table bench_receipts.plain (id bigserial primary key, writer integer not null, payload text not null, at timestamptz not null);
    `.execute(db);

    // The baseline: one durable single-row insert per transaction, same concurrency.
    const payload = hex(64);
    const plain = await drive(BIDDERS, async (writer) => {
      await db.transaction().execute(async (tx) => {
        await sql`insert into bench_receipts.plain (writer, payload, at) values (${writer}, ${payload}, now())`.execute(tx);
      });
    });

    // Tenders open for bids; the closed loop's bidders, one per loop, and the open loop's arrivals.
    const tenderIds = await seedTenders(db);
    const bidders = await seedBidders(db, tenderIds, BIDDERS, UPLOADS_PER_BIDDER);
    const arrivals = await seedBidders(db, tenderIds, ARRIVING_BIDDERS, Math.ceil((OFFERED_PER_SECOND * (WARMUP_MS + MEASURE_MS) * 1.1) / 1000 / ARRIVING_BIDDERS));

    const keys = createKeyStore(db, randomBytes(32), () => new Date());
    const service = createBiddingService({
      db,
      clock: systemClock,
      files: createLocalDiskStore(`${process.env.TMPDIR ?? '/tmp'}/ggzy-bench-receipts-files`),
      keys,
      ports: { credit: NO_CREDIT_RESTRICTIONS, security: UNVERIFIED_SECURITY },
      verifySignature: () => Promise.reject(new Error('the benchmark prechecks nothing')),
    });
    // What precheckCommit hands the transaction (its key read is outside the transaction too).
    const signingKey = await keys.getOrCreate(RECEIPT_KEY_NAME, () => ({ algorithm: 'SM2', ...sm2.generateKeyPair() }));

    const checkpointer = startCheckpointer({
      log: new LogService(db),
      signer: () => platformCheckpointSigner(keys),
      logger: { error: (...args: unknown[]) => process.stderr.write(`${JSON.stringify(args)}\n`), warn: () => undefined },
    });
    const ctx: RequestContext = { ip: '10.20.30.40' };
    let failures = 0;
    /** One commit of `bidder`'s next prepared upload, as the route commits it. */
    const commitNext = async (bidder: Bidder) => {
      const upload = bidder.uploads.pop();
      if (!upload) throw new Error(`${bidder.principal.username} ran out of prepared uploads`);
      const item: BidCommit = {
        principal: bidder.principal,
        uploadId: upload.id,
        input: bidder.input,
        checked: { upload, summary: Buffer.from(bidder.input.summary, 'base64'), certificateSerial: '01', signingKey },
        ctx,
        request: { scope: `${bidder.principal.userId} POST /api/bid-uploads/:uploadId/commit`, key: randomUUID(), body: { params: { uploadId: upload.id }, query: null, body: bidder.input }, now: systemClock.now() },
      };
      try {
        const result = await service.commit(item);
        if (result.statusCode !== 201) throw new Error(`commit answered ${result.statusCode}`);
      } catch (error) {
        failures += 1;
        if (failures <= 3) process.stderr.write(`commit failed: ${String(error)}\n`);
      }
    };
    /** Every receipt is one log entry, and nothing else was appended meanwhile (the checkpointer does not append). */
    const size = async () => Number((await db.selectFrom('platform.log_head').select('size').executeTakeFirstOrThrow()).size);
    const logGrowsByReceipts = async <T extends { operations: number }>(phase: () => Promise<T>): Promise<T> => {
      const before = await size();
      const failedBefore = failures;
      const result = await phase();
      const receipts = result.operations - (failures - failedBefore);
      if ((await size()) - before !== receipts) throw new Error(`${receipts} receipts but ${(await size()) - before} log entries`);
      return result;
    };
    const receipts = await logGrowsByReceipts(() => drive(BIDDERS, (writer) => commitNext(bidders[writer] as Bidder)));
    const offered = await logGrowsByReceipts(async () => {
      const cpuBefore = process.cpuUsage();
      const run = await openLoop(OFFERED_PER_SECOND, { warmupMs: WARMUP_MS, measureMs: MEASURE_MS }, (n) => commitNext(arrivals[n % ARRIVING_BIDDERS] as Bidder));
      const cpu = process.cpuUsage(cpuBefore);
      return { operations: run.operations, phase: { perSecond: run.perSecond, cpuMsPerOp: (cpu.user + cpu.system) / 1000 / run.operations, p50Ms: percentile(run.latencies, 50), p99Ms: percentile(run.latencies, 99), count: run.latencies.length } };
    });
    await checkpointer.stop();
    return { receipts: receipts.phase, offered: offered.phase, plain: plain.phase, failures };
  } finally {
    await database.close();
  }
}

async function seedTenders(db: Kysely<Tables>): Promise<string[]> {
  const now = new Date();
  const rows = await db
    .insertInto('tendering.tender')
    .values(
      Array.from({ length: TENDERS }, (_, i) => ({
        procedure_type: 'engineeringOpen',
        title: `基准测试招标公告 ${i}`,
        region_code: '520115',
        announcement: '…',
        status: 'published',
        owner_id: randomUUID(),
        owner_name: 'bench',
        documents_issued_at: now,
        bid_deadline: new Date(now.getTime() + 24 * 3_600_000),
        published_at: now,
        created_at: now,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

type Bidder = Awaited<ReturnType<typeof seedBidders>>[number];

const SECTION_CODE = 'E5201150000000000001001';

/** `count` bidders spread over the tenders, each with `uploads` open uploads holding one sealed 4 KiB chunk (what the commit checks against the manifest). */
async function seedBidders(db: Kysely<Tables>, tenderIds: string[], count: number, uploads: number) {
  const now = new Date();
  const chunkSm3 = hex(32);
  const bidders = Array.from({ length: count }, (_, i) => {
    const tenderId = tenderIds[i % tenderIds.length] ?? '';
    const userId = randomUUID();
    const manifest: BidManifest = {
      format: 'ggzy-bid/1',
      cipherSuite: 'SM4-CTR+HMAC-SM3',
      tenderId,
      sectionCode: SECTION_CODE,
      bidderId: userId,
      version: 1,
      size: 4_096,
      chunkCount: 1,
      packageSm3: packageHash([chunkSm3]),
      summarySm3: hex(32),
      keyCommitment: hex(32),
      wrappedKeys: { bidder: randomBytes(145).toString('base64'), opening: randomBytes(145).toString('base64') },
    };
    return {
      principal: { userId, username: `bidder${i}`, roles: ['bidder'], credentialId: 'bench', via: 'session' } satisfies Principal,
      tenderId,
      input: { manifest, summary: randomBytes(120).toString('base64'), signature: randomBytes(72).toString('base64'), certificate: '-----BEGIN CERTIFICATE-----…' },
      uploads: [] as UploadRow[],
    };
  });
  for (const bidder of bidders) {
    bidder.uploads = await db
      .insertInto('tendering.bid_upload')
      .values(
        Array.from({ length: uploads }, () => ({
          tender_id: bidder.tenderId,
          section_code: SECTION_CODE,
          bidder_id: bidder.principal.userId,
          chunk_size: 8 * 1024 * 1024,
          max_chunks: 256,
          status: 'open',
          created_at: now,
        })),
      )
      .returningAll()
      .execute();
    await db
      .insertInto('tendering.bid_chunk')
      .values(bidder.uploads.map((row) => ({ upload_id: row.id, index: 0, file_key: `bench/${row.id}`, size: 4_096, sm3: chunkSm3, sealed_magic: true, received_at: now })))
      .execute();
  }
  return bidders;
}

runAsChild(measureInChild);
