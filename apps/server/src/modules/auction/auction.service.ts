import { randomBytes, randomInt } from 'node:crypto';
import { recordAudit, type AuditEntry } from '../../platform/audit/audit.js';
import { civilDateOf } from '../../platform/calendar/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/tables.js';
import { type Principal, type RequestContext } from '../../platform/http/access.js';
import type { CommandResult } from '../../platform/idempotency/idempotency.js';
import type { KeyStore } from '../../platform/keys/key-store.js';
import { openSecret, sealSecret } from '../../platform/keys/seal.js';
import type { EventBus } from '../../platform/module.js';
import { auctionError } from './auction.errors.js';
import { auctionRepository as repo, type LotWithTrade, type RegistrationRow } from './auction.repository.js';
import {
  advance,
  type CapTieBreak,
  checkTerms,
  decideBid,
  dutchPrice,
  FINAL_STATUSES,
  initialState,
  isInReserveWindow,
  type LotState,
  type LotStatus,
  type LotTerms,
  type Offer,
  type Outcome,
  type PriceMode,
  type ResourceType,
  reserveWindow,
  type SaleMethod,
  scheduleResumption,
  suspend,
  type Suspension,
  type Transition,
} from './domain/lot.js';
import { canonicalAmount, fromFen, isAmount, toFen } from '@ggzy/contracts';
import { AUCTION_RULES, DEFAULT_COUNTDOWN_MS, MINUTE_MS } from './domain/rules.js';
import { type AuctionCreditPort, type AuctionFinancePort, ledgerFinancePort, tableCreditPort } from './ports.js';


export interface AuctionServiceDeps {
  db: Executor;
  clock: Clock;
  events: EventBus;
  keys: KeyStore;
  finance?: AuctionFinancePort;
  credit?: AuctionCreditPort;
}

export interface LotInput {
  name: string;
  location: string;
  areaSqm?: string;
  landUse?: string;
  mode?: PriceMode;
  startPrice: string;
  increment: string;
  deposit: string;
  priceCap?: string;
  capTieBreak?: CapTieBreak;
  stepAligned?: boolean;
  descending?: { decrement: string; stepSeconds: number; floorPrice: string };
  listingStart: string;
  listingEnd: string;
  countdownMinutes?: number;
  timedEntryMinBidders?: number;
}

export interface TradeInput {
  title: string;
  resourceType: ResourceType;
  method: SaleMethod;
  regionCode: string;
  sellerName: string;
  notice: string;
  lots: LotInput[];
}

/** The topic of a lot's stream in the outbox (one subscription per lot per process). */
export const lotTopic = (lotId: string) => `auction.lot.${lotId}`;

const RESERVE_KEY = 'auction.reserve';
const TRADE_PREFIX: Record<ResourceType, string> = { landUseRight: 'TD', miningRight: 'CK', explorationRight: 'TK', propertyRight: 'CQ', institutionAsset: 'ZC' };

/** An event of a lot's stream before it is written: kind-specific fields on top of the lot's public state. */
interface PendingEvent {
  kind: string;
  at: Date;
  extra: Record<string, unknown>;
}

/**
 * One command's work on one locked lot: the state after time-based transitions, the events to
 * append (each with the lot's next sequence number), the audit entries to write last.
 */
interface LotSession {
  row: LotWithTrade;
  terms: LotTerms;
  state: LotState;
  seq: number;
  bidCount: number;
  events: PendingEvent[];
  audits: AuditEntry[];
  result: { outcome: Outcome; at: Date; reserve: bigint | null } | undefined;
}

export type AuctionService = ReturnType<typeof createAuctionService>;

