import { randomBytes, randomUUID } from 'node:crypto';
import type { BidReceipt } from '@ggzy/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../platform/clock.js';
import { sm2 } from '../../platform/crypto/gm/index.js';
import type { Database } from '../../platform/db/database.js';
import type { Principal } from '../../platform/http/access.js';
import type { IdempotentRequest, IdempotentResult } from '../../platform/idempotency/idempotency.js';
import { databaseTargets } from '../../platform/testing/databases.js';
import { type CommitSet, createGroupCommit } from '../../platform/transparency/group-commit.js';
import { allMigrations } from '../../platform.js';
import { type BidCommit, bidCommitSet, receiptSignatureValid } from './bid-commit.js';
import { type BidManifest, packageHash } from './domain/sealed-bid/envelope.js';

const SECTION = 'E5201150000000000001001';
const CHUNK_SIZE = 4_096;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
/** The platform's receipt key, as precheckCommit hands it to the commit. */
const signingKey = sm2.generateKeyPair();

const bidder = (): Principal => {
  const userId = randomUUID();
  return { userId, username: `bidder-${userId.slice(0, 8)}`, roles: ['bidder'], credentialId: 'test', via: 'session' };
};

/** A commit's answer body is its receipt. */
const receiptOf = (result: IdempotentResult) => result.body as BidReceipt;

/**
 * The bid commit (bid-commit.ts) as the route drives it: through the group commit, each item
 * prechecked as precheckCommit would (rows seeded directly, as bench/receipts.bench.ts does). A
 * manual clock stands for server time.
 */
