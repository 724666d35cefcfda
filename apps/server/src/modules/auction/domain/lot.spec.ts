import { describe, expect, it } from 'vitest';
import {
  advance,
  announcementLeadDays,
  type BidAttempt,
  capTieBreakWinner,
  checkTerms,
  decideBid,
  dutchPrice,
  initialState,
  isInReserveWindow,
  type LotState,
  type LotTerms,
  scheduleResumption,
  suspend,
  warningInstants,
} from './lot.js';
import { fromFen, toFen } from '@ggzy/contracts';
import { AUCTION_RULES, DEFAULT_COUNTDOWN_MS } from './rules.js';

/** Beijing wall time → instant. */
const bj = (local: string) => new Date(`${local}+08:00`);
const y = (yuan: string) => toFen(yuan);
const LOT = 'lot-1';

/** formulas.md §6.3: start 50,000,000; increment 500,000; listing ends 2026-03-12 10:00:00.000; T = 4 min. */
const terms: LotTerms = {
  method: 'listing',
  mode: 'ascending',
  startPrice: y('50000000'),
  increment: y('500000'),
  priceCap: null,
  capTieBreak: 'lottery',
  listingStart: bj('2026-03-02T09:00:00.000'),
  listingEnd: bj('2026-03-12T10:00:00.000'),
  countdownMs: DEFAULT_COUNTDOWN_MS,
  timedEntryMinBidders: 2,
  stepAligned: false,
  descending: null,
};

const A = { registrationId: 'rA', bidderNo: '1001' };
const B = { registrationId: 'rB', bidderNo: '1002' };

/** A tiny driver: the engine's loop (advance to now, decide, keep the state and seq). */
function driver(t: LotTerms = terms, reserve: bigint | null = null) {
  let state: LotState = initialState(t);
  let seq = 0;
  const offered = new Set<string>();
  const capped = new Set<string>();
  const results: unknown[] = [];
  const at = (now: Date) => {
    const next = advance(t, state, now, reserve, LOT);
    state = next.state;
    for (const tr of next.transitions) {
      seq++;
      results.push(tr);
    }
    return next.transitions;
  };
  const bid = (who: { registrationId: string; bidderNo: string }, amount: string, now: Date) => {
    at(now);
    const attempt: BidAttempt = { ...who, amount: y(amount), hasListingOffer: offered.has(who.registrationId), hasCapOffer: capped.has(who.registrationId) };
    const decision = decideBid(t, state, attempt, now, seq + 1);
    if (decision.ok) {
      seq++;
      state = decision.state;
      if (state.status === 'listing') offered.add(who.registrationId);
      if (decision.phase === 'cap') capped.add(who.registrationId);
    }
    return decision;
  };
  return { bid, at, get state() { return state; }, get seq() { return seq; }, results };
}

