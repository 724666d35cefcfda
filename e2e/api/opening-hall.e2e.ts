import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOpenedSection, type FloatPointLetter, sealedBid, verifyFloatPoint } from '../../apps/server/src/modules/tendering/index.js';
import { manualClock } from '../../apps/server/src/platform/clock.js';
import { sm2, sm3Hex } from '../../apps/server/src/platform/crypto/gm/index.js';
import { e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';
import { signIn } from '../support/sign-in.js';
import { client } from './http.js';
import { type BidderKey, bidderKey, publishedTender, registerProjectSection, type SealedBid, sealBid, submitBid, tenderInput } from './tender-fixture.js';

type Api = ReturnType<typeof client>;
type HallEvent = { id: number; data: Record<string, unknown> & { kind: string; seq: number } };
const DEADLINE = '2026-12-18T01:30:00.000Z';
const at = (minutesFromDeadline: number) => new Date(Date.parse(DEADLINE) + minutesFromDeadline * 60_000);
const BIDDERS = ['bidder', 'bidder2', 'bidder3'];
const PRICES = ['13980000.00', '14120000.50', '14355000.00'];
const USERS = ['tenderer', 'agency', 'staff', 'supervisor', ...BIDDERS];

/** An SSE connection that collects frames until closed; `waitFor` resolves when the collected events satisfy a test. */
function watch(url: string, cookie: string, lastEventId?: { header?: number; query?: number }) {
  const controller = new AbortController();
  const events: HallEvent[] = [];
  let raw = '';
  const target = lastEventId?.query === undefined ? url : `${url}?lastEventId=${lastEventId.query}`;
  const opened = fetch(target, { headers: { cookie, ...(lastEventId?.header === undefined ? {} : { 'last-event-id': String(lastEventId.header) }) }, signal: controller.signal });
  const done = (async () => {
    const response = await opened;
    if (response.status !== 200) return response.status;
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no body');
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done: ended } = await reader.read();
        if (ended) break;
        const text = decoder.decode(value, { stream: true });
        raw += text;
        buffer += text;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: (\d+)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (id && data) events.push({ id: Number(id), data: JSON.parse(data) as HallEvent['data'] });
        }
      }
    } catch (error) {
      if (!(error instanceof Error && error.name === 'AbortError')) throw error;
    }
    return 200;
  })();
  return {
    events,
    raw: () => raw,
    status: async () => (await opened.catch(() => undefined))?.status,
    async waitFor(test: (events: HallEvent[]) => boolean, timeoutMs = 10_000): Promise<HallEvent[]> {
      const started = Date.now();
      while (!test(events)) {
        if (Date.now() - started > timeoutMs) throw new Error(`timed out; saw ${events.map((e) => `${e.id}:${e.data.kind}`).join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return events;
    },
    close: async () => {
      controller.abort();
      return done.catch(() => undefined);
    },
    done,
  };
}

const kinds = (events: HallEvent[]) => events.map((e) => e.data.kind);
const has = (kind: string) => (events: HallEvent[]) => events.some((e) => e.data.kind === kind);

/** The live opening hall: check-in, ceiling price, float point, SSE with Last-Event-ID replay, section and tender status. */
describe.each(e2eDatabaseKinds())('live opening hall on %s', (database) => {
  const clock = manualClock('2026-11-27T02:00:00Z');
  let server: TestServer;
  const apis = new Map<string, Api>();
  const keys: BidderKey[] = [];
  const bids: SealedBid[] = [];
  let tenderId: string;
  let sectionA: string;
  let sectionB: string;
  let supervisorWatch: ReturnType<typeof watch>;

  const api = (name: string): Api => {
    const found = apis.get(name);
    if (!found) throw new Error(`no session for ${name}`);
    return found;
  };
  const bidder = (i: number) => api(BIDDERS[i] ?? '');
  /** Signs in again at the current server time (sessions idle out while the clock jumps); a password hash each, so only who is needed. */
  async function signInAll(names: readonly string[] = USERS) {
    for (const name of names) apis.set(name, (await signIn(server.url, name, { at: clock.now() })).api);
  }
  const openingUrl = (section: string) => `/api/tenders/${tenderId}/sections/${section}/opening`;
  const eventsUrl = (section: string) => `${server.url}${openingUrl(section)}/events`;
  const dataKey = (i: number) => sealedBid.unwrapKey(bids[i]?.manifest.wrappedKeys.bidder ?? '', keys[i]?.privateKey ?? '').toString('base64');

  beforeAll(async () => {
    server = await startTestServer({ database, clock });
    await signInAll();
    sectionA = await registerProjectSection(api('tenderer'), api('staff'), '花溪区第二小学综合楼建设工程', '2611-520111-48-01-520071');
    sectionB = await registerProjectSection(api('tenderer'), api('staff'), '花溪区第二小学围墙建设工程', '2611-520111-48-01-520072');
    const base = tenderInput(sectionA, { bidDeadline: DEADLINE, title: '花溪区第二小学建设工程施工招标公告' });
    const [first] = base.sections;
    const floatA = { ...first, opening: { checkInLeadMinutes: 60, floatPoint: { mode: 'discountBase', letters: ['E', 'A', 'C'] } } };
    tenderId = await publishedTender(api('tenderer'), api('staff'), { ...base, sections: [floatA, { ...first, sectionCode: sectionB, name: '围墙标段' }] });
    const custodians = ['tenderer', 'agency', 'supervisor'];
    const ceremony = await api('staff').post(`/api/tenders/${tenderId}/opening-key`, {
      threshold: 2,
      custodians: await Promise.all(custodians.map(async (name) => ({ userId: ((await api(name).get('/api/auth/me')).body as { id: string }).id, publicKey: sm2.generateKeyPair().publicKey }))),
    });
    if (ceremony.status !== 201) throw new Error(`opening key: ${ceremony.status} ${JSON.stringify(ceremony.body)}`);
    const openingPublicKey = (ceremony.body as { publicKey: string }).publicKey;
    for (let i = 0; i < BIDDERS.length; i++) {
      await bidder(i).post(`/api/tenders/${tenderId}/documents/registration`, {});
      keys.push(await bidderKey(bidder(i)));
      const key = keys[i] as BidderKey;
      const seal = (section: string) => sealBid({ tenderId, sectionCode: section, bidder: key, openingPublicKey, file: Buffer.from(`投标文件 ${i}`), summary: { price: PRICES[i], duration: '300日', quality: '合格' }, chunkSize: 1 << 20 });
      const bid = seal(sectionA);
      const committed = await submitBid(server.url, bidder(i), tenderId, bid, key);
      if (committed.status !== 201) throw new Error(`bid: ${committed.status} ${JSON.stringify(committed.body)}`);
      bids.push(bid);
      // Section B: two bids only (it will fail); bidder3 has none there.
      if (i < 2 && (await submitBid(server.url, bidder(i), tenderId, seal(sectionB), key)).status !== 201) throw new Error('bid on section B');
      clock.advance(1000);
    }
  });
  afterAll(async () => {
    await supervisorWatch?.close();
    await server?.close();
  });

  it('refuses the stream to non-participants; participants may watch before the opening', async () => {
    expect((await fetch(eventsUrl(sectionA))).status).toBe(401);
    const outsider = watch(eventsUrl(sectionA), api('agency').cookie);
    expect(await outsider.done).toBe(403);
    // bidder3 has no bid in section B: not a participant there (nor may they check in).
    expect(await watch(eventsUrl(sectionB), bidder(2).cookie).done).toBe(403);
    supervisorWatch = watch(eventsUrl(sectionA), api('supervisor').cookie);
    expect(await supervisorWatch.status()).toBe(200);
    await supervisorWatch.waitFor(() => supervisorWatch.raw().includes('event: heartbeat'));
    expect(supervisorWatch.events).toEqual([]);
  });

  it('takes check-ins from the lead time before the deadline, silently until the opening starts', async () => {
    clock.set(at(-61));
    await signInAll(['bidder', 'bidder3', 'staff']);
    expect((await bidder(0).post(`${openingUrl(sectionA)}/check-in`)).body).toMatchObject({ code: 'CHECK_IN_NOT_OPEN' });
    clock.set(at(-59));
    const checkedIn = await bidder(0).post(`${openingUrl(sectionA)}/check-in`);
    expect(checkedIn.status).toBe(201);
    expect(checkedIn.body).toMatchObject({ bidderName: expect.any(String), checkedInAt: at(-59).toISOString(), already: false });
    expect((await bidder(0).post(`${openingUrl(sectionA)}/check-in`)).body).toMatchObject({ already: true, checkedInAt: at(-59).toISOString() });
    expect((await bidder(2).post(`${openingUrl(sectionB)}/check-in`)).body).toMatchObject({ code: 'NOT_AN_OPENING_PARTICIPANT' });
    // Section B keeps the default lead time (30 minutes).
    expect((await bidder(0).post(`${openingUrl(sectionB)}/check-in`)).body).toMatchObject({ code: 'CHECK_IN_NOT_OPEN' });
    expect((await api('staff').post(`${openingUrl(sectionA)}/check-in`)).status).toBe(403);
    // Nothing about who checked in reaches the hall before the opening (法 22).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(supervisorWatch.events).toEqual([]);
  });

  it('fails section B (流标) live; the tender is opening while section A is still to open', async () => {
    clock.set(at(1));
    await signInAll(['tenderer', 'staff', ...BIDDERS]);
    const watcher = watch(eventsUrl(sectionB), bidder(1).cookie);
    expect((await api('staff').post(openingUrl(sectionB))).body).toMatchObject({ status: 'failed', bidCount: 2 });
    const [failed] = await watcher.waitFor(has('failed'));
    expect(failed).toMatchObject({ id: 1, data: { kind: 'failed', seq: 1, bidCount: 2, minimumBidders: 3, sectionCode: sectionB } });
    await watcher.close();
    // A bidder of a failed section sees the failure (they are a participant).
    expect((await bidder(1).get(openingUrl(sectionB))).body).toMatchObject({ status: 'failed' });
    expect((await bidder(2).get(openingUrl(sectionB))).body).toMatchObject({ code: 'NOT_AN_OPENING_PARTICIPANT' });
    const tender = (await api('tenderer').get(`/api/tenders/${tenderId}`)).body as { status: string; sections: Array<{ sectionCode: string; status: string }> };
    expect(tender.status).toBe('opening');
    expect(tender.sections.find((s) => s.sectionCode === sectionB)?.status).toBe('failed');
    expect(tender.sections.find((s) => s.sectionCode === sectionA)?.status).toBe('tendering');
    expect((await bidder(0).post(`${openingUrl(sectionB)}/check-in`)).body).toMatchObject({ code: 'CHECK_IN_OVER' });
  });

  let openedSeq = 0;
  it('opens section A: bidders published with attendance, the float-point seed committed; a reconnecting watcher misses nothing', async () => {
    const bidderWatch = watch(eventsUrl(sectionA), bidder(1).cookie);
    expect((await api('staff').post(openingUrl(sectionA))).status).toBe(201);
    const opened = (await supervisorWatch.waitFor(has('opened')))[0];
    if (!opened) throw new Error('no opened event');
    expect(opened.data).toMatchObject({ kind: 'opened', status: 'decrypting', bidCount: 3, floatPoint: { mode: 'discountBase', commitment: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect((opened.data.bidders as Array<{ checkedIn: boolean }>).map((b) => b.checkedIn)).toEqual([true, false, false]);
    expect((opened.data.floatPoint as { letters: Array<{ letter: string }> }).letters.map((l) => l.letter)).toEqual(['A', 'C', 'E']);
    openedSeq = opened.id;
    await bidderWatch.waitFor(has('opened'));
    await bidderWatch.close();

    // While bidder2 is away: their late check-in, an early float-point draw refused, the three decryptions.
    expect((await bidder(1).post(`${openingUrl(sectionA)}/check-in`)).status).toBe(201);
    expect((await bidder(2).post(`${openingUrl(sectionA)}/float-point`, {})).body).toMatchObject({ code: 'CEILING_PRICE_NOT_PUBLISHED' });
    for (const i of [0, 1, 2]) expect((await bidder(i).post(`${openingUrl(sectionA)}/decryptions`, { dataKey: dataKey(i) })).status).toBe(201);
    await supervisorWatch.waitFor((events) => events.filter((e) => e.data.kind === 'decrypted').length === 3);
    const last = supervisorWatch.events.at(-1)?.id ?? 0;

    // Reconnect with Last-Event-ID: exactly the missed events, in order, then live.
    const back = watch(eventsUrl(sectionA), bidder(1).cookie, { header: openedSeq });
    const missed = await back.waitFor((events) => events.at(-1)?.id === last);
    expect(missed.map((e) => e.id)).toEqual(Array.from({ length: last - openedSeq }, (_, k) => openedSeq + 1 + k));
    expect(missed.map((e) => e.data)).toEqual(supervisorWatch.events.filter((e) => e.id > openedSeq).map((e) => e.data));
    expect(kinds(missed)).toEqual(['checkedIn', 'decrypted', 'decrypted', 'decrypted']);
    expect(missed.filter((e) => e.data.kind === 'decrypted').map((e) => [e.data.decrypted, e.data.total])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    await back.close();
    // The query form works for clients that cannot set the header.
    const viaQuery = watch(eventsUrl(sectionA), bidder(1).cookie, { query: last - 1 });
    expect((await viaQuery.waitFor((events) => events.length === 1)).map((e) => e.id)).toEqual([last]);
    await viaQuery.close();
  });

  it('announces the ceiling price and draws the float point verifiably (a checked-in bidder draws)', async () => {
    clock.set(at(33));
    await signInAll(['tenderer', 'staff', ...BIDDERS]);
    expect((await api('staff').post(`${openingUrl(sectionA)}/record`)).body).toMatchObject({ code: 'CEILING_PRICE_NOT_PUBLISHED' });
    expect((await bidder(0).post(`${openingUrl(sectionA)}/ceiling-price`)).status).toBe(403);
    const ceiling = await api('staff').post(`${openingUrl(sectionA)}/ceiling-price`);
    expect(ceiling.body).toMatchObject({ ceilingPrice: '14800000.00' });
    expect((await api('staff').post(`${openingUrl(sectionA)}/ceiling-price`)).body).toMatchObject({ code: 'CEILING_PRICE_ALREADY_PUBLISHED' });
    expect((await api('staff').post(`${openingUrl(sectionA)}/record`)).body).toMatchObject({ code: 'FLOAT_POINT_NOT_DRAWN' });
    // bidder3 never checked in: they may not draw (attendance is still not required for their bid).
    expect((await bidder(2).post(`${openingUrl(sectionA)}/float-point`, {})).body).toMatchObject({ code: 'FLOAT_POINT_DRAWER_NOT_CHECKED_IN' });
    const nonce = 'c0ffee'.repeat(6);
    const drawn = await bidder(0).post(`${openingUrl(sectionA)}/float-point`, { nonce });
    expect(drawn.status).toBe(201);
    expect((await api('staff').post(`${openingUrl(sectionA)}/float-point`, {})).body).toMatchObject({ code: 'FLOAT_POINT_ALREADY_DRAWN' });

    const drawnEvent = (await supervisorWatch.waitFor(has('floatPointDrawn'))).find((e) => e.data.kind === 'floatPointDrawn');
    const floatPoint = drawnEvent?.data.floatPoint as { letter: FloatPointLetter; rate: string; seed: string; nonce: string; commitment: string; letters: FloatPointLetter[] };
    const committed = (supervisorWatch.events.find((e) => e.data.kind === 'opened')?.data.floatPoint as { commitment: string } | undefined)?.commitment ?? 'missing';
    // Anyone can check it: the seed revealed now matches the commitment published at the start and gives the letter.
    expect(floatPoint).toMatchObject({ nonce, commitment: committed, letters: ['A', 'C', 'E'] });
    expect(sm3Hex(Buffer.from(floatPoint.seed, 'hex'))).toBe(committed);
    expect(verifyFloatPoint({ seedHex: floatPoint.seed, commitment: committed, nonce, letters: floatPoint.letters, letter: floatPoint.letter })).toBe(true);
    expect(['A', 'C', 'E']).toContain(floatPoint.letter);
    expect(kinds(supervisorWatch.events).slice(-2)).toEqual(['ceilingPricePublished', 'floatPointDrawn']);
  });

  it('never streams a price before the record; then reads the record out with attendance, ceiling price and float point', async () => {
    const beforeRecord = JSON.stringify(supervisorWatch.events);
    for (const price of PRICES) expect(beforeRecord).not.toContain(price);
    expect(supervisorWatch.raw()).not.toContain(PRICES[0]);
    const published = await api('staff').post(`${openingUrl(sectionA)}/record`);
    expect(published.status).toBe(200);
    const [recordEvent] = (await supervisorWatch.waitFor(has('recordPublished'))).filter((e) => e.data.kind === 'recordPublished');
    const record = recordEvent?.data.record as { rows: Array<{ price: string; checkedInAt: string | null }>; ceilingPrice: string; floatPoint: { letter: string } };
    expect(record.rows.map((r) => r.price)).toEqual(PRICES);
    expect(record.rows.map((r) => r.checkedInAt)).toEqual([at(-59).toISOString(), at(1).toISOString(), null]);
    expect(record.ceilingPrice).toBe('14800000.00');
    expect(record).toEqual((published.body as { record: unknown }).record);
  });

  it('streams responses and the close; the section goes to evaluation and the tender follows', async () => {
    // Published to participants but not closed: nothing public yet.
    expect((await client(server.url).get(`${openingUrl(sectionA)}/result`)).body).toMatchObject({ code: 'OPENING_RESULT_NOT_PUBLISHED' });
    for (const i of [0, 1]) expect((await bidder(i).post(`${openingUrl(sectionA)}/responses`, { kind: 'confirm' })).status).toBe(201);
    const objection = await bidder(2).post(`${openingUrl(sectionA)}/responses`, { kind: 'objection', text: '请核对我方工期' });
    await api('staff').post(`${openingUrl(sectionA)}/responses/${(objection.body as { id: string }).id}/answer`, { answer: '已核对，工期 300 日无误' });
    expect((await api('staff').post(`${openingUrl(sectionA)}/close`)).status).toBe(200);
    await supervisorWatch.waitFor(has('closed'));
    expect(kinds(supervisorWatch.events).slice(-6)).toEqual(['recordPublished', 'response', 'response', 'response', 'answered', 'closed']);
    expect(supervisorWatch.events.filter((e) => e.data.kind === 'response').map((e) => e.data.responseKind)).toEqual(['confirm', 'confirm', 'objection']);
    // Every event exactly once, seq 1..n without gaps.
    expect(supervisorWatch.events.map((e) => e.id)).toEqual(supervisorWatch.events.map((_, k) => k + 1));
    expect(supervisorWatch.events.map((e) => e.data.seq)).toEqual(supervisorWatch.events.map((e) => e.id));

    const tender = (await api('tenderer').get(`/api/tenders/${tenderId}`)).body as { status: string; sections: Array<{ sectionCode: string; status: string }> };
    expect(tender.status).toBe('evaluating');
    expect(tender.sections.find((s) => s.sectionCode === sectionA)?.status).toBe('evaluating');
    expect((await bidder(2).post(`${openingUrl(sectionA)}/check-in`)).body).toMatchObject({ code: 'CHECK_IN_OVER' });

    const opened = await findOpenedSection(server.platform.deps.db, tenderId, sectionA);
    const drawn = supervisorWatch.events.find((e) => e.data.kind === 'floatPointDrawn')?.data.floatPoint as { letter: string; rate: string };
    expect(opened).toMatchObject({ readyForEvaluation: true, status: 'evaluating', procedureType: 'engineeringOpen', ceilingPrice: '14800000.00', floatPoint: { letter: drawn.letter, rate: drawn.rate, mode: 'discountBase' } });
    expect(opened?.bids.map((b) => [b.price, b.opened])).toEqual(PRICES.map((p) => [p, true]));
    expect(opened?.evaluationMethods).toContain('comprehensive');
    expect(await findOpenedSection(server.platform.deps.db, tenderId, sectionB)).toMatchObject({ readyForEvaluation: false, status: 'failed', bids: [] });
    // The hall's events are also the audit trail's steps.
    const actions = await server.platform.deps.db.selectFrom('platform.audit_event').select(['action']).where('target', '=', tenderId).where('action', 'like', 'tendering.opening.%').execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['tendering.opening.check-in', 'tendering.opening.ceiling-price', 'tendering.opening.float-point']));
  });

  it('publishes the result of a public opening to everyone: the signed record once closed, the failure (流标) with its reason, nothing of user accounts', async () => {
    const anonymous = client(server.url);
    const closed = await anonymous.get(`${openingUrl(sectionA)}/result`);
    expect(closed.status).toBe(200);
    const body = closed.body as { status: string; rows: Array<Record<string, unknown>>; signedRecord: unknown };
    expect(body.status).toBe('closed');
    expect(body.rows.map((r) => r.price)).toEqual(PRICES);
    expect(body.rows.every((r) => !('bidderId' in r) && !('bidId' in r))).toBe(true);
    const staffView = (await api('staff').get(openingUrl(sectionA))).body as { signedRecord: unknown };
    expect(body.signedRecord).toEqual(staffView.signedRecord);
    const failed = (await anonymous.get(`${openingUrl(sectionB)}/result`)).body as { status: string; failureReason: string | null; rows: unknown[] };
    expect(failed).toMatchObject({ status: 'failed', rows: [] });
    expect(failed.failureReason).toBeTruthy();
  });
});