export function createAuctionService(deps: AuctionServiceDeps) {
  const finance = deps.finance ?? ledgerFinancePort;
  const credit = deps.credit ?? tableCreditPort;
  // Loaded by ready() before any transaction: the key store has its own connection use, and on
  // the embedded database (one connection) a look-up inside a transaction would wait for itself.
  let reserveKey: Buffer | undefined;
  const reserveKeyOf = async (): Promise<Buffer> => {
    if (!reserveKey) throw new Error('auction service: call ready() before using it');
    return reserveKey;
  };

  async function openReserve(row: LotWithTrade): Promise<bigint | null> {
    if (!row.reserve_sealed) return null;
    return toFen(openSecret(await reserveKeyOf(), row.reserve_sealed).toString('utf8'));
  }

  // -------------------------------------------------------------------------------------------
  // The locked lot

  async function open(tx: Executor, lotId: string, now: Date, options: { skipLocked?: boolean } = {}): Promise<LotSession | undefined> {
    const row = options.skipLocked ? await repo.lockLotIfFree(tx, lotId) : await repo.lockLot(tx, lotId);
    if (!row) return undefined;
    const session: LotSession = { row, terms: termsOf(row), state: stateOf(row), seq: Number(row.last_seq), bidCount: row.bid_count, events: [], audits: [], result: undefined };
    await settle(session, now);
    return session;
  }

  async function openOrThrow(tx: Executor, lotId: string, now: Date): Promise<LotSession> {
    const session = await open(tx, lotId, now);
    if (!session) throw auctionError('LOT_NOT_FOUND');
    return session;
  }

  /** Applies the time-based transitions due at `now` (listing start/end, countdown expiry, resumption). */
  async function settle(session: LotSession, now: Date): Promise<void> {
    if (session.state.deadline === null || session.state.deadline.getTime() > now.getTime()) return;
    const reserve = await openReserve(session.row);
    const next = advance(session.terms, session.state, now, reserve, session.row.id);
    session.terms = next.terms;
    // Each transition is emitted with the state right after it (a later transition in the same pass may follow).
    let replay = session.state;
    for (const transition of next.transitions) {
      replay = stateAfter(session.terms, replay, transition);
      emitTransition(session, transition, replay, reserve);
    }
    session.state = next.state;
  }





  /** Writes the session: lot row, events, result side effects, outbox, then the audit entries (last). */
  async function save(tx: Executor, session: LotSession, extraAudits: AuditEntry[] = []): Promise<void> {
    const { row, state, terms } = session;
    const firstSeq = Number(row.last_seq) + 1;
    const events = session.events.map((e, i) => {
      const seq = firstSeq + i;
      return { lot_id: row.id, seq, kind: e.kind, at: e.at, payload: JSON.stringify({ seq, lotId: row.id, kind: e.kind, at: e.at.toISOString(), ...e.extra }) };
    });
    let winner: string | null | undefined;
    let resultJson: string | undefined;
    if (session.result) {
      const { outcome, at, reserve } = session.result;
      winner = outcome.status === 'deal' ? outcome.winner.registrationId : null;
      const winnerName = winner ? ((await repo.registrationById(tx, winner))?.bidder_name ?? null) : null;
      resultJson = JSON.stringify({
        outcome: outcome.status,
        reason: outcome.status === 'noDeal' ? outcome.reason : null,
        price: outcome.status === 'deal' ? fromFen(outcome.price) : null,
        winnerNo: outcome.status === 'deal' ? outcome.winner.bidderNo : null,
        winnerName,
        decidedBy: outcome.status === 'deal' ? outcome.decidedBy : null,
        reservePrice: reserve === null ? null : fromFen(reserve),
        at: at.toISOString(),
      });
      await settleDeposits(tx, row, winner, at);
    }
    await repo.updateLot(tx, row.id, {
      ...stateColumns(state),
      listing_start: terms.listingStart,
      listing_end: terms.listingEnd,
      last_seq: Number(row.last_seq) + events.length,
      bid_count: session.bidCount,
      ...(resultJson ? { result: resultJson, result_at: session.result?.at ?? null, winner_registration_id: winner ?? null } : {}),
      updated_at: deps.clock.now(),
    });
    await repo.insertEvents(tx, events);
    if (events.length > 0) await deps.events.publish(tx, lotTopic(row.id), { lotId: row.id, seq: Number(row.last_seq) + events.length });
    for (const entry of [...extraAudits, ...session.audits]) await recordAudit(tx, entry);
  }

  async function settleDeposits(tx: Executor, row: LotWithTrade, winnerId: string | null, at: Date): Promise<void> {
    for (const r of await repo.registrationsOf(tx, row.id)) {
      if (!r.deposit_received_at) continue;
      const movement = { lotId: row.id, registrationId: r.id, amount: row.deposit, at };
      if (r.id === winnerId) await finance.depositConverted(tx, movement);
      else await finance.depositReleased(tx, movement);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Commands

  return {
    /** Loads the reserve-sealing key (SM4 + HMAC-SM3, in the platform key store, created once). */
    async ready(): Promise<void> {
      const stored = await deps.keys.getOrCreate(RESERVE_KEY, () => ({ algorithm: 'SM4-CBC+HMAC-SM3', publicKey: '', privateKey: randomBytes(32).toString('hex') }));
      reserveKey = Buffer.from(stored.privateKey, 'hex');
    },

    async createTrade(tx: Executor, principal: Principal, input: TradeInput, ctx: RequestContext, announcedAt?: Date): Promise<CommandResult> {
      // `announcedAt` is for the demo seed only (a trade announced weeks ago); commands announce now.
      const now = announcedAt ?? deps.clock.now();
      const problems: string[] = [];
      const lots = input.lots.map((lot, index) => {
        const terms = termsFromInput(input.method, lot);
        for (const p of checkTerms(terms, now)) problems.push(`#${index + 1} ${describeProblem(p)}`);
        return { lot, terms };
      });
      if (problems.length > 0) throw auctionError('TRADE_TERMS_INVALID', { problems: problems.join('; ') }, { problems });
      const tradeNo = `${TRADE_PREFIX[input.resourceType]}${civilDateOf(now).replaceAll('-', '')}-${randomBytes(2).toString('hex').toUpperCase()}`;
      const trade = await repo.insertTrade(tx, {
        trade_no: tradeNo,
        title: input.title,
        resource_type: input.resourceType,
        method: input.method,
        region_code: input.regionCode,
        seller_name: input.sellerName,
        seller_user_id: principal.roles.includes('tenderer') ? principal.userId : null,
        notice: input.notice,
        announced_at: now,
        created_by: principal.userId,
        created_at: now,
      });
      const lotIds: string[] = [];
      for (const [index, { lot, terms }] of lots.entries()) {
        const state = initialState(terms);
        const inserted = await repo.insertLot(tx, {
          trade_id: trade.id,
          lot_no: index + 1,
          name: lot.name,
          location: lot.location,
          area_sqm: lot.areaSqm ? canonicalAmount(lot.areaSqm) : null,
          land_use: lot.landUse ?? null,
          mode: terms.mode,
          start_price: fromFen(terms.startPrice),
          increment: fromFen(terms.increment),
          deposit: canonicalAmount(lot.deposit),
          price_cap: terms.priceCap === null ? null : fromFen(terms.priceCap),
          cap_tie_break: terms.capTieBreak,
          step_aligned: terms.stepAligned,
          descending: terms.descending ? JSON.stringify({ decrement: fromFen(terms.descending.decrement), stepMs: terms.descending.stepMs, floorPrice: fromFen(terms.descending.floorPrice) }) : null,
          listing_start: terms.listingStart,
          listing_end: terms.listingEnd,
          countdown_ms: terms.countdownMs,
          timed_entry_min_bidders: terms.timedEntryMinBidders,
          ...stateColumns(state),
          updated_at: now,
        });
        lotIds.push(inserted.id);
      }
      await recordAudit(tx, {
        actorId: principal.userId,
        actorName: principal.username,
        action: 'auction.trade.announce',
        target: `trade:${tradeNo}`,
        outcome: 'success',
        ip: ctx.ip,
        detail: { resourceType: input.resourceType, method: input.method, lots: lotIds.length },
        at: now,
      });
      return { statusCode: 201, body: { id: trade.id, tradeNo, lotIds } };
    },

    async register(tx: Executor, principal: Principal, lotId: string, input: { bidderName?: string; depositProof: string; partners?: Array<{ username: string; share: string }> }, ctx: RequestContext): Promise<CommandResult> {
      const now = deps.clock.now();
      const session = await openOrThrow(tx, lotId, now);
      const status = session.state.status;
      if (status !== 'announced' && status !== 'listing') throw auctionError('REGISTRATION_CLOSED', { status });
      const existing = await repo.registrationOf(tx, lotId, principal.userId);
      if (existing) throw auctionError('ALREADY_REGISTERED', { bidderNo: existing.bidder_no });
      const restriction = await credit.activeRestriction(tx, { userId: principal.userId, action: 'landBidding', at: now });
      if (restriction) throw auctionError('CREDIT_RESTRICTED', { reason: restriction.reason });
      const partnerInput = input.partners ?? [];
      const users = await repo.usersByName(tx, partnerInput.map((p) => p.username));
      const partners = partnerInput.map((p) => {
        const user = users.find((u) => u.username === p.username);
        if (!user || user.id === principal.userId) throw auctionError('PARTNER_UNKNOWN', { username: p.username });
        return { userId: user.id, username: user.username, name: user.display_name, share: canonicalAmount(p.share), confirmedAt: null as string | null };
      });
      const partnerFen = partners.reduce((sum, p) => sum + toFen(p.share), 0n);
      const leadFen = 10_000n - partnerFen;
      if (partners.some((p) => toFen(p.share) <= 0n) || leadFen <= 0n) throw auctionError('PARTNER_SHARES_INVALID');
      const taken = new Set((await repo.bidderNumbersOf(tx, lotId)).map((r) => r.bidder_no));
      let bidderNo = '';
      do bidderNo = String(randomInt(1000, 10_000));
      while (taken.has(bidderNo));
      const bidderName = input.bidderName ?? (await repo.displayNameOf(tx, principal.userId))?.display_name ?? principal.username;
      const registration = await repo.insertRegistration(tx, {
        lot_id: lotId,
        user_id: principal.userId,
        bidder_name: bidderName,
        bidder_no: bidderNo,
        status: partners.length > 0 ? 'awaitingPartners' : 'qualified',
        deposit_proof: input.depositProof,
        deposit_received_at: now,
        partners: JSON.stringify(partners),
        lead_share: fromFen(leadFen),
        created_at: now,
      });
      // Finance comes later: the default port records the deposit as received on the proof (L4).
      await finance.depositReceived(tx, { lotId, registrationId: registration.id, amount: session.row.deposit, reference: input.depositProof, at: now });
      await save(tx, session, [
        { actorId: principal.userId, actorName: principal.username, action: 'auction.register', target: `lot:${lotId}`, outcome: 'success', ip: ctx.ip, detail: { registrationId: registration.id, joint: partners.length > 0 }, at: now },
      ]);
      return { statusCode: 201, body: registrationView(registration, session) };
    },

    async confirmPartner(tx: Executor, principal: Principal, registrationId: string, ctx: RequestContext): Promise<CommandResult> {
      const now = deps.clock.now();
      const found = await repo.registrationById(tx, registrationId);
      if (!found) throw auctionError('NOT_A_PARTNER');
      const session = await openOrThrow(tx, found.lot_id, now);
      const registration = await repo.registrationById(tx, registrationId);
      if (!registration) throw auctionError('NOT_A_PARTNER');
      const partners = partnersOf(registration);
      const me = partners.find((p) => p.userId === principal.userId);
      if (!me) throw auctionError('NOT_A_PARTNER');
      me.confirmedAt ??= now.toISOString();
      const allConfirmed = partners.every((p) => p.confirmedAt !== null);
      await repo.updateRegistration(tx, registrationId, { partners: JSON.stringify(partners), status: allConfirmed ? 'qualified' : 'awaitingPartners' });
      await save(tx, session, [
        { actorId: principal.userId, actorName: principal.username, action: 'auction.register.partnerConfirm', target: `lot:${registration.lot_id}`, outcome: 'success', ip: ctx.ip, detail: { registrationId, allConfirmed }, at: now },
      ]);
      const updated = await repo.registrationById(tx, registrationId);
      return { statusCode: 200, body: registrationView(updated ?? registration, session) };
    },

    /**
     * A bid: under the lot's row lock, the server clock's instant decides (time-based
     * transitions first, then the offer rules); an accepted bid gets the lot's next sequence
     * number, restarts the countdown in timed bidding, is appended to the stream and the
     * transparency log in the same transaction.
     */
    async placeBid(tx: Executor, principal: Principal, lotId: string, amountText: string, ctx: RequestContext): Promise<CommandResult> {
      if (!isAmount(amountText)) throw auctionError('AMOUNT_INVALID', { amount: amountText });
      const session = await open(tx, lotId, deps.clock.now());
      if (!session) throw auctionError('LOT_NOT_FOUND');
      // The commit instant: read under the lock, after any transition, so that commit order and time agree.
      const now = deps.clock.now();
      await settle(session, now);
      const registration = await repo.registrationOf(tx, lotId, principal.userId);
      if (!registration || registration.status !== 'qualified' || !registration.deposit_received_at) throw auctionError('NOT_REGISTERED');
      const amount = toFen(amountText);
      const seq = session.seq + 1;
      const decision = decideBid(
        session.terms,
        session.state,
        { amount, registrationId: registration.id, bidderNo: registration.bidder_no, hasListingOffer: registration.listing_offers > 0, hasCapOffer: registration.cap_offer },
        now,
        seq,
      );
      if (!decision.ok) {
        const r = decision.refusal;
        if (r.code === 'BELOW_START' || r.code === 'BELOW_INCREMENT') throw auctionError(r.code, { minimum: fromFen(r.minimum) });
        if (r.code === 'ABOVE_CAP') throw auctionError(r.code, { cap: fromFen(r.cap) });
        if (r.code === 'NOT_DUTCH_PRICE') throw auctionError(r.code, { price: fromFen(r.price) });
        throw auctionError(r.code);
      }
      session.state = decision.state;
      session.bidCount += 1;
      await repo.insertBid(tx, { lot_id: lotId, seq, registration_id: registration.id, bidder_no: registration.bidder_no, amount: fromFen(amount), phase: decision.phase, committed_at: now, expiry: decision.expiry });
      await repo.updateRegistration(tx, registration.id, {
        listing_offers: registration.listing_offers + (session.state.status === 'listing' ? 1 : 0),
        cap_offer: registration.cap_offer || decision.phase === 'cap',
      });
      emit(session, session.state, 'bid', now, { amount: fromFen(amount), bidderNo: registration.bidder_no, phase: decision.phase, expiry: decision.expiry?.toISOString() ?? null });
      const bidAudit: AuditEntry = {
        actorId: principal.userId,
        actorName: principal.username,
        action: 'auction.bid',
        target: `lot:${lotId}`,
        outcome: 'success',
        ip: ctx.ip,
        detail: { seq, amount: fromFen(amount), bidderNo: registration.bidder_no, phase: decision.phase, committedAt: now.toISOString(), expiry: decision.expiry?.toISOString() ?? null },
        at: now,
      };
      // A Dutch acceptance ends the lot at once.
      if (decision.endsLot) await settle(session, now);
      await save(tx, session, [bidAudit]);
      return {
        statusCode: 201,
        body: { seq, lotId, amount: fromFen(amount), bidderNo: registration.bidder_no, phase: decision.phase, committedAt: now.toISOString(), expiry: decision.expiry?.toISOString() ?? null, status: session.state.status },
      };
    },

    /** L6: the seller's reserve, sealed with the module's key; never returned by any API before the result. */
    async enterReserve(tx: Executor, principal: Principal, lotId: string, amountText: string, ctx: RequestContext): Promise<CommandResult> {
      if (!isAmount(amountText)) throw auctionError('AMOUNT_INVALID', { amount: amountText });
      const now = deps.clock.now();
      const session = await openOrThrow(tx, lotId, now);
      const isSeller = session.row.seller_user_id !== null && session.row.seller_user_id === principal.userId;
      if (!isSeller && !principal.roles.includes('centreStaff')) throw auctionError('NOT_THE_SELLER');
      const window = reserveWindow(session.terms);
      if (session.state.status !== 'listing' || !isInReserveWindow(session.terms, now)) {
        throw auctionError('RESERVE_WINDOW_CLOSED', { opens: window.opens.toISOString(), closes: window.closes.toISOString() });
      }
      const sealed = sealSecret(await reserveKeyOf(), Buffer.from(canonicalAmount(amountText), 'utf8'));
      await repo.updateLot(tx, lotId, { reserve_sealed: sealed, reserve_entered_at: now, reserve_entered_by: principal.userId });
      session.row = { ...session.row, reserve_sealed: sealed };
      // The audit entry says that and when, never the value (the log is read by supervisors).
      await save(tx, session, [{ actorId: principal.userId, actorName: principal.username, action: 'auction.reserve.enter', target: `lot:${lotId}`, outcome: 'success', ip: ctx.ip, detail: {}, at: now }]);
      return { statusCode: 200, body: { reserveEntered: true, enteredAt: now.toISOString() } };
    },

    async suspendLot(tx: Executor, principal: Principal, lotId: string, reason: string, ctx: RequestContext): Promise<CommandResult> {
      const now = deps.clock.now();
      const session = await openOrThrow(tx, lotId, now);
      const next = suspend(session.state, now);
      if (!next) throw auctionError('LOT_NOT_ACTIVE', { status: session.state.status });
      session.state = next;
      emit(session, next, 'suspended', now, { reason });
      await repo.updateLot(tx, lotId, { status_reason: reason });
      await save(tx, session, [{ actorId: principal.userId, actorName: principal.username, action: 'auction.lot.suspend', target: `lot:${lotId}`, outcome: 'success', ip: ctx.ip, detail: { reason, remainingMs: next.suspension?.remainingMs ?? 0 }, at: now }]);
      return { statusCode: 200, body: lotView(await reload(tx, lotId), now) };
    },

    async resumeLot(tx: Executor, principal: Principal, lotId: string, input: { resumeAt: string; notice: string }, ctx: RequestContext): Promise<CommandResult> {
      const now = deps.clock.now();
      const session = await openOrThrow(tx, lotId, now);
      const next = scheduleResumption(session.state, now, new Date(input.resumeAt));
      if (next === 'NOT_SUSPENDED') throw auctionError('LOT_NOT_ACTIVE', { status: session.state.status });
      if (next === 'NOTICE_TOO_SHORT') throw auctionError('RESUME_NOTICE_TOO_SHORT', { days: AUCTION_RULES.resumeNoticeDays.value });
      session.state = next;
      emit(session, next, 'resumeScheduled', now, { resumeAt: new Date(input.resumeAt).toISOString(), notice: input.notice });
      await save(tx, session, [{ actorId: principal.userId, actorName: principal.username, action: 'auction.lot.resumeScheduled', target: `lot:${lotId}`, outcome: 'success', ip: ctx.ip, detail: { resumeAt: input.resumeAt }, at: now }]);
      return { statusCode: 200, body: lotView(await reload(tx, lotId), now) };
    },

    async terminateLot(tx: Executor, principal: Principal, lotId: string, reason: string, ctx: RequestContext): Promise<CommandResult> {
      const now = deps.clock.now();
      const session = await openOrThrow(tx, lotId, now);
      if (FINAL_STATUSES.includes(session.state.status)) throw auctionError('LOT_NOT_ACTIVE', { status: session.state.status });
      session.state = { ...session.state, status: 'terminated', deadline: null, suspension: null };
      emit(session, session.state, 'terminated', now, { reason });
      await repo.updateLot(tx, lotId, { status_reason: reason });
      await settleDeposits(tx, session.row, null, now);
      await save(tx, session, [{ actorId: principal.userId, actorName: principal.username, action: 'auction.lot.terminate', target: `lot:${lotId}`, outcome: 'success', ip: ctx.ip, detail: { reason }, at: now }]);
      return { statusCode: 200, body: lotView(await reload(tx, lotId), now) };
    },

    /** The auctioneer's (拍卖师) announcement to everyone watching the lot. */
    async postMessage(tx: Executor, principal: Principal, lotId: string, text: string, ctx: RequestContext): Promise<CommandResult> {
      const now = deps.clock.now();
      const session = await openOrThrow(tx, lotId, now);
      emit(session, session.state, 'message', now, { text });
      await save(tx, session, [{ actorId: principal.userId, actorName: principal.username, action: 'auction.lot.message', target: `lot:${lotId}`, outcome: 'success', ip: ctx.ip, detail: { text }, at: now }]);
      return { statusCode: 201, body: { seq: session.seq } };
    },

    /** L14: the winner confirms the result online (网上竞得证明). */
    async confirmWin(tx: Executor, principal: Principal, lotId: string, ctx: RequestContext): Promise<CommandResult> {
      const now = deps.clock.now();
      const session = await openOrThrow(tx, lotId, now);
      const registration = await winnerRegistration(tx, session, principal);
      const confirmation = { ...confirmationOf(session.row), winConfirmedAt: now.toISOString(), winCertificateNo: `JD-${session.row.trade_no}-${session.row.lot_no}` };
      await repo.updateLot(tx, lotId, { confirmation: JSON.stringify(confirmation) });
      emit(session, session.state, 'winConfirmed', now, { winnerNo: registration.bidder_no });
      await save(tx, session, [{ actorId: principal.userId, actorName: principal.username, action: 'auction.win.confirm', target: `lot:${lotId}`, outcome: 'success', ip: ctx.ip, detail: { certificateNo: confirmation.winCertificateNo }, at: now }]);
      return { statusCode: 200, body: winCertificate(await reload(tx, lotId), registration) };
    },

    /** L15: the trading centre issues the deal confirmation (成交确认书) after verifying the documents. */
    async issueDealConfirmation(tx: Executor, principal: Principal, lotId: string, ctx: RequestContext): Promise<CommandResult> {
      const now = deps.clock.now();
      const session = await openOrThrow(tx, lotId, now);
      if (session.state.status !== 'deal') throw auctionError('LOT_NOT_ACTIVE', { status: session.state.status });
      const current = confirmationOf(session.row);
      if (!current.winConfirmedAt) throw auctionError('WIN_NOT_CONFIRMED');
      const confirmation = { ...current, dealConfirmationNo: `CJ-${session.row.trade_no}-${session.row.lot_no}`, dealConfirmedAt: now.toISOString(), issuedBy: principal.username };
      session.state = { ...session.state, status: 'confirmed' };
      await repo.updateLot(tx, lotId, { confirmation: JSON.stringify(confirmation) });
      emit(session, session.state, 'dealConfirmed', now, { dealConfirmationNo: confirmation.dealConfirmationNo });
      await save(tx, session, [{ actorId: principal.userId, actorName: principal.username, action: 'auction.deal.confirm', target: `lot:${lotId}`, outcome: 'success', ip: ctx.ip, detail: { dealConfirmationNo: confirmation.dealConfirmationNo }, at: now }]);
      return { statusCode: 200, body: lotView(await reload(tx, lotId), now) };
    },

    /** L18: the winner refuses or fails to sign: deposit forfeited, credit event recorded. */
    async recordDefault(tx: Executor, principal: Principal, lotId: string, reason: string, ctx: RequestContext): Promise<CommandResult> {
      const now = deps.clock.now();
      const session = await openOrThrow(tx, lotId, now);
      if (session.state.status !== 'deal' || !session.row.winner_registration_id) throw auctionError('LOT_NOT_ACTIVE', { status: session.state.status });
      const winner = await repo.registrationById(tx, session.row.winner_registration_id);
      if (!winner) throw auctionError('LOT_NOT_ACTIVE', { status: session.state.status });
      session.state = { ...session.state, status: 'defaulted' };
      await repo.updateLot(tx, lotId, { status_reason: reason });
      await finance.depositForfeited(tx, { lotId, registrationId: winner.id, amount: session.row.deposit, at: now });
      await credit.recordCreditEvent(tx, { userId: winner.user_id, kind: 'refusalToSign', lotId, detail: { reason, bidderNo: winner.bidder_no }, at: now });
      emit(session, session.state, 'defaulted', now, { reason });
      await save(tx, session, [{ actorId: principal.userId, actorName: principal.username, action: 'auction.deal.default', target: `lot:${lotId}`, outcome: 'success', ip: ctx.ip, detail: { reason }, at: now }]);
      return { statusCode: 200, body: lotView(await reload(tx, lotId), now) };
    },

    /**
     * The closer: applies due time-based transitions (listing start/end, countdown expiry,
     * scheduled resumption). Idempotent and safe on several nodes: each lot is taken with
     * `for update skip locked` and re-checked under the lock. Returns the lots it changed.
     */
    async closeDueLots(limit = 50): Promise<string[]> {
      const now = deps.clock.now();
      const due = await repo.dueLots(deps.db, now, limit);
      const changed: string[] = [];
      for (const { id } of due) {
        const moved = await deps.db.transaction().execute(async (tx) => {
          const session = await open(tx, id, now, { skipLocked: true });
          if (!session || session.events.length === 0) return false;
          await save(tx, session);
          return true;
        });
        if (moved) changed.push(id);
      }
      return changed;
    },

    // -------------------------------------------------------------------------------------------
    // Queries

    async calendar(range: { from: Date; to: Date; status?: string | undefined }) {
      const now = deps.clock.now();
      const rows = await repo.calendar(deps.db, range);
      return { items: rows.map((row) => lotView(row, now)), serverTime: now.toISOString() };
    },

    async getLot(lotId: string) {
      const row = await repo.findLot(deps.db, lotId);
      if (!row) throw auctionError('LOT_NOT_FOUND');
      return lotView(row, deps.clock.now());
    },

    async lotExists(lotId: string) {
      return (await repo.lotExists(deps.db, lotId)) !== undefined;
    },

    eventsAfter(lotId: string, afterSeq: number) {
      return repo.eventsAfter(deps.db, lotId, afterSeq);
    },

    async myRegistration(principal: Principal, lotId: string) {
      const row = await repo.findLot(deps.db, lotId);
      if (!row) throw auctionError('LOT_NOT_FOUND');
      const registration = await repo.registrationOf(deps.db, lotId, principal.userId);
      if (!registration) return { registered: false as const, registration: null, leading: false, winner: false };
      return {
        registered: true as const,
        registration: registrationView(registration, { row, state: stateOf(row) }),
        leading: row.high_registration_id === registration.id,
        winner: row.winner_registration_id === registration.id,
      };
    },

    async myRegistrations(principal: Principal) {
      const rows = await repo.registrationsOfUser(deps.db, principal.userId);
      return {
        items: rows.map((r) => ({
          id: r.id,
          lotId: r.lot_id,
          lotName: r.lot_name,
          title: r.title,
          lotStatus: r.lot_status,
          bidderNo: r.user_id === principal.userId ? r.bidder_no : null,
          status: r.status,
          role: r.user_id === principal.userId ? ('lead' as const) : ('partner' as const),
          listingEnd: r.listing_end.toISOString(),
        })),
      };
    },

    /** Staff and supervisors: bidders' identities behind the anonymous numbers, and whether the reserve was entered (never its value). */
    async monitor(lotId: string) {
      const row = await repo.findLot(deps.db, lotId);
      if (!row) throw auctionError('LOT_NOT_FOUND');
      const registrations = await repo.registrationsOf(deps.db, lotId);
      const bids = await repo.bidsWithBidders(deps.db, lotId);
      return {
        lot: lotView(row, deps.clock.now()),
        reserveEntered: row.reserve_sealed !== null,
        reserveEnteredAt: row.reserve_entered_at?.toISOString() ?? null,
        registrations: registrations.map((r) => ({
          id: r.id,
          bidderNo: r.bidder_no,
          bidderName: r.bidder_name,
          status: r.status,
          depositReceived: r.deposit_received_at !== null,
          joint: partnersOf(r).length > 0,
          listingOffers: r.listing_offers,
          createdAt: r.created_at.toISOString(),
        })),
        bids: bids.map((b) => ({ seq: Number(b.seq), bidderNo: b.bidder_no, bidderName: b.bidder_name, amount: b.amount, phase: b.phase, committedAt: b.committed_at.toISOString() })),
      };
    },

    async winCertificateFor(principal: Principal, lotId: string) {
      const row = await repo.findLot(deps.db, lotId);
      if (!row) throw auctionError('LOT_NOT_FOUND');
      const registration = await repo.registrationOf(deps.db, lotId, principal.userId);
      if (!registration || row.winner_registration_id !== registration.id) throw auctionError('NOT_THE_WINNER');
      return winCertificate(row, registration);
    },
  };

}

function stateAfter(terms: LotTerms, before: LotState, transition: Transition): LotState {
  switch (transition.kind) {
    case 'listingStarted':
      return { ...before, status: 'listing', deadline: terms.listingEnd };
    case 'timedStarted':
      return { ...before, status: 'timedBidding', deadline: transition.expiry, timedStartedAt: transition.at };
    case 'resumed':
      return { ...before, status: before.suspension?.from ?? before.status, deadline: new Date(transition.at.getTime() + (before.suspension?.remainingMs ?? 0)), suspension: null };
    case 'result':
      return { ...before, status: transition.outcome.status, deadline: null };
  }
}

function emitTransition(session: LotSession, transition: Transition, after: LotState, reserve: bigint | null): void {
  const target = `lot:${session.row.id}`;
  const system = (action: string, detail: Record<string, unknown>): AuditEntry => ({ actorId: null, actorName: 'system', action, target, outcome: 'success', ip: null, detail, at: transition.at });
  switch (transition.kind) {
    case 'listingStarted':
      emit(session, after, 'listingStarted', transition.at, { listingEnd: session.terms.listingEnd.toISOString() });
      session.audits.push(system('auction.lot.listingStarted', {}));
      return;
    case 'timedStarted':
      emit(session, after, 'timedStarted', transition.at, { expiry: transition.expiry.toISOString(), entrants: after.listingBidders });
      session.audits.push(system('auction.lot.timedStarted', { expiry: transition.expiry.toISOString(), price: after.high ? fromFen(after.high.amount) : null }));
      return;
    case 'resumed':
      emit(session, after, 'resumed', transition.at, {});
      session.audits.push(system('auction.lot.resumed', { shiftMs: transition.shiftMs }));
      return;
    case 'result': {
      const o = transition.outcome;
      session.result = { outcome: o, at: transition.at, reserve };
      const reveal = {
        outcome: o.status,
        reason: o.status === 'noDeal' ? o.reason : null,
        price: o.status === 'deal' ? fromFen(o.price) : null,
        winnerNo: o.status === 'deal' ? o.winner.bidderNo : null,
        decidedBy: o.status === 'deal' ? o.decidedBy : null,
        // Opened only now (L6 "sealed until the result").
        reservePrice: reserve === null ? null : fromFen(reserve),
      };
      emit(session, after, 'result', transition.at, reveal);
      session.audits.push(system('auction.lot.result', reveal));
      return;
    }
  }
}
function emit(session: LotSession, state: LotState, kind: string, at: Date, extra: Record<string, unknown>): void {
  session.seq += 1;
  session.events.push({ kind, at, extra: { ...publicState(session, state), ...extra } });
}
function publicState(session: LotSession, state: LotState) {
  return {
    status: state.status,
    price: state.high ? fromFen(state.high.amount) : null,
    leaderNo: state.high?.bidderNo ?? null,
    deadline: state.deadline?.toISOString() ?? null,
    bidCount: session.bidCount,
  };
}

async function reload(tx: Executor, lotId: string): Promise<LotWithTrade> {
  const row = await repo.findLot(tx, lotId);
  if (!row) throw auctionError('LOT_NOT_FOUND');
  return row;
}

async function winnerRegistration(tx: Executor, session: LotSession, principal: Principal): Promise<RegistrationRow> {
  if (session.state.status !== 'deal') throw auctionError('LOT_NOT_ACTIVE', { status: session.state.status });
  const registration = await repo.registrationOf(tx, session.row.id, principal.userId);
  if (!registration || session.row.winner_registration_id !== registration.id) throw auctionError('NOT_THE_WINNER');
  return registration;
}

// ---------------------------------------------------------------------------------------------
// Row ↔ domain

function termsFromInput(method: SaleMethod, lot: LotInput): LotTerms {
  for (const amount of [lot.startPrice, lot.increment, lot.deposit, lot.priceCap, lot.descending?.decrement, lot.descending?.floorPrice]) {
    if (amount !== undefined && !isAmount(amount)) throw auctionError('AMOUNT_INVALID', { amount });
  }
  return {
    method,
    mode: lot.mode ?? 'ascending',
    startPrice: toFen(lot.startPrice),
    increment: toFen(lot.increment),
    priceCap: lot.priceCap ? toFen(lot.priceCap) : null,
    capTieBreak: lot.capTieBreak ?? 'lottery',
    listingStart: new Date(lot.listingStart),
    listingEnd: new Date(lot.listingEnd),
    countdownMs: lot.countdownMinutes ? Math.round(lot.countdownMinutes * MINUTE_MS) : DEFAULT_COUNTDOWN_MS,
    timedEntryMinBidders: lot.timedEntryMinBidders ?? AUCTION_RULES.timedEntryMinBidders.value,
    stepAligned: lot.stepAligned ?? false,
    descending: lot.descending ? { decrement: toFen(lot.descending.decrement), stepMs: lot.descending.stepSeconds * 1000, floorPrice: toFen(lot.descending.floorPrice) } : null,
  };
}

function describeProblem(p: ReturnType<typeof checkTerms>[number]): string {
  switch (p.code) {
    case 'ANNOUNCEMENT_TOO_LATE':
      return `公告须在挂牌开始前至少 ${p.minDays} 日发布（现为 ${p.days} 日） / the notice must precede the start by ≥ ${p.minDays} days (${p.days})`;
    case 'LISTING_TOO_SHORT':
      return `挂牌期不得少于 ${p.minDays} 日 / the listing period must be ≥ ${p.minDays} days`;
    case 'INCREMENT_NOT_POSITIVE':
      return '增价幅度须大于 0 / the increment must be positive';
    case 'CAP_BELOW_START':
      return '最高限价不得低于起始价 / the price cap is below the start price';
    case 'DESCENDING_TERMS_MISSING':
      return '降价拍卖须设定降价幅度、间隔和最低价 / descending mode needs decrement, step and floor';
    case 'LISTING_END_BEFORE_START':
      return '挂牌截止须晚于开始 / the listing must end after it starts';
  }
}

export function termsOf(row: LotWithTrade): LotTerms {
  const d = row.descending as { decrement: string; stepMs: number; floorPrice: string } | null;
  return {
    method: row.method as SaleMethod,
    mode: row.mode as PriceMode,
    startPrice: toFen(row.start_price),
    increment: toFen(row.increment),
    priceCap: row.price_cap === null ? null : toFen(row.price_cap),
    capTieBreak: row.cap_tie_break as CapTieBreak,
    listingStart: row.listing_start,
    listingEnd: row.listing_end,
    countdownMs: row.countdown_ms,
    timedEntryMinBidders: row.timed_entry_min_bidders,
    stepAligned: row.step_aligned,
    descending: d ? { decrement: toFen(d.decrement), stepMs: d.stepMs, floorPrice: toFen(d.floorPrice) } : null,
  };
}

interface StoredOffer {
  amount: string;
  registrationId: string;
  bidderNo: string;
  seq: number;
}
interface StoredSuspension {
  from: Suspension['from'];
  remainingMs: number;
  originalDeadline: string | null;
}

export function stateOf(row: LotWithTrade): LotState {
  const suspension = row.suspension as StoredSuspension | null;
  return {
    status: row.status as LotStatus,
    deadline: row.deadline,
    high:
      row.high_amount !== null && row.high_registration_id !== null && row.high_bidder_no !== null
        ? { amount: toFen(row.high_amount), registrationId: row.high_registration_id, bidderNo: row.high_bidder_no, seq: Number(row.high_seq) }
        : null,
    listingBidders: row.listing_bidders,
    timedBids: row.timed_bids,
    capOffers: (row.cap_offers as StoredOffer[]).map((o) => ({ ...o, amount: toFen(o.amount) })),
    timedStartedAt: row.timed_started_at,
    suspension: suspension ? { from: suspension.from, remainingMs: suspension.remainingMs, originalDeadline: suspension.originalDeadline ? new Date(suspension.originalDeadline) : null } : null,
  };
}

const storedOffer = (o: Offer): StoredOffer => ({ amount: fromFen(o.amount), registrationId: o.registrationId, bidderNo: o.bidderNo, seq: o.seq });

function stateColumns(state: LotState) {
  return {
    status: state.status,
    deadline: state.deadline,
    high_amount: state.high ? fromFen(state.high.amount) : null,
    high_registration_id: state.high?.registrationId ?? null,
    high_bidder_no: state.high?.bidderNo ?? null,
    high_seq: state.high?.seq ?? null,
    listing_bidders: state.listingBidders,
    timed_bids: state.timedBids,
    cap_offers: JSON.stringify(state.capOffers.map(storedOffer)),
    timed_started_at: state.timedStartedAt,
    suspension: state.suspension
      ? JSON.stringify({ from: state.suspension.from, remainingMs: state.suspension.remainingMs, originalDeadline: state.suspension.originalDeadline?.toISOString() ?? null })
      : null,
  };
}

interface Partner {
  userId: string;
  username: string;
  name: string;
  share: string;
  confirmedAt: string | null;
}

function partnersOf(row: RegistrationRow): Partner[] {
  return (row.partners as Partner[] | null) ?? [];
}

function confirmationOf(row: LotWithTrade): Record<string, string | undefined> {
  return (row.confirmation as Record<string, string> | null) ?? {};
}

function registrationView(row: RegistrationRow, lot: { row: LotWithTrade; state: LotState }) {
  return {
    id: row.id,
    lotId: row.lot_id,
    bidderNo: row.bidder_no,
    bidderName: row.bidder_name,
    status: row.status as LotStatus,
    depositReceived: row.deposit_received_at !== null,
    leadShare: row.lead_share,
    partners: partnersOf(row).map((p) => ({ username: p.username, name: p.name, share: p.share, confirmed: p.confirmedAt !== null })),
    listingOffers: row.listing_offers,
    // Entrants of timed bidding: bidders holding a valid listing offer (L8); in an auction every qualified bidder.
    entrant: lot.row.method === 'auction' || row.listing_offers > 0,
  };
}

/** The public view of a lot. The sealed reserve never appears here; the result (with the opened reserve) only once decided. */
export function lotView(row: LotWithTrade, now: Date) {
  const terms = termsOf(row);
  const result = row.result as Record<string, unknown> | null;
  const confirmation = confirmationOf(row);
  return {
    id: row.id,
    tradeId: row.trade_id,
    tradeNo: row.trade_no,
    title: row.title,
    resourceType: row.resource_type,
    method: row.method,
    regionCode: row.region_code,
    sellerName: row.seller_name,
    notice: row.notice,
    announcedAt: row.announced_at.toISOString(),
    lotNo: row.lot_no,
    name: row.name,
    location: row.location,
    areaSqm: row.area_sqm,
    landUse: row.land_use,
    mode: row.mode,
    startPrice: row.start_price,
    increment: row.increment,
    deposit: row.deposit,
    priceCap: row.price_cap,
    capTieBreak: row.cap_tie_break,
    listingStart: row.listing_start.toISOString(),
    listingEnd: row.listing_end.toISOString(),
    countdownSeconds: Math.round(row.countdown_ms / 1000),
    warningSeconds: [...AUCTION_RULES.warningOffsetsSeconds.value],
    status: row.status as LotStatus,
    statusReason: row.status_reason,
    deadline: row.deadline?.toISOString() ?? null,
    timedStartedAt: row.timed_started_at?.toISOString() ?? null,
    currentPrice: row.high_amount,
    leaderNo: row.high_bidder_no,
    bidCount: row.bid_count,
    lastSeq: Number(row.last_seq),
    dutchPrice: row.mode === 'descending' ? fromFen(dutchPrice(terms, now)) : null,
    result: result
      ? {
          outcome: String(result.outcome),
          reason: (result.reason as string | null) ?? null,
          price: (result.price as string | null) ?? null,
          winnerNo: (result.winnerNo as string | null) ?? null,
          winnerName: (result.winnerName as string | null) ?? null,
          reservePrice: (result.reservePrice as string | null) ?? null,
          at: String(result.at),
        }
      : null,
    dealConfirmationNo: confirmation.dealConfirmationNo ?? null,
    winConfirmed: confirmation.winConfirmedAt !== undefined,
    serverTime: now.toISOString(),
  };
}

function winCertificate(row: LotWithTrade, registration: RegistrationRow) {
  const result = row.result as { price: string; at: string } | null;
  const confirmation = confirmationOf(row);
  return {
    certificateNo: confirmation.winCertificateNo ?? null,
    confirmedAt: confirmation.winConfirmedAt ?? null,
    tradeNo: row.trade_no,
    lotName: row.name,
    location: row.location,
    bidderNo: registration.bidder_no,
    bidderName: registration.bidder_name,
    price: result?.price ?? '',
    decidedAt: result?.at ?? '',
    dealConfirmationNo: confirmation.dealConfirmationNo ?? null,
  };
}
