import { randomBytes } from 'node:crypto';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import { sm2, sm3Hex } from '../../platform/crypto/gm/index.js';
import type { Executor, Tx } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import type { Principal } from '../../platform/http/access.js';
import { canonicalJson } from '../../platform/idempotency/canonical-json.js';
import type { CommandResult } from '../../platform/idempotency/idempotency.js';
import type { KeyStore } from '../../platform/keys/key-store.js';
import { sealSecret } from '../../platform/keys/seal.js';
import { seedCommitment } from '../../platform/crypto/seeded-stream.js';
import type { EventBus } from '../../platform/module.js';
import { RECEIPT_KEY_NAME } from './bidding.service.js';
import { art31Outcome, buildOpeningRecord, type OpeningBidState, type OpeningSummary, openingDecision, parseOpeningSummary } from './domain/opening.js';
import { FLOAT_POINT_ALGORITHM, FLOAT_POINTS } from './domain/opening-hall.js';
import type { BiddingPorts } from './domain/ports.js';
import { procedureOf, type ProcedureType } from './domain/procedures.js';
import { keyCommitment, open, unwrapKey } from './domain/sealed-bid/envelope.js';
import { combineShares } from './domain/sealed-bid/shamir.js';
import { tenderingError } from './tendering.errors.js';
import { moveSection, openingParticipation } from './opening-access.js';
import { appendOpeningEvent } from './opening-events.js';
import { lockTender } from './tendering.repository.js';
import './tendering.tables.js';

export const DEFAULT_DECRYPTION_MINUTES = 30;
export const OPENING_RECORD_FORMAT = 'ggzy-opening-record/1';

export interface OpeningServiceDeps {
  db: Executor;
  clock: Clock;
  keys: KeyStore;
  ports: BiddingPorts;
  events: Pick<EventBus, 'publish'>;
}

interface Ctx {
  ip: string | null;
}

/** The closed opening record as signed by the platform receipt key. */
export interface SignedOpeningRecord {
  format: typeof OPENING_RECORD_FORMAT;
  tenderId: string;
  sectionCode: string;
  record: unknown;
  responses: Array<{ bidderId: string; kind: string; text: string | null; answer: string | null }>;
  closedAt: string;
  closedBy: string;
  signatureAlgorithm: 'SM2-SM3';
  platformPublicKey: string;
  signature: string;
}

/** Bytes the platform signs for a closed opening record: its canonical JSON without the signature. */
export function openingRecordSigningBytes(record: Omit<SignedOpeningRecord, 'signature'>): Buffer {
  return Buffer.from(canonicalJson(record), 'utf8');
}

/** The key that seals float-point seeds at rest until the draw (load it outside transactions). */
export const FLOAT_SEED_KEY_NAME = 'tendering.float-seed-seal';

async function lockOpening(tx: Tx, tenderId: string, sectionCode: string) {
  await lockTender(tx, tenderId);
  const row = await tx.selectFrom('tendering.opening').selectAll().where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).executeTakeFirst();
  if (!row) throw tenderingError('OPENING_NOT_STARTED');
  return row;
}

/** Opens a bid's sealed summary with K after checking K against the signed key commitment; the MAC authenticates the ciphertext. */
function decryptSummary(bid: { key_commitment: string; summary: Buffer }, dataKey: Buffer): OpeningSummary {
  if (dataKey.length !== 32) throw tenderingError('DATA_KEY_WRONG', { reason: 'length' });
  if (keyCommitment(dataKey) !== bid.key_commitment) throw tenderingError('DATA_KEY_WRONG', { reason: 'key commitment' });
  let plaintext: Buffer;
  try {
    plaintext = open(dataKey, bid.summary);
  } catch {
    throw tenderingError('DATA_KEY_WRONG', { reason: 'MAC' });
  }
  try {
    return parseOpeningSummary(plaintext);
  } catch {
    throw tenderingError('DATA_KEY_WRONG', { reason: 'summary' });
  }
}

