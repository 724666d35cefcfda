import { randomBytes } from 'node:crypto';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor, Tx } from '../../platform/db/tables.js';
import type { Principal, RequestContext } from '../../platform/http/access.js';
import type { CommandResult } from '../../platform/idempotency/idempotency.js';
import { openSecret } from '../../platform/keys/seal.js';
import type { EventBus } from '../../platform/module.js';
import { canonicalFloatPointLetters, checkInRefusal, DEFAULT_CHECK_IN_LEAD_MINUTES, drawFloatPoint, FLOAT_POINT_ALGORITHM } from './domain/opening-hall.js';
import { liveBid, openingParticipation } from './opening-access.js';
import { appendOpeningEvent } from './opening-events.js';
import { tenderingError } from './tendering.errors.js';
import { lockTender } from './tendering.repository.js';
import './tendering.tables.js';

export interface OpeningHallDeps {
  db: Executor;
  clock: Clock;
  events: Pick<EventBus, 'publish'>;
}

/**
 * The opening hall's own steps (lifecycles.md §3.1) next to the opening core (opening.service.ts):
 * bidders' check-in (签到), the ceiling price (招标控制价) and the float point draw (抽取浮动点).
 * Each step writes its hall event in its transaction, under the tender lock, audit last.
 */
function openingOf(tx: Tx, tenderId: string, sectionCode: string) {
  return tx.selectFrom('tendering.opening').selectAll().where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).executeTakeFirst();
}

