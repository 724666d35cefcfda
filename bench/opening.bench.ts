import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { NO_CREDIT_RESTRICTIONS, UNVERIFIED_SECURITY } from '../apps/server/src/modules/tendering/domain/ports.js';
import { parseOpeningSummary } from '../apps/server/src/modules/tendering/domain/opening.js';
import { keyCommitment, newDataKey, open, seal, unwrapKey, wrapKey } from '../apps/server/src/modules/tendering/domain/sealed-bid/envelope.js';
import { combineShares, type Share, splitSecret } from '../apps/server/src/modules/tendering/domain/sealed-bid/shamir.js';
import { createOpeningHallService } from '../apps/server/src/modules/tendering/opening-hall.service.js';
import { createOpeningService } from '../apps/server/src/modules/tendering/opening.service.js';
import { manualClock } from '../apps/server/src/platform/clock.js';
import { sm2 } from '../apps/server/src/platform/crypto/gm/index.js';
import { type Database, openDatabase } from '../apps/server/src/platform/db/database.js';
import type { Executor, Tx } from '../apps/server/src/platform/db/tables.js';
import { migrateToLatest } from '../apps/server/src/platform/db/migrator.js';
import { publishEvent } from '../apps/server/src/platform/events/outbox.js';
import type { Principal } from '../apps/server/src/platform/http/access.js';
import { createKeyStore } from '../apps/server/src/platform/keys/key-store.js';
import { allMigrations } from '../apps/server/src/platform.js';
import type { Benchmark, BenchResult } from './format.js';
import { progress } from './format.js';
import { median, withTempDir } from './support/processes.js';

/**
 * The remote opening of one section with 200 bids (issue #5), through the opening service and a
 * real database (embedded PGlite; PostgreSQL too when BENCH_DATABASE_URL names a server):
 *
 * - `opening.decrypt`: the opening starts (count fixed, 200 bids listed), 200 bidders each submit
 *   their data key in a transaction of their own (commitment check, summary MAC, SM4 decrypt,
 *   hall event, audit entry in the transparency log), the ceiling price is announced and the
 *   record (开标记录表) is built and published. Baseline: the raw crypto of the same 200 bids in a
 *   loop — SM3 key-commitment check, HMAC-SM3 summary MAC, SM4 decrypt, summary parse — so the
 *   ratio is the platform's overhead (transactions, locks, events, audit log) per opening.
 * - `opening.fallback`: the same for 200 bids nobody decrypted: the window passes, staff call
 *   the custodians, 3 of 5 shares come in, the third rebuilds the SM2 opening key, which unwraps
 *   and decrypts all 200 in that transaction; then the ceiling price and the record. Baseline:
 *   combining the shares and unwrapping (SM2) and decrypting the 200 summaries in a loop.
 *
 * Bids are written straight into the tables (setup, not timed): the upload, commit and signature
 * path has benchmarks of its own.
 */
const BIDS = 200;
const WARMUP_BIDS = 10;
const DEADLINE = new Date('2026-12-18T01:30:00Z');

