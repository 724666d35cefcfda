import { createHash } from 'node:crypto';
import { civilDateOf } from '../../../platform/calendar/index.js';
import { dayNumberOf } from '../../../platform/calendar/civil-date.js';
import { AUCTION_RULES, RESERVE_WINDOW_MS } from './rules.js';

/**
 * The lot of a land, mining or property sale as a pure state machine (lifecycles.md §11,
 * formulas.md §6): offers are checked against the state under the lot's lock, time-based
 * transitions happen at their exact instants (listing end, countdown expiry) whoever notices
 * them first (the closer or a bid), and the outcome is decided with the sealed reserve.
 * Money is integer fen (bigint); instants are server commit times.
 */
export const RESOURCE_TYPES = ['landUseRight', 'miningRight', 'explorationRight', 'propertyRight', 'institutionAsset'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
/** 挂牌 (listing, then timed bidding) or 拍卖 (auction: live bidding with a countdown from the start). */
export const SALE_METHODS = ['listing', 'auction'] as const;
export type SaleMethod = (typeof SALE_METHODS)[number];
/** Ascending (English) or descending (Dutch, property sales where configured). */
export const PRICE_MODES = ['ascending', 'descending'] as const;
export type PriceMode = (typeof PRICE_MODES)[number];
export const CAP_TIE_BREAKS = ['lottery', 'earliest'] as const;
export type CapTieBreak = (typeof CAP_TIE_BREAKS)[number];

export const LOT_STATUSES = ['announced', 'listing', 'timedBidding', 'suspended', 'deal', 'noDeal', 'terminated', 'confirmed', 'defaulted'] as const;
export type LotStatus = (typeof LOT_STATUSES)[number];
/** Statuses in which nothing happens by time any more. */
export const FINAL_STATUSES: readonly LotStatus[] = ['deal', 'noDeal', 'terminated', 'confirmed', 'defaulted'];
/** End-state codes of the reference system (lifecycles.md §11). */
export const END_STATE_CODES: Partial<Record<LotStatus, number>> = { deal: 30, noDeal: 31, suspended: 40, terminated: 50 };

export interface DescendingTerms {
  /** Price fall per step (fen). */
  decrement: bigint;
  stepMs: number;
  /** Public floor: the price never falls below it. */
  floorPrice: bigint;
}

export interface LotTerms {
  method: SaleMethod;
  mode: PriceMode;
  startPrice: bigint;
  increment: bigint;
  priceCap: bigint | null;
  capTieBreak: CapTieBreak;
  listingStart: Date;
  listingEnd: Date;
  countdownMs: number;
  timedEntryMinBidders: number;
  /** Per notice: offers must be start price + a whole number of increments. */
  stepAligned: boolean;
  descending: DescendingTerms | null;
}

export interface Offer {
  amount: bigint;
  registrationId: string;
  bidderNo: string;
  seq: number;
}

export interface Suspension {
  from: 'announced' | 'listing' | 'timedBidding';
  /** Time left on the clock that was running when suspended (clocks freeze while suspended). */
  remainingMs: number;
  /** The deadline that was running when suspended; resumption shifts the listing times by (new − this). */
  originalDeadline: Date | null;
}

export interface LotState {
  status: LotStatus;
  /** The instant of the next time-based transition (listing start, listing end, countdown expiry, scheduled resumption); null when none. */
  deadline: Date | null;
  high: Offer | null;
  /** Distinct registrations holding a valid listing-phase offer. */
  listingBidders: number;
  /** Accepted offers during timed bidding. */
  timedBids: number;
  /** Offers equal to the price cap, in commit order (price-cap mode). */
  capOffers: Offer[];
  timedStartedAt: Date | null;
  suspension: Suspension | null;
}

export type Outcome =
  | { status: 'deal'; winner: Offer; price: bigint; decidedBy: 'highest' | 'capTieBreak' | 'dutch' }
  | { status: 'noDeal'; reason: 'noOffers' | 'belowReserve' };

/** What happened to a lot, in order; each becomes one event with its own sequence number. */
export type Transition =
  | { kind: 'listingStarted'; at: Date }
  | { kind: 'timedStarted'; at: Date; expiry: Date }
  | { kind: 'resumed'; at: Date; shiftMs: number }
  | { kind: 'result'; at: Date; outcome: Outcome };

export function initialState(terms: LotTerms): LotState {
  return { status: 'announced', deadline: terms.listingStart, high: null, listingBidders: 0, timedBids: 0, capOffers: [], timedStartedAt: null, suspension: null };
}

// ---------------------------------------------------------------------------------------------
// Terms

export type TermsProblem =
  | { code: 'ANNOUNCEMENT_TOO_LATE'; minDays: number; days: number }
  | { code: 'LISTING_TOO_SHORT'; minDays: number }
  | { code: 'INCREMENT_NOT_POSITIVE' }
  | { code: 'CAP_BELOW_START' }
  | { code: 'DESCENDING_TERMS_MISSING' }
  | { code: 'LISTING_END_BEFORE_START' };

/**
 * Whole calendar days from the announcement day to the listing start day, in Asia/Shanghai
 * (rules.md T1: the announcement day itself is not counted).
 */
export function announcementLeadDays(announcedAt: Date, listingStart: Date): number {
  return dayNumberOf(civilDateOf(listingStart)) - dayNumberOf(civilDateOf(announcedAt));
}

/** The statutory lead time of a sale: 拍卖 7 days (拍卖法 45), every listing 20 days (L1). */
export function requiredLeadDays(method: SaleMethod): number {
  return method === 'auction' ? AUCTION_RULES.auctionAnnouncementLeadDays.value : AUCTION_RULES.landAnnouncementLeadDays.value;
}

export function checkTerms(terms: LotTerms, announcedAt: Date): TermsProblem[] {
  const problems: TermsProblem[] = [];
  const lead = announcementLeadDays(announcedAt, terms.listingStart);
  const minLead = requiredLeadDays(terms.method);
  if (lead < minLead) problems.push({ code: 'ANNOUNCEMENT_TOO_LATE', minDays: minLead, days: lead });
  if (terms.listingEnd.getTime() <= terms.listingStart.getTime()) problems.push({ code: 'LISTING_END_BEFORE_START' });
  else if (terms.method === 'listing' && terms.mode === 'ascending') {
    const days = dayNumberOf(civilDateOf(terms.listingEnd)) - dayNumberOf(civilDateOf(terms.listingStart));
    if (days < AUCTION_RULES.minListingDays.value) problems.push({ code: 'LISTING_TOO_SHORT', minDays: AUCTION_RULES.minListingDays.value });
  }
  if (terms.increment <= 0n) problems.push({ code: 'INCREMENT_NOT_POSITIVE' });
  if (terms.priceCap !== null && terms.priceCap < terms.startPrice) problems.push({ code: 'CAP_BELOW_START' });
  if (terms.mode === 'descending' && terms.descending === null) problems.push({ code: 'DESCENDING_TERMS_MISSING' });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Time

/** formulas.md §6.2: each valid offer committed at t < expiry sets expiry = t + T. */
export function expiryAfter(commitAt: Date, countdownMs: number): Date {
  return new Date(commitAt.getTime() + countdownMs);
}

/** L10: the warning instants before an expiry (default 60 s, 30 s, 10 s). */
export function warningInstants(expiry: Date, offsetsSeconds: readonly number[] = AUCTION_RULES.warningOffsetsSeconds.value): Date[] {
  return offsetsSeconds.map((s) => new Date(expiry.getTime() - s * 1000));
}

/** L6: the seller may enter the reserve only in [listingEnd − 30 min, listingEnd). */
export function reserveWindow(terms: Pick<LotTerms, 'listingEnd'>): { opens: Date; closes: Date } {
  return { opens: new Date(terms.listingEnd.getTime() - RESERVE_WINDOW_MS), closes: terms.listingEnd };
}

export function isInReserveWindow(terms: Pick<LotTerms, 'listingEnd'>, now: Date): boolean {
  const { opens, closes } = reserveWindow(terms);
  return now.getTime() >= opens.getTime() && now.getTime() < closes.getTime();
}

/** Descending (Dutch) price at `now`: start − decrement × whole steps since the start, never below the floor. */
export function dutchPrice(terms: LotTerms, now: Date): bigint {
  const d = terms.descending;
  if (!d) return terms.startPrice;
  const steps = BigInt(Math.max(0, Math.floor((now.getTime() - terms.listingStart.getTime()) / d.stepMs)));
  const price = terms.startPrice - d.decrement * steps;
  return price < d.floorPrice ? d.floorPrice : price;
}

/**
 * Applies every time-based transition due at `now`, each at its own instant (not at `now`): a
 * listing that ended at 10:00 starts its timed bidding at 10:00 whether the closer or a bid
 * notices it at 10:00:00.2. `reserve` is the opened sealed reserve (null: none entered).
 */
export function advance(
  terms: LotTerms,
  state: LotState,
  now: Date,
  reserve: bigint | null,
  lotId: string,
): { state: LotState; terms: LotTerms; transitions: Transition[] } {
  const transitions: Transition[] = [];
  let current = state;
  let currentTerms = terms;
  for (let guard = 0; guard < 10; guard++) {
    const deadline = current.deadline;
    if (deadline === null || deadline.getTime() > now.getTime()) break;
    const step = transitionAt(currentTerms, current, deadline, reserve, lotId);
    current = step.state;
    transitions.push(step.transition);
    if (step.transition.kind === 'resumed') currentTerms = shiftListing(currentTerms, step.transition.shiftMs);
  }
  return { state: current, terms: currentTerms, transitions };
}

/** After a suspension the listing times move by the time the clock stood still. */
export function shiftListing(terms: LotTerms, shiftMs: number): LotTerms {
  if (shiftMs === 0) return terms;
  return { ...terms, listingStart: new Date(terms.listingStart.getTime() + shiftMs), listingEnd: new Date(terms.listingEnd.getTime() + shiftMs) };
}

function transitionAt(terms: LotTerms, state: LotState, at: Date, reserve: bigint | null, lotId: string): { state: LotState; transition: Transition } {
  switch (state.status) {
    case 'announced':
      if (terms.method === 'auction' && terms.mode === 'ascending') return startTimed(terms, state, at);
      return { state: { ...state, status: 'listing', deadline: terms.listingEnd }, transition: { kind: 'listingStarted', at } };
    case 'listing': {
      const capReached = terms.priceCap !== null && state.high?.amount === terms.priceCap;
      if (terms.mode === 'ascending' && !capReached && state.listingBidders >= terms.timedEntryMinBidders) return startTimed(terms, state, at);
      return decide(terms, state, at, reserve, lotId);
    }
    case 'timedBidding':
      return decide(terms, state, at, reserve, lotId);
    case 'suspended': {
      const suspension = state.suspension;
      if (!suspension) throw new Error('A suspended lot without its suspension');
      const deadline = new Date(at.getTime() + suspension.remainingMs);
      // A resumed timed bidding keeps its own expiry; listing times move with the frozen clock.
      const shiftMs = suspension.from === 'timedBidding' || suspension.originalDeadline === null ? 0 : deadline.getTime() - suspension.originalDeadline.getTime();
      return { state: { ...state, status: suspension.from, deadline, suspension: null }, transition: { kind: 'resumed', at, shiftMs } };
    }
    default:
      throw new Error(`No time-based transition from ${state.status}`);
  }
}

function startTimed(terms: LotTerms, state: LotState, at: Date): { state: LotState; transition: Transition } {
  const expiry = expiryAfter(at, terms.countdownMs);
  return { state: { ...state, status: 'timedBidding', deadline: expiry, timedStartedAt: at }, transition: { kind: 'timedStarted', at, expiry } };
}

function decide(terms: LotTerms, state: LotState, at: Date, reserve: bigint | null, lotId: string): { state: LotState; transition: Transition } {
  const outcome = decideOutcome(terms, state, reserve, lotId);
  return { state: { ...state, status: outcome.status, deadline: null }, transition: { kind: 'result', at, outcome } };
}

/**
 * L7 / L9 / L11 / A3: the highest offer wins if it is at or above the reserve (no reserve: any
 * valid offer wins); several offers at the price cap are separated by the notice's tie-break (L20).
 */
export function decideOutcome(terms: LotTerms, state: LotState, reserve: bigint | null, lotId: string): Outcome {
  const high = state.high;
  if (!high) return { status: 'noDeal', reason: 'noOffers' };
  if (reserve !== null && high.amount < reserve) return { status: 'noDeal', reason: 'belowReserve' };
  if (terms.mode === 'descending') return { status: 'deal', winner: high, price: high.amount, decidedBy: 'dutch' };
  if (state.capOffers.length > 1) {
    const winner = capTieBreakWinner(terms.capTieBreak, state.capOffers, lotId);
    return { status: 'deal', winner, price: winner.amount, decidedBy: 'capTieBreak' };
  }
  return { status: 'deal', winner: high, price: high.amount, decidedBy: 'highest' };
}

/**
 * L20 tie-break among offers at the cap: `earliest` = first in commit order; `lottery` = a draw
 * anyone can recompute: SHA-256 of "lotId|seq,seq,…" as a number modulo the number of offers.
 */
export function capTieBreakWinner(rule: CapTieBreak, offers: readonly Offer[], lotId: string): Offer {
  const first = offers[0];
  if (!first) throw new Error('No offers at the cap');
  if (rule === 'earliest') return first;
  const digest = createHash('sha256').update(`${lotId}|${offers.map((o) => o.seq).join(',')}`).digest();
  const index = Number(BigInt(`0x${digest.toString('hex')}`) % BigInt(offers.length));
  return offers[index] ?? first;
}

// ---------------------------------------------------------------------------------------------
// Offers

export interface BidAttempt {
  amount: bigint;
  registrationId: string;
  bidderNo: string;
  /** The registration already holds a listing-phase offer (an entrant of timed bidding). */
  hasListingOffer: boolean;
  /** The registration already made an offer at the cap. */
  hasCapOffer: boolean;
}

export type Refusal =
  | { code: 'LOT_NOT_STARTED' }
  | { code: 'LOT_SUSPENDED' }
  | { code: 'LOT_ENDED' }
  | { code: 'BELOW_START'; minimum: bigint }
  | { code: 'BELOW_INCREMENT'; minimum: bigint }
  | { code: 'NOT_ON_STEP' }
  | { code: 'ABOVE_CAP'; cap: bigint }
  | { code: 'CAP_OFFER_REPEATED' }
  | { code: 'NOT_AN_ENTRANT' }
  | { code: 'NOT_DUTCH_PRICE'; price: bigint };

export type BidDecision =
  | { ok: true; phase: 'listing' | 'timed' | 'cap' | 'dutch'; state: LotState; expiry: Date | null; endsLot: boolean }
  | { ok: false; refusal: Refusal };

/** The minimum acceptable next offer in an ascending lot. */
export function minimumNextOffer(terms: LotTerms, state: LotState): bigint {
  return state.high === null ? terms.startPrice : state.high.amount + terms.increment;
}

/**
 * Decides an offer committed at `now` on a state already advanced to `now`. L5 / formulas.md
 * §6.1: first offer ≥ start price, each later ≥ current highest + increment; at most the cap,
 * offers equal to the cap enter the tie-break; in timed bidding only entrants may offer, and an
 * offer must be committed strictly before the expiry, which it then restarts (L9).
 */
export function decideBid(terms: LotTerms, state: LotState, attempt: BidAttempt, now: Date, seq: number): BidDecision {
  if (state.status === 'announced') return { ok: false, refusal: { code: 'LOT_NOT_STARTED' } };
  if (state.status === 'suspended') return { ok: false, refusal: { code: 'LOT_SUSPENDED' } };
  if (state.status !== 'listing' && state.status !== 'timedBidding') return { ok: false, refusal: { code: 'LOT_ENDED' } };
  if (state.deadline !== null && now.getTime() >= state.deadline.getTime()) return { ok: false, refusal: { code: 'LOT_ENDED' } };
  const offer: Offer = { amount: attempt.amount, registrationId: attempt.registrationId, bidderNo: attempt.bidderNo, seq };

  if (terms.mode === 'descending') {
    const price = dutchPrice(terms, now);
    if (attempt.amount !== price) return { ok: false, refusal: { code: 'NOT_DUTCH_PRICE', price } };
    return { ok: true, phase: 'dutch', state: { ...state, high: offer, deadline: now }, expiry: null, endsLot: true };
  }

  const timed = state.status === 'timedBidding';
  if (timed && terms.method === 'listing' && !attempt.hasListingOffer) return { ok: false, refusal: { code: 'NOT_AN_ENTRANT' } };
  const cap = terms.priceCap;
  if (cap !== null && attempt.amount > cap) return { ok: false, refusal: { code: 'ABOVE_CAP', cap } };
  const atCap = cap !== null && attempt.amount === cap;
  const capAlreadyReached = cap !== null && state.high?.amount === cap;
  if (atCap && capAlreadyReached) {
    if (attempt.hasCapOffer) return { ok: false, refusal: { code: 'CAP_OFFER_REPEATED' } };
  } else {
    if (state.high === null && attempt.amount < terms.startPrice) return { ok: false, refusal: { code: 'BELOW_START', minimum: terms.startPrice } };
    // An offer of exactly the cap is valid even when the cap is less than one increment above the highest.
    if (state.high !== null && !atCap && attempt.amount < state.high.amount + terms.increment) {
      return { ok: false, refusal: { code: 'BELOW_INCREMENT', minimum: state.high.amount + terms.increment } };
    }
    if (state.high !== null && atCap && attempt.amount <= state.high.amount) {
      return { ok: false, refusal: { code: 'BELOW_INCREMENT', minimum: state.high.amount + terms.increment } };
    }
    if (terms.stepAligned && !atCap && (attempt.amount - terms.startPrice) % terms.increment !== 0n) return { ok: false, refusal: { code: 'NOT_ON_STEP' } };
  }

  const capOffers = atCap ? [...state.capOffers, offer] : state.capOffers;
  // The leader stays the first offer at the cap; later cap offers only join the tie-break.
  const high = atCap && capAlreadyReached ? state.high : offer;
  if (timed) {
    const expiry = expiryAfter(now, terms.countdownMs);
    return { ok: true, phase: atCap ? 'cap' : 'timed', state: { ...state, high, capOffers, timedBids: state.timedBids + 1, deadline: expiry }, expiry, endsLot: false };
  }
  const listingBidders = attempt.hasListingOffer ? state.listingBidders : state.listingBidders + 1;
  return { ok: true, phase: atCap ? 'cap' : 'listing', state: { ...state, high, capOffers, listingBidders }, expiry: null, endsLot: false };
}

// ---------------------------------------------------------------------------------------------
// Suspension

export function suspend(state: LotState, now: Date): LotState | undefined {
  if (state.status !== 'announced' && state.status !== 'listing' && state.status !== 'timedBidding') return undefined;
  const remainingMs = state.deadline === null ? 0 : Math.max(0, state.deadline.getTime() - now.getTime());
  return { ...state, status: 'suspended', deadline: null, suspension: { from: state.status, remainingMs, originalDeadline: state.deadline } };
}

/** L13: resumption is scheduled with a notice at least 5 days ahead; the frozen clock runs again from then. */
export function scheduleResumption(state: LotState, now: Date, resumeAt: Date, minNoticeDays: number = AUCTION_RULES.resumeNoticeDays.value): LotState | 'NOT_SUSPENDED' | 'NOTICE_TOO_SHORT' {
  if (state.status !== 'suspended' || !state.suspension) return 'NOT_SUSPENDED';
  if (resumeAt.getTime() - now.getTime() < minNoticeDays * 86_400_000) return 'NOTICE_TOO_SHORT';
  return { ...state, deadline: resumeAt };
}