export function createOpeningHallService(deps: OpeningHallDeps) {
  const { db, clock, events } = deps;

  /**
   * 签到: a bidder with a live bid in the section, from the lead time before the deadline until the
   * opening closes. Before the opening starts nothing goes to the hall (法 22: who bids stays
   * confidential until then); the `opened` event lists who checked in, later check-ins follow live.
   */
  async function checkIn(tx: Tx, principal: Principal, tenderId: string, sectionCode: string, ctx: RequestContext): Promise<CommandResult> {
    const tender = await lockTender(tx, tenderId);
    const section = await tx.selectFrom('tendering.section').select(['opening_config']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).executeTakeFirst();
    if (!section) throw tenderingError('SECTION_NOT_FOUND', { code: sectionCode });
    if (!(await liveBid(tx, tenderId, sectionCode, principal.userId))) throw tenderingError('NOT_AN_OPENING_PARTICIPANT');
    const opening = await openingOf(tx, tenderId, sectionCode);
    const now = clock.now();
    const leadMinutes = section.opening_config?.checkInLeadMinutes ?? DEFAULT_CHECK_IN_LEAD_MINUTES;
    const refusal = checkInRefusal({ now, deadline: tender.bid_deadline, leadMinutes, openingStatus: opening?.status ?? null });
    if (refusal?.kind === 'tooEarly') throw tenderingError('CHECK_IN_NOT_OPEN', { opensAt: refusal.opensAt.toISOString(), minutes: leadMinutes });
    if (refusal?.kind === 'over') throw tenderingError('CHECK_IN_OVER');
    const existing = await tx.selectFrom('tendering.opening_check_in').selectAll().where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).where('bidder_id', '=', principal.userId).executeTakeFirst();
    if (existing) return { statusCode: 200, body: { tenderId, sectionCode, bidderName: existing.bidder_name, checkedInAt: existing.checked_in_at.toISOString(), already: true } };
    const registration = await tx.selectFrom('tendering.document_registration').select(['bidder_name']).where('tender_id', '=', tenderId).where('bidder_id', '=', principal.userId).executeTakeFirst();
    const bidderName = registration?.bidder_name ?? principal.username;
    await tx.insertInto('tendering.opening_check_in').values({ tender_id: tenderId, section_code: sectionCode, bidder_id: principal.userId, bidder_name: bidderName, checked_in_at: now }).execute();
    const body = { tenderId, sectionCode, bidderName, checkedInAt: now.toISOString(), already: false };
    if (opening) await appendOpeningEvent(tx, events, { tenderId, sectionCode, kind: 'checkedIn', at: now, data: { bidderName, checkedInAt: body.checkedInAt } });
    await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: 'tendering.opening.check-in', target: tenderId, outcome: 'success', ip: ctx.ip, at: now, detail: { sectionCode } });
    return { statusCode: 201, body };
  }

  /** Staff announce the section's ceiling price (招标控制价) in the hall, before the reading. */
  async function publishCeiling(tx: Tx, principal: Principal, tenderId: string, sectionCode: string, ctx: RequestContext): Promise<CommandResult> {
    await lockTender(tx, tenderId);
    const opening = await openingOf(tx, tenderId, sectionCode);
    if (!opening) throw tenderingError('OPENING_NOT_STARTED');
    if (opening.status !== 'decrypting' && opening.status !== 'fallback') throw tenderingError('OPENING_WRONG_STATE', { status: opening.status, action: 'announce the ceiling price' });
    if (opening.ceiling_price !== null) throw tenderingError('CEILING_PRICE_ALREADY_PUBLISHED');
    const section = await tx.selectFrom('tendering.section').select(['ceiling_price']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).executeTakeFirstOrThrow();
    const now = clock.now();
    await tx.updateTable('tendering.opening').set({ ceiling_price: section.ceiling_price, ceiling_published_at: now }).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).execute();
    const body = { tenderId, sectionCode, ceilingPrice: section.ceiling_price, publishedAt: now.toISOString() };
    await appendOpeningEvent(tx, events, { tenderId, sectionCode, kind: 'ceilingPricePublished', at: now, data: { ceilingPrice: section.ceiling_price } });
    await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: 'tendering.opening.ceiling-price', target: tenderId, outcome: 'success', ip: ctx.ip, at: now, detail: { sectionCode, ceilingPrice: section.ceiling_price } });
    return { statusCode: 201, body };
  }

  /**
   * 抽取浮动点: a checked-in bidder representative (or centre staff) draws after the ceiling price.
   * The drawer's nonce (or a server one) meets the seed committed when the opening started; the
   * seed is revealed here, so anyone can recompute the letter (domain/opening-hall.ts).
   */
  async function drawFloat(tx: Tx, principal: Principal, tenderId: string, sectionCode: string, input: { nonce?: string }, sealKey: Buffer, ctx: RequestContext): Promise<CommandResult> {
    await lockTender(tx, tenderId);
    const opening = await openingOf(tx, tenderId, sectionCode);
    if (!opening) throw tenderingError('OPENING_NOT_STARTED');
    if (opening.status !== 'decrypting' && opening.status !== 'fallback') throw tenderingError('OPENING_WRONG_STATE', { status: opening.status, action: 'draw the float point' });
    if (opening.float_point !== null) throw tenderingError('FLOAT_POINT_ALREADY_DRAWN');
    if (opening.float_point_commitment === null || opening.sealed_float_seed === null) throw tenderingError('FLOAT_POINT_NOT_CONFIGURED');
    if (opening.ceiling_price === null) throw tenderingError('CEILING_PRICE_NOT_PUBLISHED');
    const staff = principal.roles.includes('centreStaff');
    if (!staff) {
      const present = await tx.selectFrom('tendering.opening_check_in').select(['bidder_id']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).where('bidder_id', '=', principal.userId).executeTakeFirst();
      const counted = await tx.selectFrom('tendering.opening_bid').select(['bid_id']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).where('bidder_id', '=', principal.userId).executeTakeFirst();
      if (!present || !counted) throw tenderingError('FLOAT_POINT_DRAWER_NOT_CHECKED_IN');
    }
    const section = await tx.selectFrom('tendering.section').select(['opening_config']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).executeTakeFirstOrThrow();
    const config = section.opening_config?.floatPoint;
    if (!config) throw tenderingError('FLOAT_POINT_NOT_CONFIGURED');
    const letters = canonicalFloatPointLetters(config.letters);
    const seed = openSecret(sealKey, opening.sealed_float_seed);
    const nonce = input.nonce?.toLowerCase() ?? randomBytes(16).toString('hex');
    const drawn = drawFloatPoint(seed, nonce, letters);
    const now = clock.now();
    const floatPoint = {
      letter: drawn.letter,
      rate: drawn.rate,
      mode: config.mode,
      expression: config.expression ?? null,
      letters,
      commitment: opening.float_point_commitment,
      seed: seed.toString('hex'),
      nonce,
      drawnBy: { role: staff ? 'centreStaff' : 'bidder', name: principal.username, nonceFrom: input.nonce ? 'drawer' : 'server' },
      drawnAt: now.toISOString(),
      algorithm: FLOAT_POINT_ALGORITHM,
    };
    await tx.updateTable('tendering.opening').set({ float_point: JSON.stringify(floatPoint), sealed_float_seed: null }).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).execute();
    await appendOpeningEvent(tx, events, { tenderId, sectionCode, kind: 'floatPointDrawn', at: now, data: { floatPoint } });
    await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: 'tendering.opening.float-point', target: tenderId, outcome: 'success', ip: ctx.ip, at: now, detail: { sectionCode, floatPoint } });
    return { statusCode: 201, body: { tenderId, sectionCode, floatPoint } };
  }

  /** The hall stream: participants only; refused before anything is streamed. */
  async function requireWatcher(principal: Principal, tenderId: string, sectionCode: string): Promise<void> {
    await openingParticipation(db, principal, tenderId, sectionCode);
  }

  return { checkIn, publishCeiling, drawFloat, requireWatcher };
}

export type OpeningHallService = ReturnType<typeof createOpeningHallService>;
