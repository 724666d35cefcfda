import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../apps/server/src/platform/clock.js';
import { e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';
import { signIn } from '../support/sign-in.js';
import type { client } from './http.js';

type Api = ReturnType<typeof client>;
const bj = (local: string) => new Date(`${local}+08:00`);
const RESERVE = '51800000';

/** Reads an SSE stream until `until` says stop (or the timeout), returning the events with their ids. */
async function readEvents(url: string, lastEventId: number | undefined, stop: (events: Array<{ id: number; data: Record<string, unknown> }>) => boolean, timeoutMs = 10_000) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: Array<{ id: number; data: Record<string, unknown> }> = [];
  try {
    const response = await fetch(url, { headers: lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) }, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no body');
    const decoder = new TextDecoder();
    let buffer = '';
    while (!stop(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: (\d+)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (id && data) events.push({ id: Number(id), data: JSON.parse(data) as Record<string, unknown> });
      }
    }
  } catch (error) {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() - started > timeoutMs) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(e2eDatabaseKinds())('land listing and timed bidding over HTTP on %s', (database) => {
  const clock = manualClock(bj('2026-02-10T09:00:00'));
  let server: TestServer;
  let staff: Api;
  let bidders: Api[];
  const bidder = (i: number): Api => {
    const api = bidders[i];
    if (!api) throw new Error(`no bidder ${i}`);
    return api;
  };
  let lotId: string;
  /** Every response body seen before the result, to prove the reserve never leaked. */
  const seen: string[] = [];
  const record = <T extends { body: unknown }>(reply: T): T => {
    seen.push(JSON.stringify(reply.body));
    return reply;
  };

  /** Sessions end after 30 idle minutes (等保 default): sign in again after the clock jumps days ahead. */
  const signInAll = async () => {
    staff = (await signIn(server.url, 'staff', { at: clock.now() })).api;
    bidders = await Promise.all(['bidder', 'bidder2', 'bidder3'].map(async (u) => (await signIn(server.url, u, { at: clock.now() })).api));
  };
  beforeAll(async () => {
    server = await startTestServer({ database, clock });
    await signInAll();
  });
  afterAll(async () => server?.close());

  it('announces a trade (L1 checked), registers bidders with anonymous numbers', async () => {
    const tooLate = await staff.post('/api/auction/trades', trade(bj('2026-02-25T09:00:00')));
    expect(tooLate.status).toBe(400);
    expect(tooLate.body).toMatchObject({ code: 'TRADE_TERMS_INVALID' });
    const created = await staff.post('/api/auction/trades', trade(bj('2026-03-02T09:00:00')));
    expect(created.status).toBe(201);
    lotId = (created.body as { lotIds: string[] }).lotIds[0] ?? '';
    const calendar = record(await bidder(0).get('/api/auction/lots'));
    expect((calendar.body as { items: Array<{ id: string }> }).items.map((i) => i.id)).toContain(lotId);
    for (const [i, api] of bidders.entries()) {
      const reg = record(await api.post(`/api/auction/lots/${lotId}/registrations`, { depositProof: `GZB-${i}-0001` }));
      expect(reg.status).toBe(201);
      expect(reg.body).toMatchObject({ status: 'qualified', bidderNo: expect.stringMatching(/^\d{4}$/) });
    }
    expect((await bidder(0).post(`/api/auction/lots/${lotId}/registrations`, { depositProof: 'again' })).status).toBe(409);
    // Bidding is for bidders only; the public can watch.
    expect((await staff.post(`/api/auction/lots/${lotId}/bids`, { amount: '50000000' })).status).toBe(403);
  });

  it('accepts listing offers as idempotent commands, numbered in commit order', async () => {
    clock.set(bj('2026-03-02T09:30:00'));
    await signInAll();
    const first = record(await bidder(0).post(`/api/auction/lots/${lotId}/bids`, { amount: '50000000' }, { 'idempotency-key': 'bid-a-1' }));
    expect(first.status).toBe(201);
    const again = await bidder(0).post(`/api/auction/lots/${lotId}/bids`, { amount: '50000000' }, { 'idempotency-key': 'bid-a-1' });
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    clock.set(bj('2026-03-05T11:00:00'));
    await signInAll();
    const low = await bidder(1).post(`/api/auction/lots/${lotId}/bids`, { amount: '50300000' }, { 'idempotency-key': 'bid-b-1' });
    expect(low.status).toBe(422);
    expect(low.body).toMatchObject({ code: 'BELOW_INCREMENT' });
    record(await bidder(1).post(`/api/auction/lots/${lotId}/bids`, { amount: '50500000' }, { 'idempotency-key': 'bid-b-2' }));
    clock.set(bj('2026-03-06T11:00:00'));
    await signInAll();
    record(await bidder(2).post(`/api/auction/lots/${lotId}/bids`, { amount: '51000000' }, { 'idempotency-key': 'bid-c-1' }));
    const lot = record(await bidder(0).get(`/api/auction/lots/${lotId}`));
    expect(lot.body).toMatchObject({ status: 'listing', currentPrice: '51000000.00', bidCount: 3 });
  });

  it('takes the sealed reserve only in the last 30 minutes and never shows it', async () => {
    clock.set(bj('2026-03-12T09:20:00'));
    await signInAll();
    expect((await staff.post(`/api/auction/lots/${lotId}/reserve`, { amount: RESERVE })).body).toMatchObject({ code: 'RESERVE_WINDOW_CLOSED' });
    clock.set(bj('2026-03-12T09:45:00'));
    const entered = record(await staff.post(`/api/auction/lots/${lotId}/reserve`, { amount: RESERVE }));
    expect(entered.body).toMatchObject({ reserveEntered: true });
    const monitor = record(await staff.get(`/api/auction/lots/${lotId}/monitor`));
    expect(monitor.body).toMatchObject({ reserveEntered: true });
    expect((await bidder(0).get(`/api/auction/lots/${lotId}/monitor`)).status).toBe(403);
  });

  it('streams events with seq ids, replays from Last-Event-ID, and runs timed bidding to the deal', async () => {
    const stream = `${server.url}/api/auction/lots/${lotId}/events`;
    const history = await readEvents(stream, undefined, (events) => events.length >= 3);
    expect(history.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(history.map((e) => e.data.kind)).toEqual(['listingStarted', 'bid', 'bid', 'bid']);
    // Listing ends: the closer starts timed bidding from the server clock.
    clock.set(bj('2026-03-12T10:00:00.100'));
    await signInAll();
    const timed = await until(
      () => bidder(0).get(`/api/auction/lots/${lotId}`),
      (r) => (r.body as { status: string }).status === 'timedBidding',
    );
    record(timed);
    expect(timed.body).toMatchObject({ status: 'timedBidding', deadline: bj('2026-03-12T10:04:00').toISOString() });
    const last = (timed.body as { lastSeq: number }).lastSeq;
    // A watcher that saw up to seq 2 gets exactly what it missed, in order.
    const replay = await readEvents(stream, 2, (events) => events.at(-1)?.id === last);
    expect(replay.map((e) => e.id)).toEqual(Array.from({ length: last - 2 }, (_, i) => i + 3));
    expect(replay.at(-1)?.data).toMatchObject({ kind: 'timedStarted', status: 'timedBidding' });

    clock.set(bj('2026-03-12T10:03:59.900'));
    const b = record(await bidder(1).post(`/api/auction/lots/${lotId}/bids`, { amount: '51500000' }, { 'idempotency-key': 'bid-b-3' }));
    expect(b.body).toMatchObject({ expiry: bj('2026-03-12T10:07:59.900').toISOString() });
    clock.set(bj('2026-03-12T10:05:10.250'));
    record(await bidder(0).post(`/api/auction/lots/${lotId}/bids`, { amount: '52000000' }, { 'idempotency-key': 'bid-a-2' }));
    // A live watcher sees the next accepted bid with the next id.
    const watching = readEvents(stream, last + 2, (events) => events.some((e) => e.data.kind === 'bid'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    clock.set(bj('2026-03-12T10:06:00'));
    record(await bidder(2).post(`/api/auction/lots/${lotId}/bids`, { amount: '52500000' }, { 'idempotency-key': 'bid-c-2' }));
    const live = await watching;
    expect(live[0]).toMatchObject({ id: last + 3, data: { kind: 'bid', amount: '52500000.00', price: '52500000.00', deadline: bj('2026-03-12T10:10:00').toISOString() } });
    // Bidders appear by number only.
    expect(JSON.stringify(live)).not.toContain('bidder3');

    for (const body of seen) expect(body).not.toContain(RESERVE);
    clock.set(bj('2026-03-12T10:10:00'));
    const ended = await until(
      () => bidder(0).get(`/api/auction/lots/${lotId}`),
      (r) => (r.body as { status: string }).status === 'deal',
    );
    expect(ended.body).toMatchObject({ status: 'deal', result: { outcome: 'deal', price: '52500000.00', reservePrice: '51800000.00' } });
    const winner = bidder(2);
    expect((await winner.get(`/api/auction/lots/${lotId}/me`)).body).toMatchObject({ winner: true });
    expect((await bidder(0).post(`/api/auction/lots/${lotId}/win-confirmation`)).status).toBe(403);
    expect((await winner.post(`/api/auction/lots/${lotId}/win-confirmation`)).body).toMatchObject({ price: '52500000.00', certificateNo: expect.any(String) });
    const deal = await staff.post(`/api/auction/lots/${lotId}/deal-confirmation`);
    expect(deal.body).toMatchObject({ status: 'confirmed', dealConfirmationNo: expect.stringMatching(/^CJ-/) });
  });
});

function trade(listingStart: Date) {
  return {
    title: '贵阳市花溪区 HX[2026]12 号地块国有建设用地使用权挂牌出让',
    resourceType: 'landUseRight',
    method: 'listing',
    regionCode: '520111',
    sellerName: '贵阳市自然资源和规划局',
    notice: '以网上挂牌方式出让。',
    lots: [
      {
        name: 'HX[2026]12 号地块',
        location: '花溪区',
        startPrice: '50000000',
        increment: '500000',
        deposit: '10000000',
        listingStart: listingStart.toISOString(),
        listingEnd: bj('2026-03-12T10:00:00').toISOString(),
      },
    ],
  };
}
