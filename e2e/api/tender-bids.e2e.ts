import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BidReceipt } from '@ggzy/contracts';
import { receiptSignatureValid, setBiddingPorts } from '../../apps/server/src/modules/tendering/index.js';
import { manualClock } from '../../apps/server/src/platform/clock.js';
import { sm2 } from '../../apps/server/src/platform/crypto/gm/index.js';
import { e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';
import { signIn } from '../support/sign-in.js';
import type { client } from './http.js';
import {
  type BidderKey,
  bidderKey,
  commitBody,
  publishedTender,
  putChunk,
  registerProjectSection,
  sealBid,
  submitBid,
  tenderInput,
} from './tender-fixture.js';

type Api = ReturnType<typeof client>;
const DEADLINE = '2026-12-18T01:30:00.000Z';
const RACE_DEADLINE = '2026-12-21T01:30:00.000Z';
const MARKER = '投标总价：人民币壹仟肆佰伍拾万元整 PLAINTEXT-MARKER-14500000.00';

/** Sealed bids: chunked resumable upload, signature and hash checks, the deadline fence, receipts, modify and withdraw, confidentiality. */
describe.each(e2eDatabaseKinds())('sealed bids on %s', (database) => {
  const manual = manualClock('2026-11-27T02:00:00Z');
  // While `ticking`, every read of server time moves it 1 ms on: a race crosses the deadline
  // in the middle of a burst of commits, whatever the speed of the machine.
  let ticking = false;
  const clock = {
    now: () => {
      const now = manual.now();
      if (ticking) manual.advance(1);
      return now;
    },
    set: manual.set,
    advance: manual.advance,
  };
  let server: TestServer;
  let tenderer: Api;
  let staff: Api;
  const bidders: Api[] = [];
  const keys: BidderKey[] = [];
  let tenderId: string;
  let sectionCode: string;
  let openingPublicKey: string;
  let raceTenderId: string;
  let raceOpeningKey: string;
  const custodians = Array.from({ length: 5 }, () => sm2.generateKeyPair());
  const dataKeys: Buffer[] = [];

  async function signInAll() {
    const at = clock.now();
    tenderer = (await signIn(server.url, 'tenderer', { at })).api;
    staff = (await signIn(server.url, 'staff', { at })).api;
    bidders.length = 0;
    for (const name of ['bidder', 'bidder2', 'bidder3']) bidders.push((await signIn(server.url, name, { at })).api);
  }
  const bidderAt = (i: number): Api => {
    const api = bidders[i];
    if (!api) throw new Error(`no bidder ${i}`);
    return api;
  };
  const keyAt = (i: number): BidderKey => {
    const key = keys[i];
    if (!key) throw new Error(`no key ${i}`);
    return key;
  };

  beforeAll(async () => {
    server = await startTestServer({ database, clock });
    await signInAll();
    sectionCode = await registerProjectSection(tenderer, staff, '观山湖区第三中学教学楼建设工程', '2611-520115-48-01-510032');
    tenderId = await publishedTender(tenderer, staff, tenderInput(sectionCode, { bidDeadline: DEADLINE }));
    // Custodians: tenderer, agency, supervisor, platform (staff) and an independent one (admin here) — security.md §2.2.
    const custodianApis = [
      tenderer,
      (await signIn(server.url, 'agency', { at: clock.now() })).api,
      (await signIn(server.url, 'supervisor', { at: clock.now() })).api,
      staff,
      (await signIn(server.url, 'admin', { at: clock.now() })).api,
    ];
    const users: string[] = [];
    for (const api of custodianApis) users.push(((await api.get('/api/auth/me')).body as { id: string }).id);
    const ceremony = await staff.post(`/api/tenders/${tenderId}/opening-key`, {
      threshold: 3,
      custodians: users.map((userId, i) => ({ userId, publicKey: custodians[i]?.publicKey })),
    });
    if (ceremony.status !== 201) throw new Error(`opening key: ${ceremony.status} ${JSON.stringify(ceremony.body)}`);
    openingPublicKey = (ceremony.body as { publicKey: string }).publicKey;
    // A second tender (same section, later deadline) for the race at its deadline.
    raceTenderId = await publishedTender(
      tenderer,
      staff,
      tenderInput(sectionCode, { bidDeadline: RACE_DEADLINE, title: '观山湖区第三中学教学楼建设工程（二次）' }),
    );
    const raceCeremony = await staff.post(`/api/tenders/${raceTenderId}/opening-key`, {
      threshold: 3,
      custodians: users.map((userId, i) => ({ userId, publicKey: custodians[i]?.publicKey })),
    });
    raceOpeningKey = (raceCeremony.body as { publicKey: string }).publicKey;
    for (let i = 0; i < 3; i++) {
      await bidderAt(i).post(`/api/tenders/${tenderId}/documents/registration`, {});
      await bidderAt(i).post(`/api/tenders/${raceTenderId}/documents/registration`, {});
      keys.push(await bidderKey(bidderAt(i)));
    }
  });
  afterAll(() => server?.close());

  const sealFor = (i: number, file: Buffer, version = 1) => {
    const bid = sealBid({
      tenderId,
      sectionCode,
      bidder: keyAt(i),
      openingPublicKey,
      file,
      summary: { price: `1450000${i}.00`, duration: '365日', quality: '合格' },
      chunkSize: 8 * 1024 * 1024,
      version,
    });
    dataKeys.push(bid.dataKey);
    return bid;
  };

  it('accepts a 9 MiB sealed bid uploaded out of order and resumed, and returns a receipt signed by the platform with its log position', async () => {
    const file = Buffer.concat([Buffer.from(MARKER), randomBytes(9 * 1024 * 1024)]);
    const bid = sealFor(0, file);
    expect(bid.chunks).toHaveLength(2);
    const api = bidderAt(0);
    const upload = await api.post(`/api/tenders/${tenderId}/sections/${sectionCode}/bid-uploads`, {});
    expect(upload.status).toBe(201);
    const { uploadId, chunkSize } = upload.body as { uploadId: string; chunkSize: number };
    expect(chunkSize).toBe(8 * 1024 * 1024);
    const [first, second] = bid.chunks;
    if (!first || !second) throw new Error('two chunks');
    // A chunk whose bytes do not match the declared SM3 is refused.
    expect((await putChunk(server.url, api, uploadId, 1, second, '0'.repeat(64))).body).toMatchObject({ code: 'CHUNK_HASH_MISMATCH' });
    expect((await putChunk(server.url, api, uploadId, 1, second)).status).toBe(200);
    // Sent again (a resume that overlaps): the new copy counts and the one it replaces is removed.
    const chunkKey = async () =>
      (await server.platform.database.db.selectFrom('tendering.bid_chunk').select('file_key').where('upload_id', '=', uploadId).where('index', '=', 1).executeTakeFirstOrThrow()).file_key;
    const replaced = await chunkKey();
    expect((await putChunk(server.url, api, uploadId, 1, second)).status).toBe(200);
    expect(await chunkKey()).not.toBe(replaced);
    expect(await server.platform.deps.files.stat(replaced)).toBeUndefined();
    const status = (await api.get(`/api/bid-uploads/${uploadId}`)).body as { chunks: Array<{ index: number }> };
    expect(status.chunks.map((c) => c.index)).toEqual([1]);
    // Committing with a chunk missing is refused; then the upload resumes with chunk 0.
    const incomplete = await api.post(`/api/bid-uploads/${uploadId}/commit`, commitBody(bid, keyAt(0)), { 'idempotency-key': 'early' });
    expect(incomplete.body).toMatchObject({ code: 'MANIFEST_MISMATCH' });
    expect((await putChunk(server.url, api, uploadId, 0, first)).status).toBe(200);
    // A chunk replaced by other bytes than the manifest was signed over is caught by the commit.
    const tampered = Buffer.from(second);
    tampered[100] = (tampered[100] ?? 0) ^ 0xff;
    expect((await putChunk(server.url, api, uploadId, 1, tampered)).status).toBe(200);
    const swapped = await api.post(`/api/bid-uploads/${uploadId}/commit`, commitBody(bid, keyAt(0)), { 'idempotency-key': 'swapped' });
    expect(swapped.body).toMatchObject({ code: 'MANIFEST_MISMATCH', message: expect.stringContaining('packageSm3') });
    expect((await putChunk(server.url, api, uploadId, 1, second)).status).toBe(200);
    expect((await api.post(`/api/bid-uploads/${uploadId}/commit`, commitBody(bid, keyAt(0)))).body).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REQUIRED',
    });
    // Signed by someone else's certificate: refused.
    const forged = { ...commitBody(bid, keyAt(0)), certificate: keyAt(1).certificatePem };
    expect((await api.post(`/api/bid-uploads/${uploadId}/commit`, forged, { 'idempotency-key': 'forged' })).body).toMatchObject({
      code: 'SIGNATURE_INVALID',
    });

    const body = commitBody(bid, keyAt(0));
    const committed = await api.post(`/api/bid-uploads/${uploadId}/commit`, body, { 'idempotency-key': 'bid-0' });
    expect(committed.status).toBe(201);
    const receipt = committed.body as BidReceipt;
    expect(receipt).toMatchObject({
      tenderId,
      sectionCode,
      version: 1,
      packageSm3: bid.manifest.packageSm3,
      size: bid.manifest.size,
      receivedAt: clock.now().toISOString(),
    });
    expect(receiptSignatureValid(receipt)).toBe(true);
    // Idempotent: the same key replays the identical receipt.
    const replay = await api.post(`/api/bid-uploads/${uploadId}/commit`, body, { 'idempotency-key': 'bid-0' });
    expect(replay.body).toEqual(receipt);
    expect(replay.headers.get('idempotency-replayed')).toBe('true');
    // The same key with another body (a fresh signature) is refused (security.md §7).
    expect((await api.post(`/api/bid-uploads/${uploadId}/commit`, commitBody(bid, keyAt(0)), { 'idempotency-key': 'bid-0' })).status).toBe(
      422,
    );
    const again = (await api.get(`/api/bids/${receipt.bidId}/receipt`)).body as BidReceipt;
    expect(again).toMatchObject({ logIndex: receipt.logIndex, leafHashSm3: receipt.leafHashSm3 });
    // The log entry is covered by a signed checkpoint within a second or so: its inclusion proof is public.
    let proof = await api.get(`/api/log/proofs/inclusion?index=${receipt.logIndex}&hash=sm3`);
    for (let i = 0; i < 40 && proof.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      proof = await api.get(`/api/log/proofs/inclusion?index=${receipt.logIndex}&hash=sm3`);
    }
    expect(proof.body).toMatchObject({ leafHash: receipt.leafHashSm3 });
  });

  it('refuses an unencrypted file with a prompt (EB4)', async () => {
    const api = bidderAt(1);
    const upload = await api.post(`/api/tenders/${tenderId}/sections/${sectionCode}/bid-uploads`, {});
    const { uploadId } = upload.body as { uploadId: string };
    const plain = await putChunk(server.url, api, uploadId, 0, Buffer.from(`%PDF-1.7 ${MARKER}`));
    expect(plain.status).toBe(422);
    expect(plain.body).toMatchObject({ code: 'BID_NOT_ENCRYPTED' });
  });

  it('modifies (a new version supersedes the old) and withdraws before the deadline', async () => {
    const first = await submitBid(server.url, bidderAt(1), tenderId, sealFor(1, Buffer.from(`v1 ${MARKER}`)), keyAt(1));
    expect(first.status).toBe(201);
    const second = await submitBid(server.url, bidderAt(1), tenderId, sealFor(1, Buffer.from(`v2 ${MARKER}`), 2), keyAt(1));
    expect(second.body).toMatchObject({ version: 2 });
    const mine = (await bidderAt(1).get(`/api/tenders/${tenderId}/my-bids`)).body as { items: Array<{ version: number; status: string }> };
    expect(mine.items.map((b) => [b.version, b.status])).toEqual([
      [1, 'superseded'],
      [2, 'submitted'],
    ]);
    const third = await submitBid(server.url, bidderAt(2), tenderId, sealFor(2, Buffer.from(`b3 ${MARKER}`)), keyAt(2));
    const bidId = (third.body as BidReceipt).bidId;
    expect((await bidderAt(1).post(`/api/bids/${bidId}/withdraw`, {})).status).toBe(404);
    const withdrawn = await bidderAt(2).post(`/api/bids/${bidId}/withdraw`, {});
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn' });
  });

  it('numbers versions of one bid committed at the same moment one after another, with one left live', async () => {
    const api = bidderAt(0);
    const before = (await api.get(`/api/tenders/${tenderId}/my-bids`)).body as { items: Array<{ version: number }> };
    const latest = Math.max(0, ...before.items.map((b) => b.version));
    const prepared: Array<{ uploadId: string; body: ReturnType<typeof commitBody> }> = [];
    for (let n = 0; n < 6; n++) {
      const bid = sealFor(0, Buffer.from(`concurrent ${n} ${MARKER}`), latest + 1 + n);
      const upload = await api.post(`/api/tenders/${tenderId}/sections/${sectionCode}/bid-uploads`, {});
      const { uploadId } = upload.body as { uploadId: string };
      const [chunk] = bid.chunks;
      if (!chunk) throw new Error('one chunk');
      await putChunk(server.url, api, uploadId, 0, chunk);
      prepared.push({ uploadId, body: commitBody(bid, keyAt(0)) });
    }
    // Concurrent commits can land in batches that run side by side and number the same version;
    // the later one is run again, so every commit is accepted with a number of its own.
    const replies = await Promise.all(prepared.map((p, n) => api.post(`/api/bid-uploads/${p.uploadId}/commit`, p.body, { 'idempotency-key': `same-bidder-${n}` })));
    expect(replies.map((r) => r.status)).toEqual(Array.from({ length: 6 }, () => 201));
    const versions = replies.map((r) => (r.body as BidReceipt).version).toSorted((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 6 }, (_, n) => latest + 1 + n));
    const mine = (await api.get(`/api/tenders/${tenderId}/my-bids`)).body as { items: Array<{ version: number; status: string }> };
    expect(mine.items.filter((b) => b.status === 'submitted').map((b) => b.version)).toEqual([latest + 6]);
  });

  it('holds only ciphertext: no table and no stored file contains the plaintext or a data key', async () => {
    const db = server.platform.database.db;
    const tables = [
      'tendering.bid',
      'tendering.bid_chunk',
      'tendering.bid_upload',
      'tendering.opening_key',
      'tendering.opening_key_share',
      'platform.audit_event',
      'platform.outbox',
      'platform.idempotency_key',
    ] as const;
    let dump = '';
    for (const table of tables) {
      const rows = await db
        .selectFrom(table)
        .selectAll()
        .execute()
        .catch(() => []);
      dump += JSON.stringify(rows, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('latin1') : value));
    }
    expect(dump.length).toBeGreaterThan(1000);
    expect(dump).not.toContain('PLAINTEXT-MARKER');
    for (const key of dataKeys) {
      expect(dump).not.toContain(key.toString('hex'));
      expect(dump).not.toContain(key.toString('base64'));
    }
    const chunkRows = await db.selectFrom('tendering.bid_chunk').select(['file_key']).execute();
    for (const row of chunkRows) {
      const stream = await server.platform.deps.files.open(row.file_key);
      const chunks: Buffer[] = [];
      for await (const piece of stream) chunks.push(Buffer.from(piece));
      expect(Buffer.concat(chunks).includes(Buffer.from('PLAINTEXT-MARKER'))).toBe(false);
    }
    // Staff and the administrator have no route to a bid's content or keys.
    expect((await staff.get(`/api/tenders/${tenderId}/my-bids`)).status).toBe(403);
  });

  it('deadline fence on server time: a commit 1 ms before the deadline is kept, one at the deadline is refused and audited', async () => {
    clock.set(new Date(Date.parse(DEADLINE) - 60_000));
    await signInAll();
    const api = bidderAt(1);
    const bid = sealFor(1, Buffer.from(`v3 ${MARKER}`), 3);
    const upload = await api.post(`/api/tenders/${tenderId}/sections/${sectionCode}/bid-uploads`, {});
    const { uploadId } = upload.body as { uploadId: string };
    for (const [index, chunk] of bid.chunks.entries()) await putChunk(server.url, api, uploadId, index, chunk);
    clock.set(new Date(Date.parse(DEADLINE) - 1));
    const inTime = await api.post(`/api/bid-uploads/${uploadId}/commit`, commitBody(bid, keyAt(1)), { 'idempotency-key': 'in-time' });
    expect(inTime.status).toBe(201);
    expect((inTime.body as BidReceipt).receivedAt).toBe('2026-12-18T01:29:59.999Z');

    clock.set(new Date(Date.parse(DEADLINE) - 60_000));
    const lateBid = sealFor(0, Buffer.from(`late ${MARKER}`), 2);
    const lateUpload = await bidderAt(0).post(`/api/tenders/${tenderId}/sections/${sectionCode}/bid-uploads`, {});
    const lateId = (lateUpload.body as { uploadId: string }).uploadId;
    for (const [index, chunk] of lateBid.chunks.entries()) await putChunk(server.url, bidderAt(0), lateId, index, chunk);
    clock.set(DEADLINE);
    const late = await bidderAt(0).post(`/api/bid-uploads/${lateId}/commit`, commitBody(lateBid, keyAt(0)), { 'idempotency-key': 'late' });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'BID_DEADLINE_PASSED' });
    const refusal = await server.platform.database.db
      .selectFrom('platform.audit_event')
      .select(['outcome', 'detail'])
      .where('action', '=', 'tendering.bid.commit')
      .where('target', '=', lateId)
      .executeTakeFirst();
    expect(refusal).toMatchObject({ outcome: 'failure', detail: { code: 'BID_DEADLINE_PASSED' } });
    expect((await bidderAt(1).post(`/api/bids/${(inTime.body as BidReceipt).bidId}/withdraw`, {})).body).toMatchObject({
      code: 'BID_DEADLINE_PASSED',
    });
  });

  it('races 24 commits against the deadline: none accepted at or after it, none refused before it', async () => {
    clock.set(new Date(Date.parse(RACE_DEADLINE) - 60_000));
    await signInAll();
    const prepared: Array<{ api: Api; uploadId: string; body: ReturnType<typeof commitBody> }> = [];
    for (let n = 0; n < 24; n++) {
      const i = n % 3;
      const bid = sealBid({
        tenderId: raceTenderId,
        sectionCode,
        bidder: keyAt(i),
        openingPublicKey: raceOpeningKey,
        file: randomBytes(2048),
        summary: { price: `${n}` },
        chunkSize: 8 * 1024 * 1024,
      });
      const upload = await bidderAt(i).post(`/api/tenders/${raceTenderId}/sections/${sectionCode}/bid-uploads`, {});
      const { uploadId } = upload.body as { uploadId: string };
      const [chunk] = bid.chunks;
      if (!chunk) throw new Error('one chunk');
      await putChunk(server.url, bidderAt(i), uploadId, 0, chunk);
      prepared.push({ api: bidderAt(i), uploadId, body: commitBody(bid, keyAt(i)) });
    }
    // Server time moves 1 ms a read: far enough from the deadline that the first commits read it
    // before (after the 24 requests' and prechecks' reads), near enough that the last ones read it
    // after. (A set of commits reads it twice, whatever its size: 24 commits in sets of two or three
    // on PostgreSQL read it ≈ 95 times in all, one by one on PGlite ≈ 130.)
    clock.set(new Date(Date.parse(RACE_DEADLINE) - 50));
    ticking = true;
    const replies = await Promise.all(
      prepared.map((p, n) => p.api.post(`/api/bid-uploads/${p.uploadId}/commit`, p.body, { 'idempotency-key': `race-${n}` })),
    ).finally(() => {
      ticking = false;
    });
    const deadline = Date.parse(RACE_DEADLINE);
    const accepted = replies.filter((r) => r.status === 201).map((r) => Date.parse((r.body as BidReceipt).receivedAt));
    const refused = replies.filter((r) => r.status !== 201);
    expect(accepted.length + refused.length).toBe(24);
    // Both sides of the deadline were exercised.
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(accepted.filter((at) => at >= deadline)).toEqual([]);
    for (const reply of refused) {
      expect(reply.body).toMatchObject({ code: 'BID_DEADLINE_PASSED' });
      const serverTime = /(\d{4}-\d{2}-\d{2}T[\d:.]+Z)[^\d]*$/.exec((reply.body as { message: string }).message)?.[1];
      expect(Date.parse(serverTime ?? '')).toBeGreaterThanOrEqual(deadline);
    }
    const rows = await server.platform.database.db
      .selectFrom('tendering.bid')
      .select(['received_at'])
      .where('tender_id', '=', raceTenderId)
      .execute();
    expect(rows).toHaveLength(accepted.length);
  });

  it('a credit restriction refuses the bid and names the restriction (credit port)', async () => {
    const restricted = keyAt(2).userId;
    setBiddingPorts({
      credit: {
        activeRestriction: async (subject) =>
          subject === restricted
            ? { restriction: '限制投标（串通投标）', authority: '贵州省住房和城乡建设厅', until: '2027-06-30' }
            : undefined,
      },
    });
    try {
      const reply = await bidderAt(2).post(`/api/tenders/${raceTenderId}/sections/${sectionCode}/bid-uploads`, {});
      expect(reply.status).toBe(403);
      expect(reply.body).toMatchObject({ code: 'CREDIT_RESTRICTED', message: expect.stringContaining('限制投标（串通投标）') });
    } finally {
      setBiddingPorts({ credit: { activeRestriction: async () => undefined } });
    }
  });
});