export const openingBenchmark: Benchmark = {
  name: 'opening',
  description: `remote opening of ${BIDS} bids: bidder keys + record, and the 3-of-5 custodian fallback, vs the raw crypto of the same bids`,
  async run() {
    const results: BenchResult[] = [];
    results.push(...(await withTempDir('ggzy-bench-opening-', async (dir) => measure('opening', await openDatabase({ kind: 'embedded', dataDir: dir })))));
    const baseUrl = process.env.BENCH_DATABASE_URL;
    if (baseUrl) {
      const name = `ggzy_bench_opening_${randomBytes(4).toString('hex')}`;
      await adminQuery(baseUrl, `create database ${name}`);
      try {
        const url = new URL(baseUrl);
        url.pathname = `/${name}`;
        results.push(...(await measure('opening.postgres', await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 }))));
      } finally {
        await adminQuery(baseUrl, `drop database if exists ${name} with (force)`);
      }
    } else {
      progress('opening: BENCH_DATABASE_URL is not set: PostgreSQL skipped');
    }
    return results;
  },
};

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A 23-character section code (the table's only check). */
const sectionCode = (n: number) => `520115-2026-0001-${String(n).padStart(6, '0')}`;
const principal = (username: string, role: 'centreStaff' | 'bidder' | 'supervisor', userId: string = randomUUID()): Principal => ({ userId, username, roles: [role], credentialId: 'bench', via: 'session' });
const ctx = { ip: '127.0.0.1' };

interface SeededBid {
  bidderId: string;
  dataKey: Buffer;
  commitment: string;
  summary: Buffer;
  wrapped: string;
}

interface Seeded {
  tenderId: string;
  sections: Map<string, SeededBid[]>;
  shares: Share[];
  custodians: string[];
}

/** One published tender past its deadline with `sections` × `bids` committed bids and a 3-of-5 opening key. */
async function seed(db: Executor, sectionSizes: Record<string, number>): Promise<Seeded> {
  const opening = sm2.generateKeyPair();
  const shares = splitSecret(opening.privateKey, 3, 5, (size) => randomBytes(size));
  const custodians = shares.map(() => randomUUID());
  const tender = await db
    .insertInto('tendering.tender')
    .values({
      procedure_type: 'engineeringOpen',
      title: '开标性能测试工程施工招标',
      region_code: '520115',
      announcement: '—',
      status: 'published',
      owner_id: randomUUID(),
      owner_name: '招标人',
      documents_issued_at: new Date(DEADLINE.getTime() - 30 * 86_400_000),
      bid_deadline: DEADLINE,
      review_reason: null,
      reviewed_by: null,
      published_at: new Date(DEADLINE.getTime() - 30 * 86_400_000),
      suspended_at: null,
      created_at: new Date(DEADLINE.getTime() - 31 * 86_400_000),
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  await db.insertInto('tendering.opening_key').values({ tender_id: tender.id, public_key: opening.publicKey, threshold: 3, custodian_count: 5, created_by: custodians[0] ?? '', created_at: DEADLINE }).execute();
  await db
    .insertInto('tendering.opening_key_share')
    .values(shares.map((s, i) => ({ tender_id: tender.id, x: s.x, custodian_id: custodians[i] ?? '', custodian_public_key: '-', wrapped_share: '-' })))
    .execute();
  const sections = new Map<string, SeededBid[]>();
  for (const [code, count] of Object.entries(sectionSizes)) {
    await db
      .insertInto('tendering.section')
      .values({ tender_id: tender.id, section_code: code, name: code, estimated_amount: '15000000.00', ceiling_price: '14800000.00', security_kind: 'none', security_amount: '0.00' })
      .execute();
    const bids: SeededBid[] = [];
    for (let i = 0; i < count; i++) {
      const bidderId = randomUUID();
      const dataKey = newDataKey();
      const bid = { bidderId, dataKey, commitment: keyCommitment(dataKey), summary: seal(dataKey, Buffer.from(JSON.stringify({ price: `${14_000_000 + i * 100}.00`, duration: '365日', quality: '合格' }))), wrapped: wrapKey(dataKey, opening.publicKey) };
      bids.push(bid);
      await db.insertInto('tendering.document_registration').values({ tender_id: tender.id, bidder_id: bidderId, bidder_name: `投标人${i + 1}`, registered_at: DEADLINE }).onConflict((c) => c.doNothing()).execute();
      const upload = await db
        .insertInto('tendering.bid_upload')
        .values({ tender_id: tender.id, section_code: code, bidder_id: bidderId, chunk_size: 8 << 20, max_chunks: 64, status: 'committed', created_at: DEADLINE })
        .returning(['id'])
        .executeTakeFirstOrThrow();
      await db
        .insertInto('tendering.bid')
        .values({
          tender_id: tender.id,
          section_code: code,
          bidder_id: bidderId,
          version: 1,
          status: 'submitted',
          upload_id: upload.id,
          size: 1024,
          chunk_count: 1,
          package_sm3: '0'.repeat(64),
          summary: bid.summary,
          summary_sm3: '0'.repeat(64),
          key_commitment: bid.commitment,
          wrapped_key_bidder: '-',
          wrapped_key_opening: bid.wrapped,
          manifest: '{}',
          signature: '-',
          certificate_serial: '-',
          received_at: new Date(DEADLINE.getTime() - (count - i) * 1000),
        })
        .execute();
    }
    sections.set(code, bids);
  }
  return { tenderId: tender.id, sections, shares, custodians };
}

async function measure(prefix: string, database: Database): Promise<BenchResult[]> {
  try {
    const db = database.db;
    await migrateToLatest(db, allMigrations());
    const clock = manualClock(new Date(DEADLINE.getTime() + 60_000));
    const keys = createKeyStore(db, randomBytes(32), () => clock.now());
    const events = { publish: (tx: Executor, topic: string, payload: object) => publishEvent(tx, topic, payload, clock.now()) };
    const ports = { credit: NO_CREDIT_RESTRICTIONS, security: UNVERIFIED_SECURITY };
    const service = createOpeningService({ db, clock, keys, ports, events });
    const hall = createOpeningHallService({ db, clock, events });
    const staff = principal('staff', 'centreStaff');
    const sealKey = await service.floatSeedKey();
    await service.signingKey();
    progress(`${prefix}: seeding ${2 * BIDS + 2 * WARMUP_BIDS} sealed bids`);
    const seeded = await seed(db, { [sectionCode(1)]: WARMUP_BIDS, [sectionCode(2)]: WARMUP_BIDS, [sectionCode(3)]: BIDS, [sectionCode(4)]: BIDS });
    const tx = <T>(work: (t: Tx) => Promise<T>) => db.transaction().execute(work);
    const bidsOf = (section: string) => seeded.sections.get(section) ?? [];

    /** Bidders' keys → record; returns ms. */
    const byBidders = async (section: string) => {
      clock.set(new Date(DEADLINE.getTime() + 60_000));
      const started = performance.now();
      await tx((t) => service.start(t, staff, seeded.tenderId, section, {}, sealKey, ctx));
      for (const bid of bidsOf(section)) {
        const bidder = principal('bidder', 'bidder', bid.bidderId);
        await tx((t) => service.submitDataKey(t, bidder, seeded.tenderId, section, { dataKey: bid.dataKey.toString('base64') }, ctx));
      }
      await tx((t) => hall.publishCeiling(t, staff, seeded.tenderId, section, ctx));
      clock.advance(31 * 60_000);
      const security = await service.securityStatuses(seeded.tenderId, section);
      const published = await tx((t) => service.publish(t, staff, seeded.tenderId, section, {}, security, ctx));
      const elapsed = performance.now() - started;
      checkRecord(published.body, bidsOf(section).length);
      return elapsed;
    };
    /** Nobody decrypts: custodian fallback → record; returns ms. */
    const byCustodians = async (section: string) => {
      clock.set(new Date(DEADLINE.getTime() + 60_000));
      const started = performance.now();
      await tx((t) => service.start(t, staff, seeded.tenderId, section, {}, sealKey, ctx));
      clock.advance(31 * 60_000);
      await tx((t) => service.requestFallback(t, staff, seeded.tenderId, section, ctx));
      for (const [i, share] of seeded.shares.slice(0, 3).entries()) {
        const custodian = principal(`custodian${i}`, 'supervisor', seeded.custodians[i]);
        await tx((t) => service.submitShare(t, custodian, seeded.tenderId, section, share, ctx));
      }
      await tx((t) => hall.publishCeiling(t, staff, seeded.tenderId, section, ctx));
      const security = await service.securityStatuses(seeded.tenderId, section);
      const published = await tx((t) => service.publish(t, staff, seeded.tenderId, section, {}, security, ctx));
      const elapsed = performance.now() - started;
      checkRecord(published.body, bidsOf(section).length);
      return elapsed;
    };
    const rawBidders = (section: string) => {
      const started = performance.now();
      for (const bid of bidsOf(section)) {
        if (keyCommitment(bid.dataKey) !== bid.commitment) throw new Error('commitment');
        parseOpeningSummary(open(bid.dataKey, bid.summary));
      }
      return performance.now() - started;
    };
    const rawCustodians = (section: string) => {
      const started = performance.now();
      const privateKey = combineShares(seeded.shares.slice(0, 3));
      for (const bid of bidsOf(section)) {
        const dataKey = unwrapKey(bid.wrapped, privateKey);
        if (keyCommitment(dataKey) !== bid.commitment) throw new Error('commitment');
        parseOpeningSummary(open(dataKey, bid.summary));
      }
      return performance.now() - started;
    };

    progress(`${prefix}: warm-up with ${WARMUP_BIDS} bids each way`);
    await byBidders(sectionCode(1));
    await byCustodians(sectionCode(2));
    rawBidders(sectionCode(1));
    rawCustodians(sectionCode(2));
    // The raw loops are short and noisy: the median of 5 runs.
    progress(`${prefix}: ${BIDS} bids, bidder keys`);
    const decrypt = await byBidders(sectionCode(3));
    const decryptBase = median(Array.from({ length: 5 }, () => rawBidders(sectionCode(3))));
    progress(`${prefix}: ${BIDS} bids, custodian fallback`);
    const fallback = await byCustodians(sectionCode(4));
    const fallbackBase = median(Array.from({ length: 5 }, () => rawCustodians(sectionCode(4))));
    progress(`${prefix}: decrypt ${decrypt.toFixed(0)} ms (raw ${decryptBase.toFixed(1)} ms), fallback ${fallback.toFixed(0)} ms (raw ${fallbackBase.toFixed(0)} ms)`);
    return [
      { name: `${prefix}.decrypt`, metric: 'total', unit: 'ms', value: decrypt, baseline: decryptBase },
      { name: `${prefix}.fallback`, metric: 'total', unit: 'ms', value: fallback, baseline: fallbackBase },
    ];
  } finally {
    await database.close();
  }
}

/** The benchmark measures a correct opening only: every bid read out with its price. */
function checkRecord(body: unknown, count: number) {
  const rows = (body as { record: { rows: Array<{ price: string | null }> } }).record.rows;
  if (rows.length !== count || rows.some((r) => r.price === null)) throw new Error(`the record has ${rows.length} rows, ${rows.filter((r) => r.price === null).length} without a price`);
}
