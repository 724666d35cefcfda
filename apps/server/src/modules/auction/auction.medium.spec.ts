import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import type { MessageHandler } from '../../platform/events/broadcaster.js';
import type { Principal } from '../../platform/http/access.js';
import { runIdempotent } from '../../platform/idempotency/idempotency.js';
import { createKeyStore } from '../../platform/keys/key-store.js';
import type { EventBus } from '../../platform/module.js';
import { databaseTargets } from '../../platform/testing/databases.js';
import { allMigrations } from '../../platform.js';
import { type AuctionService, createAuctionService } from './auction.service.js';
import { createLotHub, type LotHub, type SseSink } from './sse.js';

const bj = (local: string) => new Date(`${local}+08:00`);
const principal = (username: string, role: 'bidder' | 'centreStaff' = 'bidder'): Principal => ({ userId: randomUUID(), username, roles: [role], credentialId: 'test', via: 'session' });
const ctx = { ip: '127.0.0.1' };

/** An event bus that records what was published and lets the test deliver it (the relay's part). */
function recordingBus() {
  const handlers: Array<{ pattern: string; handler: MessageHandler }> = [];
  const published: Array<{ topic: string; payload: object }> = [];
  const bus: EventBus = {
    publish: async (_tx, topic, payload) => {
      published.push({ topic, payload });
    },
    subscribe: (pattern, handler) => {
      const entry = { pattern, handler };
      handlers.push(entry);
      return () => handlers.splice(handlers.indexOf(entry), 1);
    },
  };
  return { bus, published, handlers };
}

