import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openingRecordSigningBytes, sealedBid, type SignedOpeningRecord } from '../../apps/server/src/modules/tendering/index.js';
import { manualClock } from '../../apps/server/src/platform/clock.js';
import { sm2 } from '../../apps/server/src/platform/crypto/gm/index.js';
import { e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';
import { signIn } from '../support/sign-in.js';
import { client } from './http.js';
import { type BidderKey, bidderKey, publishedTender, registerProjectSection, type SealedBid, sealBid, submitBid, tenderInput } from './tender-fixture.js';

type Api = ReturnType<typeof client>;
const DEADLINE = '2026-12-18T01:30:00.000Z';
const PASSWORD = 'Kaibiao#2026';
const BIDDER_NAMES = ['bidder', 'bidder2', 'bidder3', 'wangfang'];
const CUSTODIAN_NAMES = ['tenderer', 'agency', 'supervisor', 'staff', 'admin'];

/** Remote opening (不见面开标): count or 流标, bidder decryption, Art 31, custodian fallback, record, objections, signed close. */
describe.each(e2eDatabaseKinds())('remote bid opening on %s', (database) => {
  const clock = manualClock('2026-11-27T02:00:00Z');
  let server: TestServer;
  const apis = new Map<string, Api>();
  const keys: BidderKey[] = [];
  const custodianKeys = CUSTODIAN_NAMES.map(() => sm2.generateKeyPair());
  const bids: SealedBid[] = [];
  const bidIds: string[] = [];
  let tenderId: string;
  let sectionA: string;
  let sectionB: string;
  let openingPublicKey: string;

  const api = (name: string): Api => {
    const found = apis.get(name);
    if (!found) throw new Error(`no session for ${name}`);
    return found;
  };
  const bidder = (i: number) => api(BIDDER_NAMES[i] ?? '');
  const key = (i: number): BidderKey => {
    const k = keys[i];
    if (!k) throw new Error(`no key ${i}`);
    return k;
  };
  /** (Re)signs everyone in at the current server time (sessions expire while the clock jumps). */
  async function signInAll() {
    for (const name of [...CUSTODIAN_NAMES, ...BIDDER_NAMES]) {
      const password = name === 'wangfang' ? PASSWORD : undefined;
      apis.set(name, (await signIn(server.url, name, { at: clock.now(), ...(password ? { password } : {}) })).api);
    }
  }
  const openingUrl = (section: string) => `/api/tenders/${tenderId}/sections/${section}/opening`;
  /** What the bidder's client does at opening: unwrap K with the bidder's own SM2 key. */
  const ownDataKey = (i: number) => sealedBid.unwrapKey(bids[i]?.manifest.wrappedKeys.bidder ?? '', key(i).privateKey).toString('base64');

  beforeAll(async () => {
    server = await startTestServer({ database, clock });
    // A fourth bidder (a natural person) registers and is approved.
    const staffSession = (await signIn(server.url, 'staff', { at: clock.now() })).api;
    const registration = await client(server.url).post('/api/registrations', {
      entity: { kind: 'naturalPerson', name: '王芳', citizenId: '52010319850715001x', regionCode: '520103', profile: { contacts: [{ name: '王芳', phone: '13800000000' }] } },
      account: { username: 'wangfang', password: PASSWORD, displayName: '王芳', roles: ['bidder'] },
    });
    if (registration.status !== 201) throw new Error(`registration: ${registration.status} ${JSON.stringify(registration.body)}`);
    await staffSession.post(`/api/registrations/${(registration.body as { id: string }).id}/review`, { decision: 'approve' });
    clock.advance(60_000);
    await signInAll();
    const tenderer = api('tenderer');
    const staff = api('staff');
    sectionA = await registerProjectSection(tenderer, staff, '观山湖区第四中学教学楼建设工程', '2611-520115-48-01-510041');
    sectionB = await registerProjectSection(tenderer, staff, '观山湖区第四中学运动场建设工程', '2611-520115-48-01-510042');
    const base = tenderInput(sectionA, { bidDeadline: DEADLINE, title: '观山湖区第四中学建设工程施工招标公告' });
    const [first] = base.sections;
    tenderId = await publishedTender(tenderer, staff, { ...base, sections: [first, { ...first, sectionCode: sectionB, name: '运动场标段' }] });
    const users: string[] = [];
    for (const name of CUSTODIAN_NAMES) users.push(((await api(name).get('/api/auth/me')).body as { id: string }).id);
    const ceremony = await staff.post(`/api/tenders/${tenderId}/opening-key`, { threshold: 3, custodians: users.map((userId, i) => ({ userId, publicKey: custodianKeys[i]?.publicKey })) });
    if (ceremony.status !== 201) throw new Error(`opening key: ${ceremony.status} ${JSON.stringify(ceremony.body)}`);
    openingPublicKey = (ceremony.body as { publicKey: string }).publicKey;
    for (let i = 0; i < BIDDER_NAMES.length; i++) {
      const registered = await bidder(i).post(`/api/tenders/${tenderId}/documents/registration`, {});
      if (registered.status !== 201 && registered.status !== 200) throw new Error(`documents: ${registered.status} ${JSON.stringify(registered.body)}`);
      keys.push(await bidderKey(bidder(i)));
    }
  });
  afterAll(() => server?.close());

  const seal = (i: number, section: string) =>
    sealBid({ tenderId, sectionCode: section, bidder: key(i), openingPublicKey, file: Buffer.from(`投标文件 ${i}`), summary: { price: `1450000${i}.00`, duration: `${360 + i}日`, quality: '合格' }, chunkSize: 8 * 1024 * 1024 });

  it('keeps bids sealed before the deadline: no opening, no decryption, no reading of contents', async () => {
    for (let i = 0; i < 4; i++) {
      const bid = seal(i, sectionA);
      const receipt = await submitBid(server.url, bidder(i), tenderId, bid, key(i));
      expect(receipt.status).toBe(201);
      bids.push(bid);
      bidIds.push((receipt.body as { bidId: string }).bidId);
      clock.advance(1000); // bids are listed in the order received
    }
    for (let i = 0; i < 2; i++) expect((await submitBid(server.url, bidder(i), tenderId, seal(i, sectionB), key(i))).status).toBe(201);
    // The fourth bidder withdraws: 3 remain on section A.
    expect((await bidder(3).post(`/api/bids/${bidIds[3]}/withdraw`, {})).status).toBe(200);

    expect((await bidder(0).post(`${openingUrl(sectionA)}/decryptions`, { dataKey: ownDataKey(0) })).body).toMatchObject({ code: 'OPENING_NOT_STARTED' });
    expect((await api('staff').get(openingUrl(sectionA))).body).toMatchObject({ code: 'OPENING_NOT_STARTED' });
    expect((await api('admin').get(openingUrl(sectionA))).body).toMatchObject({ code: 'OPENING_NOT_STARTED' });
    expect((await api('staff').post(openingUrl(sectionA), {})).body).toMatchObject({ code: 'OPENING_TOO_EARLY' });
    expect((await bidder(0).post(openingUrl(sectionA), {})).status).toBe(403);
  });

  it('fails a section with 2 bids (流标) without decrypting anything', async () => {
    clock.set(new Date(Date.parse(DEADLINE) + 60_000));
    await signInAll();
    const failed = await api('staff').post(openingUrl(sectionB), {});
    expect(failed.status).toBe(201);
    expect(failed.body).toMatchObject({ status: 'failed', bidCount: 2, minimumBidders: 3, windowEndsAt: null });
    expect((failed.body as { failureReason: string }).failureReason).toContain('招标投标法实施条例 第四十四条');
    expect((await bidder(0).post(`${openingUrl(sectionB)}/decryptions`, { dataKey: ownDataKey(0) })).body).toMatchObject({ code: 'OPENING_WRONG_STATE' });
    expect((await api('staff').post(openingUrl(sectionB), {})).body).toMatchObject({ code: 'OPENING_EXISTS' });
    // Its bidders see the failure; a bidder without a bid in the section does not.
    expect((await bidder(1).get(openingUrl(sectionB))).body).toMatchObject({ status: 'failed', bids: [] });
    expect((await bidder(2).get(openingUrl(sectionB))).body).toMatchObject({ code: 'NOT_AN_OPENING_PARTICIPANT' });
  });

  it('opens section A with 3 bids; bidders decrypt with their own keys, a wrong key is refused and may be retried', async () => {
    const opened = await api('staff').post(openingUrl(sectionA), {});
    expect(opened.body).toMatchObject({ status: 'decrypting', bidCount: 3, windowEndsAt: new Date(clock.now().getTime() + 30 * 60_000).toISOString() });
    const wrong = await bidder(0).post(`${openingUrl(sectionA)}/decryptions`, { dataKey: ownDataKey(1) });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ code: 'DATA_KEY_WRONG' });
    for (const i of [0, 1]) {
      const decrypted = await bidder(i).post(`${openingUrl(sectionA)}/decryptions`, { dataKey: ownDataKey(i) });
      expect(decrypted.status).toBe(201);
      expect(decrypted.body).toMatchObject({ bidId: bidIds[i], state: 'decrypted', method: 'bidderKey' });
    }
    expect((await bidder(0).post(`${openingUrl(sectionA)}/decryptions`, { dataKey: ownDataKey(0) })).body).toMatchObject({ code: 'BID_ALREADY_DECRYPTED' });
    expect((await bidder(3).post(`${openingUrl(sectionA)}/decryptions`, { dataKey: ownDataKey(3) })).body).toMatchObject({ code: 'BID_NOT_FOUND' });
    // Participants see who decrypted, but no contents before the record.
    const view = (await bidder(2).get(openingUrl(sectionA))).body as { bids: Array<{ state: string }>; record: unknown };
    expect(view.bids.map((b) => b.state)).toEqual(['decrypted', 'decrypted', 'sealed']);
    expect(view.record).toBeNull();
    expect(JSON.stringify(view)).not.toContain('14500000');
    expect((await api('staff').post(`${openingUrl(sectionA)}/fallback`, {})).body).toMatchObject({ code: 'DECRYPTION_WINDOW_OPEN' });
  });

  it('after the window, rebuilds the opening key from 3 of 5 custodian shares (2 are not enough) and decrypts the third bid', async () => {
    clock.advance(31 * 60_000);
    await signInAll();
    expect((await bidder(2).post(`${openingUrl(sectionA)}/decryptions`, { dataKey: ownDataKey(2) })).body).toMatchObject({ code: 'DECRYPTION_WINDOW_CLOSED' });
    const fallback = await api('staff').post(`${openingUrl(sectionA)}/fallback`, {});
    expect(fallback.body).toMatchObject({ status: 'fallback', sealedBids: [bidIds[2]], threshold: 3 });
    const shareOf = async (i: number) => {
      const mine = (await api(CUSTODIAN_NAMES[i] ?? '').get(`/api/tenders/${tenderId}/opening-key/my-share`)).body as { x: number; wrappedShare: string };
      return JSON.parse(Buffer.from(sm2.decrypt(Buffer.from(mine.wrappedShare, 'base64'), custodianKeys[i]?.privateKey ?? '')).toString()) as { x: number; y: string };
    };
    const shares = [await shareOf(0), await shareOf(1), await shareOf(2)];
    expect((await bidder(0).post(`${openingUrl(sectionA)}/custodian-shares`, shares[2])).body).toMatchObject({ code: 'NOT_A_CUSTODIAN' });
    for (const i of [0, 1]) {
      const taken = await api(CUSTODIAN_NAMES[i] ?? '').post(`${openingUrl(sectionA)}/custodian-shares`, shares[i]);
      expect(taken.body).toMatchObject({ received: i + 1, threshold: 3, reconstructed: false });
    }
    // With 2 shares the bid stays sealed and the record cannot settle it as the bidder's fault.
    expect((await api('staff').post(`${openingUrl(sectionA)}/record`, {})).body).toMatchObject({ code: 'OPENING_BIDS_SEALED' });
    // A corrupted third share rebuilds a key that does not match the opening public key: refused.
    const third = shares[2];
    if (!third) throw new Error('third share');
    const corrupted = { x: third.x, y: (BigInt(`0x${third.y}`) ^ 1n).toString(16).padStart(64, '0') };
    expect((await api('supervisor').post(`${openingUrl(sectionA)}/custodian-shares`, corrupted)).body).toMatchObject({ code: 'FALLBACK_KEY_MISMATCH' });
    const rebuilt = await api('supervisor').post(`${openingUrl(sectionA)}/custodian-shares`, third);
    expect(rebuilt.status).toBe(201);
    expect(rebuilt.body).toMatchObject({ reconstructed: true, decrypted: [bidIds[2]], failed: [], shares: [1, 2, 3], publicKey: sm2.normalisePublicKey(openingPublicKey) });
    const view = (await api('staff').get(openingUrl(sectionA))).body as { fallback: Record<string, unknown>; bids: Array<{ state: string; method: string }> };
    expect(view.fallback).toMatchObject({ shares: [1, 2, 3], publicKey: sm2.normalisePublicKey(openingPublicKey) });
    expect(view.bids.map((b) => b.method)).toEqual(['bidderKey', 'bidderKey', 'custodianFallback']);
    // The shares' values are wiped once used; the private key is never stored.
    const stored = await server.platform.deps.db.selectFrom('tendering.opening_share').select(['y']).where('tender_id', '=', tenderId).execute();
    expect(stored.map((s) => s.y)).toEqual([null, null, null]);
    const privateHex = await server.platform.deps.db.selectFrom('tendering.opening').select(['fallback']).where('tender_id', '=', tenderId).execute();
    expect(JSON.stringify(privateHex)).not.toContain(third.y);
  });

  it('publishes the record, takes confirmations and an answered objection, then closes it signed by the platform', async () => {
    // The ceiling price is announced before the reading (no step is skipped).
    expect((await api('staff').post(`${openingUrl(sectionA)}/record`, {})).body).toMatchObject({ code: 'CEILING_PRICE_NOT_PUBLISHED' });
    expect((await api('staff').post(`${openingUrl(sectionA)}/ceiling-price`, {})).body).toMatchObject({ ceilingPrice: '14800000.00' });
    // Without a float-point configuration there is nothing to draw.
    expect((await api('staff').post(`${openingUrl(sectionA)}/float-point`, {})).body).toMatchObject({ code: 'FLOAT_POINT_NOT_CONFIGURED' });
    const published = await api('staff').post(`${openingUrl(sectionA)}/record`, {});
    expect(published.status).toBe(200);
    const record = (published.body as { record: { rows: Array<Record<string, unknown>>; fallback: Record<string, unknown> } }).record;
    expect(record.rows).toEqual([0, 1, 2].map((i) => expect.objectContaining({ bidId: bidIds[i], price: `1450000${i}.00`, duration: `${360 + i}日`, quality: '合格', securityStatus: 'unverified', decryption: i < 2 ? 'bidderKey' : 'custodianFallback' })));
    expect(record.fallback).toMatchObject({ used: true, shares: [1, 2, 3] });
    expect(record).toMatchObject({ ceilingPrice: '14800000.00', floatPoint: null });
    expect((await bidder(3).get(openingUrl(sectionA))).body).toMatchObject({ code: 'NOT_AN_OPENING_PARTICIPANT' });
    expect(((await bidder(2).get(openingUrl(sectionA))).body as { record: unknown }).record).toEqual(record);

    for (const i of [0, 1]) expect((await bidder(i).post(`${openingUrl(sectionA)}/responses`, { kind: 'confirm' })).status).toBe(201);
    const objection = await bidder(2).post(`${openingUrl(sectionA)}/responses`, { kind: 'objection', text: '我方工期应为 362 日历天' });
    expect(objection.status).toBe(201);
    expect((await api('staff').post(`${openingUrl(sectionA)}/close`, {})).body).toMatchObject({ code: 'OPENING_OBJECTIONS_OPEN' });
    const objectionId = (objection.body as { id: string }).id;
    expect((await api('staff').post(`${openingUrl(sectionA)}/responses/${objectionId}/answer`, { answer: '经核对开标一览表，工期为 362 日，记录无误' })).status).toBe(200);
    expect((await bidder(2).post(`${openingUrl(sectionA)}/responses`, { kind: 'confirm' })).status).toBe(201);

    const closed = await api('staff').post(`${openingUrl(sectionA)}/close`, {});
    expect(closed.status).toBe(200);
    const signed = closed.body as SignedOpeningRecord;
    const { signature, ...unsigned } = signed;
    expect(signed.record).toEqual(record);
    expect(sm2.verify(openingRecordSigningBytes(unsigned), Buffer.from(signature, 'base64'), signed.platformPublicKey)).toBe(true);
    expect(signed.responses.filter((r) => r.kind === 'confirm')).toHaveLength(3);
    expect((await api('staff').get(openingUrl(sectionA))).body).toMatchObject({ status: 'closed', signedRecord: signed });
    // lifecycles.md §1: section A goes to evaluation, section B failed ⇒ the tender is evaluating.
    expect((await api('tenderer').get(`/api/tenders/${tenderId}`)).body).toMatchObject({ status: 'evaluating' });
    // The close is in the audit trail (the transparency log) with the signature.
    const logged = await server.platform.deps.db.selectFrom('platform.audit_event').select(['detail']).where('action', '=', 'tendering.opening.close').where('target', '=', tenderId).executeTakeFirstOrThrow();
    expect(logged.detail).toMatchObject({ sectionCode: sectionA, signature });
  });
});