describe.each(databaseTargets())('bid commit of a set on $name', (target) => {
  let database: Database;
  const clock = manualClock('2026-12-01T02:00:00Z');
  /** The sizes of the sets the group commit handed to bidCommitSet, in order. */
  const setSizes: number[] = [];
  let commit: (item: BidCommit) => Promise<IdempotentResult>;

  beforeAll(async () => {
    database = await target.open(allMigrations(), { poolSize: 8 });
    const inner = bidCommitSet(clock);
    const recorded: CommitSet<BidCommit, IdempotentResult> = (tx, items) => {
      setSizes.push(items.length);
      return inner(tx, items);
    };
    const group = createGroupCommit(database.db, recorded, { maxBatch: 64, inFlight: 1, overlapAt: 64 });
    commit = (item) => group.run(item);
  });
  afterAll(() => database?.close());

  /** Commits the items arriving together; returns the settled answers and the set sizes they took. */
  const commitTogether = async (items: BidCommit[]) => {
    const before = setSizes.length;
    const results = await Promise.allSettled(items.map((item) => commit(item)));
    return { results, sets: setSizes.slice(before) };
  };

  const head = async () => Number((await database.db.selectFrom('platform.log_head').select('size').executeTakeFirstOrThrow()).size);

  const seedTender = async (deadline: Date) =>
    (
      await database.db
        .insertInto('tendering.tender')
        .values({
          procedure_type: 'engineeringOpen',
          title: '投标提交测试',
          region_code: '520115',
          announcement: '—',
          status: 'published',
          owner_id: randomUUID(),
          owner_name: '招标人',
          documents_issued_at: clock.now(),
          bid_deadline: deadline,
          published_at: clock.now(),
          created_at: clock.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  /** An open upload of `principal` on the tender, its one sealed chunk in. */
  const seedUpload = async (tenderId: string, principal: Principal) => {
    const upload = await database.db
      .insertInto('tendering.bid_upload')
      .values({
        tender_id: tenderId,
        section_code: SECTION,
        bidder_id: principal.userId,
        chunk_size: 8 * 1024 * 1024,
        max_chunks: 256,
        status: 'open',
        created_at: clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const chunkSm3 = hex(32);
    await database.db
      .insertInto('tendering.bid_chunk')
      .values({
        upload_id: upload.id,
        index: 0,
        file_key: `test/${upload.id}`,
        size: CHUNK_SIZE,
        sm3: chunkSm3,
        sealed_magic: true,
        received_at: clock.now(),
      })
      .execute();
    return { upload, chunkSm3 };
  };

  /** The commit of an upload, as precheckCommit leaves it; `key` is its Idempotency-Key. */
  const commitItem = (
    principal: Principal,
    seeded: Awaited<ReturnType<typeof seedUpload>>,
    options: { key?: string; size?: number } = {},
  ): BidCommit => {
    const { upload, chunkSm3 } = seeded;
    const manifest: BidManifest = {
      format: 'ggzy-bid/1',
      cipherSuite: 'SM4-CTR+HMAC-SM3',
      tenderId: upload.tender_id,
      sectionCode: upload.section_code,
      bidderId: principal.userId,
      version: 1,
      size: options.size ?? CHUNK_SIZE,
      chunkCount: 1,
      packageSm3: packageHash([chunkSm3]),
      summarySm3: hex(32),
      keyCommitment: hex(32),
      wrappedKeys: { bidder: randomBytes(145).toString('base64'), opening: randomBytes(145).toString('base64') },
    };
    const input = {
      manifest,
      summary: randomBytes(120).toString('base64'),
      signature: randomBytes(72).toString('base64'),
      certificate: '-----BEGIN CERTIFICATE-----…',
    };
    const request: IdempotentRequest = {
      scope: `${principal.userId} POST /api/bid-uploads/:uploadId/commit`,
      key: options.key ?? randomUUID(),
      body: { params: { uploadId: upload.id }, query: null, body: input },
      now: clock.now(),
    };
    return {
      principal,
      uploadId: upload.id,
      input,
      checked: { upload, summary: Buffer.from(input.summary, 'base64'), certificateSerial: '01', signingKey },
      ctx: { ip: '10.20.30.40' },
      request,
    };
  };

  const claimOf = (item: BidCommit) =>
    database.db
      .selectFrom('platform.idempotency_key')
      .select(['status_code'])
      .where('scope', '=', item.request.scope)
      .where('key', '=', item.request.key)
      .executeTakeFirst();

  const bidsOf = (tenderId: string, principal: Principal) =>
    database.db
      .selectFrom('tendering.bid')
      .select(['id', 'version', 'status', 'upload_id'])
      .where('tender_id', '=', tenderId)
      .where('bidder_id', '=', principal.userId)
      .orderBy('version')
      .execute();

  it('commits a set of bids with one signature over their receipts: each verifies, numbered consecutively in the log', async () => {
    const tenderId = await seedTender(new Date(clock.now().getTime() + 3_600_000));
    const bidders = Array.from({ length: 5 }, bidder);
    const items = await Promise.all(bidders.map(async (b) => commitItem(b, await seedUpload(tenderId, b))));
    const start = await head();
    const { results, sets } = await commitTogether(items);
    expect(sets).toEqual([5]);
    const answers = results.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
    expect(answers.map((a) => [a?.statusCode, a?.replayed])).toEqual(items.map(() => [201, false]));
    const receipts = answers.map((a) => (a ? receiptOf(a) : undefined));
    expect(receipts.map((r) => r && receiptSignatureValid(r))).toEqual([true, true, true, true, true]);
    expect(new Set(receipts.map((r) => r?.signature)).size).toBe(1);
    expect(receipts.map((r) => [r?.logIndex, r?.batch.index, r?.batch.size, r?.bidderId, r?.version])).toEqual(
      bidders.map((b, i) => [start + i, i, 5, b.userId, 1]),
    );
    expect(await head()).toBe(start + 5);
    // Each receipt names its own log entry; and a changed field no longer verifies.
    const entries = await database.db
      .selectFrom('platform.audit_event')
      .select(['id', 'target', 'leaf_sm3'])
      .where('id', '>=', String(start))
      .orderBy('id')
      .execute();
    expect(entries.map((e) => [Number(e.id), e.target, e.leaf_sm3.toString('hex')])).toEqual(
      receipts.map((r) => [r?.logIndex, r?.bidId, r?.leafHashSm3]),
    );
    const [first] = receipts;
    expect(first && receiptSignatureValid({ ...first, version: 2 })).toBe(false);
    // The uploads are closed and the answers stored under their keys.
    const uploads = await database.db.selectFrom('tendering.bid_upload').select('status').where('tender_id', '=', tenderId).execute();
    expect(uploads.map((u) => u.status)).toEqual(items.map(() => 'committed'));
    expect(await Promise.all(items.map(claimOf))).toEqual(items.map(() => ({ status_code: 201 })));
  });

  it('defers a second commit of one bidder on one section to the next set: version 2, superseding version 1', async () => {
    const tenderId = await seedTender(new Date(clock.now().getTime() + 3_600_000));
    const b = bidder();
    const items = [commitItem(b, await seedUpload(tenderId, b)), commitItem(b, await seedUpload(tenderId, b))];
    const { results, sets } = await commitTogether(items);
    expect(sets).toEqual([2, 1]);
    const receipts = results.map((r) => (r.status === 'fulfilled' ? receiptOf(r.value) : undefined));
    expect(receipts.map((r) => r?.version)).toEqual([1, 2]);
    expect(receipts.map((r) => r && receiptSignatureValid(r))).toEqual([true, true]);
    expect((receipts[1]?.logIndex ?? 0) - (receipts[0]?.logIndex ?? 0)).toBe(1);
    // Only the later version is live.
    expect((await bidsOf(tenderId, b)).map((bid) => [bid.version, bid.status, bid.upload_id])).toEqual([
      [1, 'superseded', items[0]?.uploadId],
      [2, 'submitted', items[1]?.uploadId],
    ]);
  });

  it('commits once for one Idempotency-Key sent twice in a set: the second caller gets the same answer, replayed', async () => {
    const tenderId = await seedTender(new Date(clock.now().getTime() + 3_600_000));
    const b = bidder();
    const item = commitItem(b, await seedUpload(tenderId, b));
    const start = await head();
    const { results, sets } = await commitTogether([item, { ...item }]);
    expect(sets).toEqual([2, 1]);
    const [first, retry] = results.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
    expect(first).toMatchObject({ statusCode: 201, replayed: false });
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await head()).toBe(start + 1);
    expect(await bidsOf(tenderId, b)).toHaveLength(1);
  });

  it('refuses a bid whose chunks do not match its manifest, releasing its key, while the others of the set commit', async () => {
    const tenderId = await seedTender(new Date(clock.now().getTime() + 3_600_000));
    const bidders = Array.from({ length: 3 }, bidder);
    const items = await Promise.all(
      bidders.map(async (b, i) => commitItem(b, await seedUpload(tenderId, b), { size: i === 1 ? CHUNK_SIZE + 1 : CHUNK_SIZE })),
    );
    const start = await head();
    const { results, sets } = await commitTogether(items);
    expect(sets).toEqual([3]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: { code: 'MANIFEST_MISMATCH', params: { field: 'size' } } });
    expect(results.map((r) => r.status === 'fulfilled' && receiptOf(r.value).logIndex)).toEqual([start, false, start + 1]);
    // The refused bid's claim is gone (a retry with the key runs the commit again); the others' answers are stored.
    expect(await Promise.all(items.map(claimOf))).toEqual([{ status_code: 201 }, undefined, { status_code: 201 }]);
    expect(await bidsOf(tenderId, bidders[1] ?? bidder())).toEqual([]);
    expect(await head()).toBe(start + 2);
  });

  it('refuses a second commit of an upload already committed (UPLOAD_CLOSED), releasing its key', async () => {
    const tenderId = await seedTender(new Date(clock.now().getTime() + 3_600_000));
    const b = bidder();
    const seeded = await seedUpload(tenderId, b);
    const other = bidder();
    const otherItem = commitItem(other, await seedUpload(tenderId, other));
    // The same upload under two keys in one set: the second waits for the next set, where the upload is closed.
    const again = commitItem(b, seeded);
    const { results, sets } = await commitTogether([commitItem(b, seeded), again, otherItem]);
    expect(sets).toEqual([3, 1]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: { code: 'UPLOAD_CLOSED' } });
    expect(await claimOf(again)).toBeUndefined();
    expect((await bidsOf(tenderId, b)).map((bid) => [bid.version, bid.status])).toEqual([[1, 'submitted']]);
  });

  it('refuses bids at the deadline (BID_DEADLINE_PASSED) and keeps the one before its deadline, in one set', async () => {
    const now = clock.now();
    const closingNow = await seedTender(now);
    const closingLater = await seedTender(new Date(now.getTime() + 1));
    const [late, onTime] = [bidder(), bidder()];
    const lateItem = commitItem(late, await seedUpload(closingNow, late));
    const onTimeItem = commitItem(onTime, await seedUpload(closingLater, onTime));
    const start = await head();
    const { results, sets } = await commitTogether([lateItem, onTimeItem]);
    expect(sets).toEqual([2]);
    expect(results[0]).toMatchObject({
      status: 'rejected',
      reason: { code: 'BID_DEADLINE_PASSED', params: { deadline: now.toISOString(), receivedAt: now.toISOString() } },
    });
    expect(results[1]).toMatchObject({
      status: 'fulfilled',
      value: { statusCode: 201, body: { receivedAt: now.toISOString(), logIndex: start } },
    });
    expect(await claimOf(lateItem)).toBeUndefined();
    expect(await bidsOf(closingNow, late)).toEqual([]);
    expect(await head()).toBe(start + 1);
    // A millisecond later the other tender has closed too.
    clock.advance(1);
    const { results: after } = await commitTogether([commitItem(onTime, await seedUpload(closingLater, onTime))]);
    expect(after).toMatchObject([{ status: 'rejected', reason: { code: 'BID_DEADLINE_PASSED' } }]);
    expect((await bidsOf(closingLater, onTime)).map((bid) => bid.status)).toEqual(['submitted']);
  });
});