/** "n of m decrypted": what the hall shows while the bids are being opened (never a content). */
async function progress(tx: Tx, tenderId: string, sectionCode: string): Promise<{ decrypted: number; total: number }> {
  // decrypted_at is set exactly when a bid is decrypted (an Art 31 outcome leaves it null).
  const row = await tx
    .selectFrom('tendering.opening_bid')
    .select((eb) => [eb.fn.count<string>('decrypted_at').as('decrypted'), eb.fn.countAll<string>().as('total')])
    .where('tender_id', '=', tenderId)
    .where('section_code', '=', sectionCode)
    .executeTakeFirstOrThrow();
  return { decrypted: Number(row.decrypted), total: Number(row.total) };
}

export function createOpeningService(deps: OpeningServiceDeps) {
  const { db, clock, keys, ports, events } = deps;
  const hall = (tx: Tx, tenderId: string, sectionCode: string, kind: Parameters<typeof appendOpeningEvent>[2]['kind'], at: Date, data: Record<string, unknown>) =>
    appendOpeningEvent(tx, events, { tenderId, sectionCode, kind, at, data });

  /** Seals float-point seeds at rest; from the key store, so call it before the transaction. */
  async function floatSeedKey(): Promise<Buffer> {
    const key = await keys.getOrCreate(FLOAT_SEED_KEY_NAME, () => ({ algorithm: 'SM4+HMAC-SM3', publicKey: '-', privateKey: randomBytes(32).toString('hex') }));
    return Buffer.from(key.privateKey, 'hex');
  }

  /** At or after the deadline: fix the count of live bids; below the minimum ⇒ 流标, else open the decryption window. */
  async function start(tx: Tx, principal: Principal, tenderId: string, sectionCode: string, input: { windowMinutes?: number }, sealKey: Buffer, ctx: Ctx): Promise<CommandResult> {
    const tender = await lockTender(tx, tenderId);
    const now = clock.now();
    if (now < tender.bid_deadline) throw tenderingError('OPENING_TOO_EARLY', { deadline: tender.bid_deadline.toISOString() });
    // The first section's opening moves the tender to `opening`; its other sections open after it.
    if (tender.status !== 'published' && tender.status !== 'opening') throw tenderingError('TENDER_WRONG_STATE', { status: tender.status, action: 'opened' });
    const section = await tx.selectFrom('tendering.section').select(['id', 'opening_config']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).executeTakeFirst();
    if (!section) throw tenderingError('SECTION_NOT_FOUND', { code: sectionCode });
    const existing = await tx.selectFrom('tendering.opening').select(['status']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).executeTakeFirst();
    if (existing) throw tenderingError('OPENING_EXISTS');
    // The latest version of each bidder that was committed and not withdrawn: status 'submitted'.
    const bids = await tx
      .selectFrom('tendering.bid')
      .leftJoin('tendering.document_registration as r', (j) => j.onRef('r.tender_id', '=', 'tendering.bid.tender_id').onRef('r.bidder_id', '=', 'tendering.bid.bidder_id'))
      .select(['tendering.bid.id', 'tendering.bid.bidder_id', 'tendering.bid.received_at', 'r.bidder_name'])
      .where('tendering.bid.tender_id', '=', tenderId)
      .where('tendering.bid.section_code', '=', sectionCode)
      .where('tendering.bid.status', '=', 'submitted')
      .orderBy('tendering.bid.received_at')
      .orderBy('tendering.bid.id')
      .execute();
    const decision = openingDecision(bids.length, procedureOf(tender.procedure_type as ProcedureType).minimumBidders);
    const windowEndsAt = decision.kind === 'open' ? new Date(now.getTime() + (input.windowMinutes ?? DEFAULT_DECRYPTION_MINUTES) * 60_000) : null;
    // Float point (formulas.md §2): the seed is committed now, before anyone's nonce is known, and revealed by the draw.
    const floatConfig = decision.kind === 'open' ? (section.opening_config?.floatPoint ?? null) : null;
    const seed = floatConfig ? randomBytes(32) : null;
    const commitment = seed ? seedCommitment(seed) : null;
    await tx
      .insertInto('tendering.opening')
      .values({
        tender_id: tenderId,
        section_code: sectionCode,
        status: decision.kind === 'open' ? 'decrypting' : 'failed',
        bid_count: decision.count,
        minimum_bidders: decision.minimum,
        failure_reason: decision.kind === 'failed' ? decision.reason : null,
        window_ends_at: windowEndsAt,
        opened_by: principal.userId,
        opened_at: now,
        fallback: null,
        record: null,
        signed_record: null,
        closed_at: null,
        ceiling_price: null,
        ceiling_published_at: null,
        float_point_commitment: commitment,
        sealed_float_seed: seed ? sealSecret(sealKey, seed) : null,
        float_point: null,
      })
      .execute();
    if (decision.kind === 'open') {
      await tx
        .insertInto('tendering.opening_bid')
        .values(
          bids.map((b) => ({
            bid_id: b.id,
            tender_id: tenderId,
            section_code: sectionCode,
            bidder_id: b.bidder_id,
            bidder_name: b.bidder_name ?? b.bidder_id,
            received_at: b.received_at,
            state: 'sealed' as const,
            method: null,
            summary: null,
            decrypted_at: null,
            cause_reason: null,
          })),
        )
        .execute();
    }
    const floatPoint = floatConfig && commitment ? { mode: floatConfig.mode, commitment, letters: FLOAT_POINTS.filter((p) => floatConfig.letters.includes(p.letter)), algorithm: FLOAT_POINT_ALGORITHM } : null;
    const body = {
      tenderId,
      sectionCode,
      status: decision.kind === 'open' ? 'decrypting' : 'failed',
      bidCount: decision.count,
      minimumBidders: decision.minimum,
      failureReason: decision.kind === 'failed' ? decision.reason : null,
      windowEndsAt: windowEndsAt?.toISOString() ?? null,
      floatPoint,
    };
    await moveSection(tx, tender, sectionCode, decision.kind === 'open' ? 'opening' : 'failed');
    if (decision.kind === 'open') {
      // 公布投标人: names and attendance, nothing opened.
      const checkedIn = new Set((await tx.selectFrom('tendering.opening_check_in').select(['bidder_id']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).execute()).map((c) => c.bidder_id));
      const bidders = bids.map((b) => ({ bidId: b.id, bidderName: b.bidder_name ?? b.bidder_id, checkedIn: checkedIn.has(b.bidder_id) }));
      await hall(tx, tenderId, sectionCode, 'opened', now, { status: body.status, bidCount: body.bidCount, minimumBidders: body.minimumBidders, windowEndsAt: body.windowEndsAt, bidders, floatPoint });
    } else {
      await hall(tx, tenderId, sectionCode, 'failed', now, { status: body.status, bidCount: body.bidCount, minimumBidders: body.minimumBidders, failureReason: body.failureReason });
    }
    await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: decision.kind === 'open' ? 'tendering.opening.start' : 'tendering.opening.failed', target: tenderId, outcome: 'success', ip: ctx.ip, at: now, detail: body });
    return { statusCode: 201, body };
  }

  /** The bidder reveals K (unwrapped client-side with their own key) for their bid, within the window. */
  async function submitDataKey(tx: Tx, principal: Principal, tenderId: string, sectionCode: string, input: { dataKey: string }, ctx: Ctx): Promise<CommandResult> {
    const opening = await lockOpening(tx, tenderId, sectionCode);
    const now = clock.now();
    if (opening.status !== 'decrypting') throw tenderingError('OPENING_WRONG_STATE', { status: opening.status, action: 'decrypt' });
    if (opening.window_ends_at && now >= opening.window_ends_at) throw tenderingError('DECRYPTION_WINDOW_CLOSED', { endsAt: opening.window_ends_at.toISOString() });
    const entry = await tx.selectFrom('tendering.opening_bid').selectAll().where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).where('bidder_id', '=', principal.userId).executeTakeFirst();
    if (!entry) throw tenderingError('BID_NOT_FOUND');
    if (entry.state !== 'sealed') throw tenderingError('BID_ALREADY_DECRYPTED');
    const bid = await tx.selectFrom('tendering.bid').select(['key_commitment', 'summary']).where('id', '=', entry.bid_id).executeTakeFirstOrThrow();
    const summary = decryptSummary(bid, Buffer.from(input.dataKey, 'base64'));
    await tx.updateTable('tendering.opening_bid').set({ state: 'decrypted', method: 'bidderKey', summary: JSON.stringify(summary), decrypted_at: now }).where('bid_id', '=', entry.bid_id).execute();
    const body = { bidId: entry.bid_id, state: 'decrypted', method: 'bidderKey', decryptedAt: now.toISOString() };
    await hall(tx, tenderId, sectionCode, 'decrypted', now, { bidId: entry.bid_id, bidderName: entry.bidder_name, method: 'bidderKey', ...(await progress(tx, tenderId, sectionCode)) });
    await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: 'tendering.opening.decrypt', target: entry.bid_id, outcome: 'success', ip: ctx.ip, at: now, detail: { tenderId, sectionCode, method: 'bidderKey' } });
    return { statusCode: 201, body };
  }

  /** A refused key is audited (outcome failure) in a transaction of its own; the bidder may retry in the window. */
  async function recordRefusal(principal: Principal, tenderId: string, sectionCode: string, error: unknown, ctx: Ctx) {
    if (!(error instanceof AppError) || error.code !== 'DATA_KEY_WRONG') return;
    await recordAudit(db, { actorId: principal.userId, actorName: principal.username, action: 'tendering.opening.decrypt', target: tenderId, outcome: 'failure', ip: ctx.ip, at: clock.now(), detail: { sectionCode, code: error.code } });
  }

  /** After the window, staff call the custodians for the bids still sealed (办法 Art 31 remedy). */
  async function requestFallback(tx: Tx, principal: Principal, tenderId: string, sectionCode: string, ctx: Ctx): Promise<CommandResult> {
    const opening = await lockOpening(tx, tenderId, sectionCode);
    const now = clock.now();
    if (opening.status !== 'decrypting') throw tenderingError('OPENING_WRONG_STATE', { status: opening.status, action: 'start the custodian fallback' });
    if (opening.window_ends_at && now < opening.window_ends_at) throw tenderingError('DECRYPTION_WINDOW_OPEN', { endsAt: opening.window_ends_at.toISOString() });
    const sealed = await tx.selectFrom('tendering.opening_bid').select(['bid_id']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).where('state', '=', 'sealed').execute();
    const key = await tx.selectFrom('tendering.opening_key').select(['threshold']).where('tender_id', '=', tenderId).executeTakeFirst();
    if (!key) throw tenderingError('OPENING_KEY_MISSING');
    await tx.updateTable('tendering.opening').set({ status: 'fallback' }).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).execute();
    const body = { tenderId, sectionCode, status: 'fallback', sealedBids: sealed.map((s) => s.bid_id), threshold: key.threshold };
    await hall(tx, tenderId, sectionCode, 'fallbackCalled', now, { status: 'fallback', sealedBids: body.sealedBids, threshold: key.threshold });
    await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: 'tendering.opening.fallback-start', target: tenderId, outcome: 'success', ip: ctx.ip, at: now, detail: body });
    return { statusCode: 200, body };
  }

  /** A custodian's own wrapped share (they decrypt it client-side with their key). */
  async function myShare(principal: Principal, tenderId: string) {
    const row = await db.selectFrom('tendering.opening_key_share').select(['x', 'wrapped_share']).where('tender_id', '=', tenderId).where('custodian_id', '=', principal.userId).executeTakeFirst();
    if (!row) throw tenderingError('NOT_A_CUSTODIAN', { x: '-' });
    return { tenderId, x: row.x, wrappedShare: row.wrapped_share };
  }

  /**
   * A custodian submits their decrypted share. Once `threshold` are in, the opening private key is
   * rebuilt in memory, checked against the public key, used to unwrap only the sealed bids' data
   * keys, and dropped; the shares' values are wiped. Publicly recorded: which shares, the public key.
   */
  async function submitShare(tx: Tx, principal: Principal, tenderId: string, sectionCode: string, input: { x: number; y: string }, ctx: Ctx): Promise<CommandResult> {
    const opening = await lockOpening(tx, tenderId, sectionCode);
    const now = clock.now();
    if (opening.status !== 'fallback' || opening.fallback !== null) throw tenderingError('OPENING_WRONG_STATE', { status: opening.status, action: 'take custodian shares' });
    const custodian = await tx.selectFrom('tendering.opening_key_share').select(['custodian_id']).where('tender_id', '=', tenderId).where('x', '=', input.x).executeTakeFirst();
    if (!custodian || custodian.custodian_id !== principal.userId) throw tenderingError('NOT_A_CUSTODIAN', { x: input.x });
    const already = await tx.selectFrom('tendering.opening_share').select(['x']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).where('x', '=', input.x).executeTakeFirst();
    if (already) throw tenderingError('SHARE_ALREADY_SUBMITTED', { x: input.x });
    await tx.insertInto('tendering.opening_share').values({ tender_id: tenderId, section_code: sectionCode, x: input.x, custodian_id: principal.userId, y: input.y.toLowerCase(), submitted_at: now }).execute();
    const key = await tx.selectFrom('tendering.opening_key').selectAll().where('tender_id', '=', tenderId).executeTakeFirstOrThrow();
    const shares = await tx.selectFrom('tendering.opening_share').select(['x', 'y', 'custodian_id']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).orderBy('x').execute();
    let body: Record<string, unknown> = { tenderId, sectionCode, received: shares.length, threshold: key.threshold, reconstructed: false, decrypted: [] as string[] };
    let action = 'tendering.opening.share';
    if (shares.length >= key.threshold) {
      const privateKey = combineShares(shares.map((s) => ({ x: s.x, y: s.y ?? '' })));
      const rebuiltPublicKey = sm2.publicKeyOf(privateKey);
      if (rebuiltPublicKey !== sm2.normalisePublicKey(key.public_key)) throw tenderingError('FALLBACK_KEY_MISMATCH');
      const sealed = await tx
        .selectFrom('tendering.opening_bid')
        .innerJoin('tendering.bid', 'tendering.bid.id', 'tendering.opening_bid.bid_id')
        .select(['tendering.opening_bid.bid_id', 'tendering.bid.key_commitment', 'tendering.bid.summary', 'tendering.bid.wrapped_key_opening'])
        .where('tendering.opening_bid.tender_id', '=', tenderId)
        .where('tendering.opening_bid.section_code', '=', sectionCode)
        .where('tendering.opening_bid.state', '=', 'sealed')
        .execute();
      const decrypted: string[] = [];
      const failed: string[] = [];
      for (const bid of sealed) {
        try {
          const summary = decryptSummary(bid, unwrapKey(bid.wrapped_key_opening, privateKey));
          await tx.updateTable('tendering.opening_bid').set({ state: 'decrypted', method: 'custodianFallback', summary: JSON.stringify(summary), decrypted_at: now }).where('bid_id', '=', bid.bid_id).execute();
          decrypted.push(bid.bid_id);
        } catch {
          failed.push(bid.bid_id);
        }
      }
      const fallback = { shares: shares.map((s) => s.x), custodians: shares.map((s) => s.custodian_id), publicKey: rebuiltPublicKey, at: now.toISOString(), decrypted, failed };
      await tx.updateTable('tendering.opening_share').set({ y: null }).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).execute();
      await tx.updateTable('tendering.opening').set({ fallback: JSON.stringify(fallback) }).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).execute();
      body = { ...body, reconstructed: true, decrypted, failed, publicKey: rebuiltPublicKey, shares: fallback.shares };
      action = 'tendering.opening.fallback';
      await hall(tx, tenderId, sectionCode, 'fallbackDone', now, { shares: fallback.shares, publicKey: rebuiltPublicKey, decryptedBids: decrypted, failedBids: failed, ...(await progress(tx, tenderId, sectionCode)) });
    } else {
      await hall(tx, tenderId, sectionCode, 'custodianShare', now, { x: input.x, received: shares.length, threshold: key.threshold });
    }
    await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action, target: tenderId, outcome: 'success', ip: ctx.ip, at: now, detail: { sectionCode, x: input.x, ...(action === 'tendering.opening.fallback' ? { fallback: { shares: body.shares, publicKey: body.publicKey, decrypted: body.decrypted, failed: body.failed } } : {}) } });
    return { statusCode: 201, body };
  }

  /** Bid security statuses from the port (may read the database: call outside the transaction). */
  async function securityStatuses(tenderId: string, sectionCode: string): Promise<Map<string, string>> {
    const section = await db.selectFrom('tendering.section').select(['security_kind', 'security_amount']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).executeTakeFirst();
    if (!section) throw tenderingError('SECTION_NOT_FOUND', { code: sectionCode });
    const bids = await db.selectFrom('tendering.opening_bid').select(['bidder_id']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).execute();
    const result = new Map<string, string>();
    for (const b of bids) result.set(b.bidder_id, await ports.security.status({ tenderId, sectionCode, bidderId: b.bidder_id, kind: section.security_kind, amount: section.security_amount }));
    return result;
  }

  /**
   * After the window (and the fallback, if any): bids still sealed are settled by Art 31 — the
   * bidder's cause (no valid key given) ⇒ deemed revoked, unless staff name another cause ⇒ deemed
   * withdrawn — and the opening record is published to the participants.
   */
  async function publish(tx: Tx, principal: Principal, tenderId: string, sectionCode: string, input: { otherCauses?: Array<{ bidId: string; reason: string }> }, security: Map<string, string>, ctx: Ctx): Promise<CommandResult> {
    const opening = await lockOpening(tx, tenderId, sectionCode);
    const now = clock.now();
    if (opening.status !== 'decrypting' && opening.status !== 'fallback') throw tenderingError('OPENING_WRONG_STATE', { status: opening.status, action: 'publish the record' });
    if (opening.window_ends_at && now < opening.window_ends_at) throw tenderingError('DECRYPTION_WINDOW_OPEN', { endsAt: opening.window_ends_at.toISOString() });
    const entries = await tx.selectFrom('tendering.opening_bid').selectAll().where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).orderBy('received_at').orderBy('bid_id').execute();
    const checkIns = new Map((await tx.selectFrom('tendering.opening_check_in').select(['bidder_id', 'checked_in_at']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).execute()).map((c) => [c.bidder_id, c.checked_in_at.toISOString()]));
    const others = new Map((input.otherCauses ?? []).map((c) => [c.bidId, c.reason]));
    // While the custodians are called and the key is not rebuilt, a sealed bid is not the bidder's fault alone:
    // the record waits, unless staff settle every such bid with another cause (custodians unavailable ⇒ deemed withdrawn).
    if (opening.status === 'fallback' && opening.fallback === null) {
      const waiting = entries.filter((e) => e.state === 'sealed' && !others.has(e.bid_id)).length;
      if (waiting > 0) throw tenderingError('OPENING_BIDS_SEALED', { count: waiting });
    }
    // No silent skipping (lifecycles.md): the ceiling price and, when configured, the float point come before the reading.
    if (opening.ceiling_price === null) throw tenderingError('CEILING_PRICE_NOT_PUBLISHED');
    if (opening.float_point_commitment !== null && opening.float_point === null) throw tenderingError('FLOAT_POINT_NOT_DRAWN');
    const settled = entries.map((e) => {
      if (e.state !== 'sealed') return { ...e, state: e.state as OpeningBidState };
      const reason = others.get(e.bid_id);
      return { ...e, state: art31Outcome(reason === undefined ? 'bidder' : 'other') as OpeningBidState, cause_reason: reason ?? '投标人未在解密时间内提交有效解密密钥（电子招标投标办法第三十一条）' };
    });
    for (const e of settled) {
      if (e.state === 'deemedRevoked' || e.state === 'deemedWithdrawn') await tx.updateTable('tendering.opening_bid').set({ state: e.state, cause_reason: e.cause_reason }).where('bid_id', '=', e.bid_id).execute();
    }
    const fallback = opening.fallback as { shares: number[]; publicKey: string } | null;
    const drawn = opening.float_point as { letter: string; rate: string } | null;
    const record = buildOpeningRecord({
      tenderId,
      sectionCode,
      fallback: fallback ? { shares: fallback.shares, publicKey: fallback.publicKey } : null,
      ceilingPrice: opening.ceiling_price,
      floatPoint: drawn ? { letter: drawn.letter, rate: drawn.rate } : null,
      bids: settled.map((e) => ({
        bidId: e.bid_id,
        bidderId: e.bidder_id,
        bidderName: e.bidder_name,
        state: e.state,
        method: e.method,
        summary: e.summary as OpeningSummary | null,
        securityStatus: security.get(e.bidder_id) ?? 'unverified',
        checkedInAt: checkIns.get(e.bidder_id) ?? null,
      })),
    });
    await tx.updateTable('tendering.opening').set({ status: 'published', record: JSON.stringify(record) }).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).execute();
    // From here the contents are public to the participants: the record goes to the hall (唱标).
    await hall(tx, tenderId, sectionCode, 'recordPublished', now, { status: 'published', record });
    await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: 'tendering.opening.publish', target: tenderId, outcome: 'success', ip: ctx.ip, at: now, detail: { sectionCode, recordSm3: sm3Hex(Buffer.from(canonicalJson(record))) } });
    return { statusCode: 200, body: { tenderId, sectionCode, status: 'published', record } };
  }

  /** The opening as its participants see it; decrypted contents only once the record is published. */
  async function view(principal: Principal, tenderId: string, sectionCode: string) {
    const opening = await db.selectFrom('tendering.opening').selectAll().where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).executeTakeFirst();
    if (!opening) throw tenderingError('OPENING_NOT_STARTED');
    await openingParticipation(db, principal, tenderId, sectionCode);
    const checkIns = await db.selectFrom('tendering.opening_check_in').select(['bidder_name', 'checked_in_at']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).orderBy('checked_in_at').execute();
    const bids = await db.selectFrom('tendering.opening_bid').select(['bid_id', 'bidder_name', 'state', 'method', 'cause_reason']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).orderBy('received_at').orderBy('bid_id').execute();
    const responses = await db.selectFrom('tendering.opening_response').selectAll().where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).orderBy('created_at').execute();
    return {
      tenderId,
      sectionCode,
      status: opening.status,
      bidCount: opening.bid_count,
      minimumBidders: opening.minimum_bidders,
      failureReason: opening.failure_reason,
      windowEndsAt: opening.window_ends_at?.toISOString() ?? null,
      checkIns: checkIns.map((c) => ({ bidderName: c.bidder_name, checkedInAt: c.checked_in_at.toISOString() })),
      ceilingPrice: opening.ceiling_price,
      floatPointCommitment: opening.float_point_commitment,
      floatPoint: opening.float_point ?? null,
      bids: bids.map((b) => ({ bidId: b.bid_id, bidderName: b.bidder_name, state: b.state, method: b.method, causeReason: b.cause_reason })),
      fallback: opening.fallback ?? null,
      record: opening.record ?? null,
      responses: responses.map((r) => ({ id: r.id, bidderId: r.bidder_id, kind: r.kind, text: r.text, answer: r.answer, answeredAt: r.answered_at?.toISOString() ?? null })),
      signedRecord: opening.signed_record ?? null,
    };
  }

  /** A bidder confirms the published record or raises an objection (条例 44). */
  async function respond(tx: Tx, principal: Principal, tenderId: string, sectionCode: string, input: { kind: 'confirm' | 'objection'; text?: string }, ctx: Ctx): Promise<CommandResult> {
    const opening = await lockOpening(tx, tenderId, sectionCode);
    if (opening.status !== 'published') throw tenderingError('OPENING_WRONG_STATE', { status: opening.status, action: 'take confirmations' });
    const own = await tx.selectFrom('tendering.opening_bid').select(['bid_id', 'bidder_name']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).where('bidder_id', '=', principal.userId).executeTakeFirst();
    if (!own) throw tenderingError('NOT_AN_OPENING_PARTICIPANT');
    const now = clock.now();
    const row = await tx
      .insertInto('tendering.opening_response')
      .values({ tender_id: tenderId, section_code: sectionCode, bidder_id: principal.userId, kind: input.kind, text: input.text ?? null, created_at: now, answer: null, answered_by: null, answered_at: null })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    const body = { id: row.id, kind: input.kind, text: input.text ?? null, createdAt: now.toISOString() };
    await hall(tx, tenderId, sectionCode, 'response', now, { responseId: row.id, bidderName: own.bidder_name, responseKind: input.kind, text: input.text ?? null });
    await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: `tendering.opening.${input.kind}`, target: row.id, outcome: 'success', ip: ctx.ip, at: now, detail: { tenderId, sectionCode, text: input.text ?? null } });
    return { statusCode: 201, body };
  }

  async function answer(tx: Tx, principal: Principal, tenderId: string, sectionCode: string, responseId: string, input: { answer: string }, ctx: Ctx): Promise<CommandResult> {
    const opening = await lockOpening(tx, tenderId, sectionCode);
    if (opening.status !== 'published') throw tenderingError('OPENING_WRONG_STATE', { status: opening.status, action: 'answer objections' });
    const row = await tx.selectFrom('tendering.opening_response').selectAll().where('id', '=', responseId).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).where('kind', '=', 'objection').executeTakeFirst();
    if (!row) throw tenderingError('OPENING_RESPONSE_NOT_FOUND');
    if (row.answered_at) throw tenderingError('OBJECTION_ANSWERED');
    const now = clock.now();
    await tx.updateTable('tendering.opening_response').set({ answer: input.answer, answered_by: principal.userId, answered_at: now }).where('id', '=', responseId).execute();
    const body = { id: responseId, kind: 'objection', text: row.text, answer: input.answer, answeredAt: now.toISOString() };
    await hall(tx, tenderId, sectionCode, 'answered', now, { responseId, answer: input.answer });
    await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: 'tendering.opening.answer', target: responseId, outcome: 'success', ip: ctx.ip, at: now, detail: { tenderId, sectionCode, answer: input.answer } });
    return { statusCode: 200, body };
  }

  async function signingKey() {
    return keys.getOrCreate(RECEIPT_KEY_NAME, () => ({ algorithm: 'SM2', ...sm2.generateKeyPair() }));
  }

  /** Closes the opening once every objection is answered: the record is signed by the platform and logged. */
  async function close(tx: Tx, principal: Principal, tenderId: string, sectionCode: string, key: { privateKey: string; publicKey: string }, ctx: Ctx): Promise<CommandResult> {
    const tender = await lockTender(tx, tenderId);
    const opening = await lockOpening(tx, tenderId, sectionCode);
    if (opening.status !== 'published') throw tenderingError('OPENING_WRONG_STATE', { status: opening.status, action: 'close' });
    const responses = await tx.selectFrom('tendering.opening_response').selectAll().where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).orderBy('created_at').execute();
    const unanswered = responses.filter((r) => r.kind === 'objection' && !r.answered_at).length;
    if (unanswered > 0) throw tenderingError('OPENING_OBJECTIONS_OPEN', { count: unanswered });
    const now = clock.now();
    const unsigned: Omit<SignedOpeningRecord, 'signature'> = {
      format: OPENING_RECORD_FORMAT,
      tenderId,
      sectionCode,
      record: opening.record,
      responses: responses.map((r) => ({ bidderId: r.bidder_id, kind: r.kind, text: r.text, answer: r.answer })),
      closedAt: now.toISOString(),
      closedBy: principal.userId,
      signatureAlgorithm: 'SM2-SM3',
      platformPublicKey: key.publicKey,
    };
    const signature = Buffer.from(sm2.sign(openingRecordSigningBytes(unsigned), key.privateKey, { publicKey: key.publicKey })).toString('base64');
    const signed: SignedOpeningRecord = { ...unsigned, signature };
    await tx.updateTable('tendering.opening').set({ status: 'closed', signed_record: JSON.stringify(signed), closed_at: now }).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).execute();
    // lifecycles.md §1: openingClosed ⇒ the section goes to evaluation.
    await moveSection(tx, tender, sectionCode, 'evaluating');
    await hall(tx, tenderId, sectionCode, 'closed', now, { status: 'closed', sectionStatus: 'evaluating', closedAt: now.toISOString(), recordSm3: sm3Hex(openingRecordSigningBytes(unsigned)), signature });
    await recordAudit(tx, {
      actorId: principal.userId,
      actorName: principal.username,
      action: 'tendering.opening.close',
      target: tenderId,
      outcome: 'success',
      ip: ctx.ip,
      at: now,
      detail: { sectionCode, recordSm3: sm3Hex(openingRecordSigningBytes(unsigned)), signature, platformPublicKey: key.publicKey },
    });
    return { statusCode: 200, body: signed };
  }

  return { floatSeedKey, start, submitDataKey, recordRefusal, requestFallback, myShare, submitShare, securityStatuses, publish, view, respond, answer, signingKey, close };
}

export type OpeningService = ReturnType<typeof createOpeningService>;