/** A simulated SSE watcher: parses frames, remembers the last id, can drop and reconnect. */
class Watcher {
  events: Array<{ seq: number; data: Record<string, unknown> }> = [];
  lastId = 0;
  detach: (() => void) | undefined;
  #buffer = '';
  constructor(
    private readonly hub: LotHub,
    private readonly lotId: string,
  ) {}
  sink(): SseSink {
    return { write: (chunk) => (this.#take(chunk.toString('utf8')), true), backlog: () => 0, close: () => this.disconnect() };
  }
  async connect() {
    this.detach = await this.hub.attach(this.lotId, this.sink(), this.lastId);
  }
  disconnect() {
    this.detach?.();
    this.detach = undefined;
    this.#buffer = '';
  }
  #take(text: string) {
    if (!this.detach && this.events.length > 0 && text.length === 0) return;
    this.#buffer += text;
    let end: number;
    while ((end = this.#buffer.indexOf('\n\n')) >= 0) {
      const frame = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      const id = /^id: (\d+)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (id === undefined || data === undefined) continue;
      const seq = Number(id);
      // Last-Event-ID replay must never repeat or skip an event.
      if (seq !== this.lastId + 1) throw new Error(`watcher got seq ${seq} after ${this.lastId}`);
      this.lastId = seq;
      this.events.push({ seq, data: JSON.parse(data) as Record<string, unknown> });
    }
  }
  get final() {
    return this.events.at(-1)?.data;
  }
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe.each(databaseTargets())('auction engine on $name', (target) => {
  let database: Database;
  let service: AuctionService;
  let hub: LotHub;
  const clock = manualClock('2026-02-10T01:00:00.000Z');
  const bus = recordingBus();
  const staff = principal('staff', 'centreStaff');

  beforeAll(async () => {
    database = await target.open(allMigrations(), { poolSize: 8 });
    const keys = createKeyStore(database.db, randomBytes(32), () => clock.now());
    service = createAuctionService({ db: database.db, clock, events: bus.bus, keys });
    await service.ready();
    hub = createLotHub({ db: database.db, events: bus.bus, now: () => clock.now(), heartbeatMs: 60_000 });
  });
  afterAll(async () => {
    await hub?.close();
    await database?.close();
  });

  const tx = <T>(fn: (tx: Parameters<AuctionService['placeBid']>[0]) => Promise<T>) => database.db.transaction().execute(fn);

  async function createLot(listingStart: string, listingEnd: string, extra: Record<string, unknown> = {}): Promise<string> {
    const created = await tx((t) =>
      service.createTrade(
        t,
        staff,
        {
          title: '测试地块挂牌出让',
          resourceType: 'landUseRight',
          method: 'listing',
          regionCode: '520115',
          sellerName: '贵阳市自然资源和规划局',
          notice: '公告',
          lots: [{ name: 'GY-T-1', location: '观山湖区', startPrice: '50000000', increment: '500000', deposit: '10000000', listingStart, listingEnd, ...extra }],
        },
        ctx,
      ),
    );
    const lotId = (created.body as { lotIds: string[] }).lotIds[0];
    if (!lotId) throw new Error('no lot');
    return lotId;
  }

  it('refuses a notice published less than 20 days before listing (L1)', async () => {
    clock.set('2026-02-10T01:00:00.000Z');
    await expect(createLot(bj('2026-02-25T09:00:00').toISOString(), bj('2026-03-12T10:00:00').toISOString())).rejects.toMatchObject({ code: 'TRADE_TERMS_INVALID' });
  });

  it('runs the formulas.md §6.3 example end to end; the reserve stays sealed until the result', async () => {
    clock.set(bj('2026-02-10T09:00:00'));
    const lotId = await createLot(bj('2026-03-02T09:00:00').toISOString(), bj('2026-03-12T10:00:00').toISOString());
    const A = principal('bidderA');
    const B = principal('bidderB');
    await tx((t) => service.register(t, A, lotId, { depositProof: 'TX-A-0001' }, ctx));
    await tx((t) => service.register(t, B, lotId, { depositProof: 'TX-B-0001' }, ctx));
    const bid = (who: Principal, amount: string, at: Date) => {
      clock.set(at);
      return tx((t) => service.placeBid(t, who, lotId, amount, ctx));
    };
    expect(await refusal(bid(A, '50000000', bj('2026-03-02T08:59:00')))).toBe('LOT_NOT_STARTED');
    await bid(A, '50000000', bj('2026-03-02T09:30:00'));
    expect(await refusal(bid(B, '50300000', bj('2026-03-05T11:00:00')))).toBe('BELOW_INCREMENT');
    await bid(B, '50500000', bj('2026-03-05T11:01:00'));
    await bid(A, '51000000', bj('2026-03-10T15:00:00'));
    clock.set(bj('2026-03-12T09:20:00'));
    expect(await refusal(tx((t) => service.enterReserve(t, staff, lotId, '51800000', ctx)))).toBe('RESERVE_WINDOW_CLOSED');
    clock.set(bj('2026-03-12T09:45:00'));
    const entered = await tx((t) => service.enterReserve(t, staff, lotId, '51800000', ctx));
    expect(JSON.stringify(entered.body)).not.toContain('51800000');
    // Listing end: the closer starts timed bidding at 10:00:00.000 exactly.
    clock.set(bj('2026-03-12T10:00:00.150'));
    expect(await service.closeDueLots()).toEqual([lotId]);
    expect(await service.closeDueLots()).toEqual([]);
    const timed = await service.getLot(lotId);
    expect(timed).toMatchObject({ status: 'timedBidding', timedStartedAt: bj('2026-03-12T10:00:00').toISOString(), deadline: bj('2026-03-12T10:04:00').toISOString(), currentPrice: '51000000.00' });
    expect((await bid(B, '51500000', bj('2026-03-12T10:03:59.900'))).body).toMatchObject({ expiry: bj('2026-03-12T10:07:59.900').toISOString(), phase: 'timed' });
    expect(await refusal(bid(A, '51900000', bj('2026-03-12T10:05:10.000')))).toBe('BELOW_INCREMENT');
    await bid(A, '52000000', bj('2026-03-12T10:05:10.250'));
    // Exactly at the expiry: late, and the bid itself closes the lot (no need to wait for the closer).
    expect(await refusal(bid(B, '52500000', bj('2026-03-12T10:09:10.250')))).toBe('LOT_ENDED');
    clock.set(bj('2026-03-12T10:09:10.250'));
    await service.closeDueLots();
    const before = await database.db.selectFrom('auction.lot_event').select(['seq', 'kind', 'payload']).where('lot_id', '=', lotId).orderBy('seq').execute();
    const resultEvent = before.at(-1);
    expect(resultEvent?.kind).toBe('result');
    // Every event before the result: no trace of the reserve.
    for (const event of before.slice(0, -1)) expect(event.payload).not.toContain('51800000');
    expect(JSON.parse(resultEvent?.payload ?? '{}')).toMatchObject({ outcome: 'deal', price: '52000000.00', reservePrice: '51800000.00', status: 'deal', at: bj('2026-03-12T10:09:10.250').toISOString() });
    const lot = await service.getLot(lotId);
    expect(lot.result).toMatchObject({ outcome: 'deal', price: '52000000.00', reservePrice: '51800000.00', winnerName: 'bidderA' });
    // Deposits: the winner's converts, the loser's is released (default finance port).
    const ledger = await database.db.selectFrom('auction.deposit_ledger').select(['kind']).where('lot_id', '=', lotId).orderBy('id').execute();
    expect(ledger.map((l) => l.kind).toSorted()).toEqual(['converted', 'received', 'received', 'released']);
    // Every accepted bid is in the transparency log.
    const audited = await database.db.selectFrom('platform.audit_event').select('detail').where('action', '=', 'auction.bid').where('target', '=', `lot:${lotId}`).execute();
    expect(audited).toHaveLength(5);
    // Online confirmation, then the deal confirmation.
    expect(await refusal(tx((t) => service.issueDealConfirmation(t, staff, lotId, ctx)))).toBe('WIN_NOT_CONFIRMED');
    await tx((t) => service.confirmWin(t, A, lotId, ctx));
    const confirmed = await tx((t) => service.issueDealConfirmation(t, staff, lotId, ctx));
    expect(confirmed.body).toMatchObject({ status: 'confirmed' });
  });

  it('model-based: random bids with retries and duplicates, watchers reconnecting — everyone converges, nothing lost or doubled', async () => {
    clock.set(bj('2026-04-01T09:00:00'));
    const lotId = await createLot(bj('2026-04-21T09:00:00').toISOString(), bj('2026-05-01T10:00:00').toISOString(), { countdownMinutes: 4 });
    const bidders = [principal('m1'), principal('m2'), principal('m3')];
    for (const b of bidders) await tx((t) => service.register(t, b, lotId, { depositProof: `TX-${b.username}` }, ctx));
    const watchers = Array.from({ length: 5 }, () => new Watcher(hub, lotId));
    for (const w of watchers) await w.connect();

    let rnd = 20_260_501;
    const random = () => ((rnd = (rnd * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const accepted = new Map<number, { amount: string; bidderNo: string }>();
    let replays = 0;
    let keySerial = 0;

    const command = async (who: Principal, amount: string, key: string) => {
      const result = await runIdempotent(database.db, { scope: `${who.userId} POST /api/auction/lots/:id/bids`, key, body: { params: { id: lotId }, body: { amount } }, now: clock.now() }, (t) =>
        service.placeBid(t, who, lotId, amount, ctx),
      );
      hub.poke(lotId);
      if (result.replayed) replays++;
      const body = result.body as { seq: number; amount: string; bidderNo: string };
      const known = accepted.get(body.seq);
      // A replayed answer is the first answer, never another bid.
      if (known && (known.amount !== body.amount || known.bidderNo !== body.bidderNo)) throw new Error(`seq ${body.seq} answered twice differently`);
      accepted.set(body.seq, { amount: body.amount, bidderNo: body.bidderNo });
    };

    const step = async (phaseEnd: Date) => {
      const lot = await service.getLot(lotId);
      const high = lot.currentPrice ? Number(lot.currentPrice) : 0;
      const batch = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        const who = bidders[Math.floor(random() * bidders.length)] ?? bidders[0];
        const raise = [0, 500_000, 500_000, 1_000_000][Math.floor(random() * 4)] ?? 500_000;
        const amount = String(high === 0 ? 50_000_000 : high + raise);
        const key = `k-${++keySerial}`;
        // A duplicate sent concurrently, and sometimes a retry afterwards, with the same key.
        const sends = random() < 0.3 ? 2 : 1;
        return { who: who as Principal, amount, key, sends, retry: random() < 0.2 };
      });
      await Promise.all(batch.flatMap((b) => Array.from({ length: b.sends }, () => command(b.who, b.amount, b.key).catch((e: unknown) => e))));
      for (const b of batch.filter((x) => x.retry)) await command(b.who, b.amount, b.key).catch((e: unknown) => e);
      // Watchers drop and reconnect with their Last-Event-ID.
      for (const w of watchers) if (random() < 0.25) w.disconnect();
      for (const w of watchers) if (!w.detach && random() < 0.7) await w.connect();
      clock.set(new Date(Math.min(clock.now().getTime() + Math.floor(random() * 100_000), phaseEnd.getTime() - 1)));
    };

    clock.set(bj('2026-04-21T09:00:01'));
    for (let i = 0; i < 12; i++) await step(bj('2026-05-01T10:00:00'));
    // Listing ends; timed bidding among the entrants until a countdown passes without an offer.
    clock.set(bj('2026-05-01T10:00:00'));
    await service.closeDueLots();
    hub.poke(lotId);
    for (let i = 0; i < 25; i++) {
      const lot = await service.getLot(lotId);
      if (lot.status !== 'timedBidding' || !lot.deadline) break;
      await step(new Date(lot.deadline));
      if (random() < 0.1) break;
    }
    const lot = await service.getLot(lotId);
    if (lot.deadline) clock.set(new Date(new Date(lot.deadline).getTime() + 1));
    await service.closeDueLots();
    hub.poke(lotId);
    for (const w of watchers) if (!w.detach) await w.connect();
    // Let the channel finish its catch-up (the hub's work queue) before comparing.
    await hub.attach(lotId, { write: () => true, backlog: () => 0, close: () => {} }, 0).then((detach) => detach());

    const final = await service.getLot(lotId);
    expect(['deal', 'noDeal']).toContain(final.status);
    const bids = await database.db.selectFrom('auction.bid').select(['seq', 'amount', 'bidder_no']).where('lot_id', '=', lotId).orderBy('seq').execute();
    // No lost or duplicated bids: every accepted answer is one row, and the rows are exactly the answers.
    expect(bids.map((b) => Number(b.seq)).toSorted((a, b) => a - b)).toEqual([...accepted.keys()].toSorted((a, b) => a - b));
    for (const b of bids) expect(accepted.get(Number(b.seq))).toEqual({ amount: b.amount, bidderNo: b.bidder_no });
    expect(final.bidCount).toBe(bids.length);
    expect(bids.length).toBeGreaterThan(10);
    // Strictly increasing prices in commit order.
    for (let i = 1; i < bids.length; i++) expect(Number(bids[i]?.amount)).toBeGreaterThan(Number(bids[i - 1]?.amount));
    // Every watcher converges on the same final state: price, winner, result.
    for (const w of watchers) {
      expect(w.lastId).toBe(final.lastSeq);
      expect(w.events.filter((e) => e.data.kind === 'bid').map((e) => e.seq)).toEqual(bids.map((b) => Number(b.seq)));
      expect(w.final).toMatchObject({ kind: 'result', status: final.status, price: final.currentPrice, leaderNo: final.leaderNo });
    }
    // Countdown from commit order and commit time only: each timed bid's expiry = its commit time + 4 min.
    const timedBids = await database.db.selectFrom('auction.bid').select(['committed_at', 'expiry']).where('lot_id', '=', lotId).where('phase', '=', 'timed').execute();
    for (const b of timedBids) expect(b.expiry?.getTime()).toBe(b.committed_at.getTime() + 240_000);
    expect(replays).toBeGreaterThan(0);
  });

  it('suspends with the clock frozen and resumes after the notice', async () => {
    clock.set(bj('2026-06-01T09:00:00'));
    const lotId = await createLot(bj('2026-06-21T09:00:00').toISOString(), bj('2026-07-01T10:00:00').toISOString());
    clock.set(bj('2026-06-30T10:00:00'));
    await service.closeDueLots();
    await tx((t) => service.suspendLot(t, staff, lotId, '规划条件调整', ctx));
    expect((await service.getLot(lotId)).status).toBe('suspended');
    clock.set(bj('2026-07-02T10:00:00'));
    expect(await refusal(tx((t) => service.resumeLot(t, staff, lotId, { resumeAt: bj('2026-07-05T10:00:00').toISOString(), notice: '恢复' }, ctx)))).toBe('RESUME_NOTICE_TOO_SHORT');
    await tx((t) => service.resumeLot(t, staff, lotId, { resumeAt: bj('2026-07-10T10:00:00').toISOString(), notice: '恢复挂牌' }, ctx));
    clock.set(bj('2026-07-10T10:00:01'));
    await service.closeDueLots();
    expect(await service.getLot(lotId)).toMatchObject({ status: 'listing', listingEnd: bj('2026-07-11T10:00:00').toISOString(), deadline: bj('2026-07-11T10:00:00').toISOString() });
  });
});