describe('land listing and timed bidding (formulas.md §6.3 worked example)', () => {
  it('runs the worked example to a deal with A at 52,000,000 and the expiry 10:09:10.250', () => {
    const d = driver(terms, y('51800000'));
    expect(d.bid(A, '50000000', bj('2026-03-02T09:30:00')).ok).toBe(true);
    expect(d.bid(B, '50300000', bj('2026-03-05T11:00:00'))).toMatchObject({ ok: false, refusal: { code: 'BELOW_INCREMENT', minimum: y('50500000') } });
    expect(d.bid(B, '50500000', bj('2026-03-05T11:01:00')).ok).toBe(true);
    expect(d.bid(A, '51000000', bj('2026-03-10T15:00:00')).ok).toBe(true);
    // 10:00:00.000: A and B hold valid offers ⇒ timed bidding from 51,000,000, expiry 10:04.
    expect(d.at(bj('2026-03-12T10:00:00.000'))).toEqual([{ kind: 'timedStarted', at: bj('2026-03-12T10:00:00.000'), expiry: bj('2026-03-12T10:04:00.000') }]);
    expect(d.state.high?.amount).toBe(y('51000000'));
    const b = d.bid(B, '51500000', bj('2026-03-12T10:03:59.900'));
    expect(b).toMatchObject({ ok: true, phase: 'timed', expiry: bj('2026-03-12T10:07:59.900') });
    expect(d.bid(A, '51900000', bj('2026-03-12T10:05:10.000'))).toMatchObject({ ok: false, refusal: { code: 'BELOW_INCREMENT' } });
    expect(d.state.deadline).toEqual(bj('2026-03-12T10:07:59.900'));
    expect(d.bid(A, '52000000', bj('2026-03-12T10:05:10.250'))).toMatchObject({ ok: true, expiry: bj('2026-03-12T10:09:10.250') });
    expect(warningInstants(bj('2026-03-12T10:09:10.250'))).toEqual([bj('2026-03-12T10:08:10.250'), bj('2026-03-12T10:08:40.250'), bj('2026-03-12T10:09:00.250')]);
    // An offer committed exactly at the expiry is late.
    expect(d.bid(B, '52500000', bj('2026-03-12T10:09:10.250'))).toMatchObject({ ok: false, refusal: { code: 'LOT_ENDED' } });
    expect(d.state.status).toBe('deal');
    const result = d.results.at(-1) as { kind: string; at: Date; outcome: { status: string; price: bigint; winner: { bidderNo: string } } };
    expect(result.kind).toBe('result');
    expect(result.at).toEqual(bj('2026-03-12T10:09:10.250'));
    expect(result.outcome).toMatchObject({ status: 'deal', price: y('52000000'), winner: { bidderNo: '1001' } });
  });

  const variants: Array<{ name: string; reserve: string | null; timedOffer: boolean; oneBidder?: boolean; expect: { status: string; price?: string } }> = [
    { name: 'reserve 52,500,000 ⇒ no deal', reserve: '52500000', timedOffer: true, expect: { status: 'noDeal' } },
    { name: 'no timed offers, reserve 51,800,000 ⇒ no deal (L11)', reserve: '51800000', timedOffer: false, expect: { status: 'noDeal' } },
    { name: 'no timed offers, reserve 50,800,000 ⇒ deal at 51,000,000 (L11)', reserve: '50800000', timedOffer: false, expect: { status: 'deal', price: '51000000.00' } },
    { name: 'one bidder, offer ≥ reserve ⇒ deal without timed bidding (L7)', reserve: '50000000', timedOffer: false, oneBidder: true, expect: { status: 'deal', price: '51000000.00' } },
    { name: 'one bidder, offer < reserve ⇒ no deal (L7)', reserve: '51500000', timedOffer: false, oneBidder: true, expect: { status: 'noDeal' } },
    { name: 'no reserve entered ⇒ the highest valid offer wins', reserve: null, timedOffer: false, expect: { status: 'deal', price: '51000000.00' } },
  ];
  it.each(variants)('$name', (v) => {
    const d = driver(terms, v.reserve === null ? null : y(v.reserve));
    d.bid(A, '50000000', bj('2026-03-02T09:30:00'));
    if (!v.oneBidder) d.bid(B, '50500000', bj('2026-03-05T11:01:00'));
    d.bid(A, '51000000', bj('2026-03-10T15:00:00'));
    if (v.timedOffer) {
      d.bid(B, '51500000', bj('2026-03-12T10:03:59.900'));
      d.bid(A, '52000000', bj('2026-03-12T10:05:10.250'));
    }
    d.at(bj('2026-03-13T00:00:00'));
    expect(d.state.status).toBe(v.expect.status);
    const hadTimedBidding = d.results.some((r) => (r as { kind: string }).kind === 'timedStarted');
    expect(hadTimedBidding).toBe(!v.oneBidder);
    expect(v.expect.price === undefined ? undefined : fromFen(d.state.high?.amount ?? 0n)).toBe(v.expect.price);
  });

  it('no offers at all ⇒ no deal (流拍)', () => {
    const d = driver(terms, y('1'));
    d.at(bj('2026-03-13T00:00:00'));
    expect(d.state.status).toBe('noDeal');
    expect((d.results.at(-1) as { outcome: unknown }).outcome).toEqual({ status: 'noDeal', reason: 'noOffers' });
  });

  it('two offers in the same millisecond: the second in commit order must beat the first by one increment', () => {
    const d = driver();
    const t = bj('2026-03-05T11:00:00.000');
    expect(d.bid(A, '50000000', t).ok).toBe(true);
    expect(d.bid(B, '50000000', t)).toMatchObject({ ok: false, refusal: { code: 'BELOW_INCREMENT' } });
    expect(d.bid(B, '50500000', t).ok).toBe(true);
  });

  it('refuses offers below the start price, before the listing starts, and from non-entrants in timed bidding', () => {
    const d = driver();
    expect(d.bid(A, '50000000', bj('2026-03-02T08:59:59.999'))).toMatchObject({ ok: false, refusal: { code: 'LOT_NOT_STARTED' } });
    expect(d.bid(A, '49999999.99', bj('2026-03-02T09:00:00'))).toMatchObject({ ok: false, refusal: { code: 'BELOW_START' } });
    d.bid(A, '50000000', bj('2026-03-02T09:30:00'));
    d.bid(B, '50500000', bj('2026-03-03T09:30:00'));
    const C = { registrationId: 'rC', bidderNo: '1003' };
    expect(d.bid(C, '51000000', bj('2026-03-12T10:00:01'))).toMatchObject({ ok: false, refusal: { code: 'NOT_AN_ENTRANT' } });
  });

  it('the expiry never decreases and every accepted timed offer extends exactly once (property over random sequences)', () => {
    let rnd = 42;
    const random = () => ((rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 50; run++) {
      const d = driver();
      d.bid(A, '50000000', bj('2026-03-02T09:30:00'));
      d.bid(B, '50500000', bj('2026-03-03T09:30:00'));
      let now = bj('2026-03-12T10:00:00').getTime();
      const expiries: number[] = [];
      const extensions: Array<[number | undefined, number]> = [];
      let accepted = 0;
      for (let i = 0; i < 30; i++) {
        now += Math.floor(random() * 300_000);
        const who = random() < 0.5 ? A : B;
        const high = d.state.high?.amount ?? 0n;
        const amount = fromFen(high + (random() < 0.2 ? 0n : y('500000')));
        const decision = d.bid(who, amount, new Date(now));
        if (decision.ok) {
          accepted++;
          extensions.push([decision.expiry?.getTime(), now + DEFAULT_COUNTDOWN_MS]);
        }
        if (d.state.deadline) expiries.push(d.state.deadline.getTime());
      }
      expect(d.state.timedBids).toBe(accepted);
      for (const [expiry, expected] of extensions) expect(expiry).toBe(expected);
      expect(expiries).toEqual(expiries.toSorted((a, b) => a - b));
    }
  });
});

describe('price cap and tie-break (L20)', () => {
  const capped: LotTerms = { ...terms, priceCap: y('52000000'), capTieBreak: 'earliest' };
  it('accepts offers up to the cap, refuses above it, and lets others join at the cap once', () => {
    const d = driver(capped);
    d.bid(A, '51800000', bj('2026-03-02T09:30:00'));
    expect(d.bid(B, '52000500', bj('2026-03-02T09:31:00'))).toMatchObject({ ok: false, refusal: { code: 'ABOVE_CAP' } });
    expect(d.bid(B, '52000000', bj('2026-03-02T09:32:00'))).toMatchObject({ ok: true, phase: 'cap' });
    expect(d.bid(A, '52000000', bj('2026-03-02T09:33:00'))).toMatchObject({ ok: true, phase: 'cap' });
    expect(d.bid(A, '52000000', bj('2026-03-02T09:34:00'))).toMatchObject({ ok: false, refusal: { code: 'CAP_OFFER_REPEATED' } });
    // Cap reached ⇒ no timed bidding; the tie-break decides: earliest = B.
    d.at(bj('2026-03-12T10:00:00'));
    expect(d.state.status).toBe('deal');
    expect((d.results.at(-1) as { outcome: { winner: { bidderNo: string }; decidedBy: string } }).outcome).toMatchObject({ decidedBy: 'capTieBreak', winner: { bidderNo: '1002' } });
  });
  it('lottery is a deterministic draw anyone can recompute from the lot id and sequence numbers', () => {
    const offers = [1, 2, 3].map((seq) => ({ amount: 1n, registrationId: `r${seq}`, bidderNo: `${seq}`, seq }));
    const winner = capTieBreakWinner('lottery', offers, 'lot-x');
    expect(capTieBreakWinner('lottery', offers, 'lot-x')).toBe(winner);
    expect(offers).toContain(winner);
  });
});

describe('English auction (拍卖) and Dutch mode', () => {
  it('an auction starts timed bidding at its start with the countdown, open to every qualified bidder', () => {
    const auction: LotTerms = { ...terms, method: 'auction', listingEnd: bj('2026-03-02T18:00:00') };
    const d = driver(auction);
    expect(d.at(bj('2026-03-02T09:00:00'))).toEqual([{ kind: 'timedStarted', at: bj('2026-03-02T09:00:00'), expiry: bj('2026-03-02T09:04:00') }]);
    expect(d.bid(A, '50000000', bj('2026-03-02T09:01:00'))).toMatchObject({ ok: true, phase: 'timed', expiry: bj('2026-03-02T09:05:00') });
  });
  it('Dutch: the price falls per step to the floor; the first acceptance at the current price ends the lot', () => {
    const dutch: LotTerms = { ...terms, method: 'auction', mode: 'descending', descending: { decrement: y('500000'), stepMs: 60_000, floorPrice: y('48000000') } };
    expect(dutchPrice(dutch, bj('2026-03-02T09:02:30'))).toBe(y('49000000'));
    expect(dutchPrice(dutch, bj('2026-03-02T11:00:00'))).toBe(y('48000000'));
    const d = driver(dutch, y('48500000'));
    d.at(bj('2026-03-02T09:00:00'));
    expect(d.bid(A, '49500000', bj('2026-03-02T09:02:30'))).toMatchObject({ ok: false, refusal: { code: 'NOT_DUTCH_PRICE', price: y('49000000') } });
    expect(d.bid(A, '49000000', bj('2026-03-02T09:02:30'))).toMatchObject({ ok: true, phase: 'dutch', endsLot: true });
    d.at(bj('2026-03-02T09:02:30'));
    expect(d.state.status).toBe('deal');
  });
});

describe('suspension (L13)', () => {
  it('freezes the clock and resumes with the remaining time after a notice of at least 5 days', () => {
    const d = driver();
    d.at(bj('2026-03-02T09:00:00'));
    const suspended = suspend(d.state, bj('2026-03-11T10:00:00'));
    expect(suspended).toMatchObject({ status: 'suspended', suspension: { from: 'listing', remainingMs: 86_400_000 } });
    if (!suspended) throw new Error('not suspended');
    expect(scheduleResumption(suspended, bj('2026-03-11T10:00:00'), bj('2026-03-15T10:00:00'))).toBe('NOTICE_TOO_SHORT');
    const scheduled = scheduleResumption(suspended, bj('2026-03-11T10:00:00'), bj('2026-03-16T10:00:00'));
    if (typeof scheduled === 'string') throw new Error(scheduled);
    const resumed = advance(terms, scheduled, bj('2026-03-16T10:00:00'), null, LOT);
    expect(resumed.state).toMatchObject({ status: 'listing', deadline: bj('2026-03-17T10:00:00') });
    expect(resumed.terms.listingEnd).toEqual(bj('2026-03-17T10:00:00'));
    expect(resumed.transitions).toEqual([{ kind: 'resumed', at: bj('2026-03-16T10:00:00'), shiftMs: 5 * 86_400_000 }]);
  });
});

describe('statutory numbers (AUCTION_RULES, one table)', () => {
  it('L1 (国土资源部令第39号, to verify): the land notice is published at least 20 days before listing starts', () => {
    expect(AUCTION_RULES.landAnnouncementLeadDays).toMatchObject({ value: 20, rule: 'L1' });
    expect(announcementLeadDays(bj('2026-02-10T09:00:00'), bj('2026-03-02T09:00:00'))).toBe(20);
    expect(checkTerms(terms, bj('2026-02-10T23:59:00'))).toEqual([]);
    expect(checkTerms(terms, bj('2026-02-11T00:00:00'))).toEqual([{ code: 'ANNOUNCEMENT_TOO_LATE', minDays: 20, days: 19 }]);
  });
  it('L2 (国土资源部令第39号, to verify): listing lasts at least 10 days', () => {
    expect(AUCTION_RULES.minListingDays.value).toBe(10);
    expect(checkTerms({ ...terms, listingEnd: bj('2026-03-11T10:00:00') }, bj('2026-02-01T09:00:00'))).toEqual([{ code: 'LISTING_TOO_SHORT', minDays: 10 }]);
  });
  it('拍卖法 第四十五条: an auction is announced at least 7 days before', () => {
    expect(AUCTION_RULES.auctionAnnouncementLeadDays).toMatchObject({ value: 7, status: 'statute' });
    expect(checkTerms({ ...terms, method: 'auction' }, bj('2026-02-23T09:00:00'))).toEqual([]);
    expect(checkTerms({ ...terms, method: 'auction' }, bj('2026-02-24T09:00:00'))[0]).toMatchObject({ code: 'ANNOUNCEMENT_TOO_LATE', minDays: 7 });
  });
  it('L6 (Taicang/Shantou local rule): the reserve is entered only in the last 30 minutes before listing ends', () => {
    expect(AUCTION_RULES.reserveWindowMinutes.value).toBe(30);
    expect(isInReserveWindow(terms, bj('2026-03-12T09:20:00'))).toBe(false);
    expect(isInReserveWindow(terms, bj('2026-03-12T09:30:00'))).toBe(true);
    expect(isInReserveWindow(terms, bj('2026-03-12T09:45:00'))).toBe(true);
    expect(isInReserveWindow(terms, bj('2026-03-12T10:00:00'))).toBe(false);
  });
  it('L9 (provincial configurable default, Taicang 4 min) and L10 (design decision 60/30/10 s) and L8 (2 bidders) and L13 (5 days)', () => {
    expect(DEFAULT_COUNTDOWN_MS).toBe(240_000);
    expect(AUCTION_RULES.countdownMinutes.status).toBe('provincial configurable default');
    expect(AUCTION_RULES.warningOffsetsSeconds.value).toEqual([60, 30, 10]);
    expect(AUCTION_RULES.timedEntryMinBidders.value).toBe(2);
    expect(AUCTION_RULES.resumeNoticeDays.value).toBe(5);
  });
});
