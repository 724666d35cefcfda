/**
 * Remote bid opening (不见面开标), the pure decisions (see ../README.md "Opening"):
 *
 *   - the bid count at the deadline against the procedure minimum (fewer ⇒ failed tender 流标, nothing decrypted);
 *   - the 电子招标投标办法 Art 31 outcome of a bid that stays sealed (bidder's cause ⇒ deemed revoked 视为撤销,
 *     anyone else's ⇒ deemed withdrawn 视为撤回);
 *   - the opening summary (开标一览表) read out at opening, and the opening record (开标记录表).
 */

export type OpeningDecision = { kind: 'open'; count: number; minimum: number } | { kind: 'failed'; count: number; minimum: number; reason: string };

/** Fewer live bids than the procedure minimum at the deadline ⇒ the section fails (流标); nothing is decrypted. */
export function openingDecision(count: number, minimum: { value: number; article: string }): OpeningDecision {
  if (count < minimum.value) {
    return { kind: 'failed', count, minimum: minimum.value, reason: `投标人少于 ${minimum.value} 个（实到 ${count} 个），不得开标，招标失败（${minimum.article}）` };
  }
  return { kind: 'open', count, minimum: minimum.value };
}

export type DecryptionCause = 'bidder' | 'other';
export type Art31Outcome = 'deemedRevoked' | 'deemedWithdrawn';

/**
 * 电子招标投标办法 Art 31: a bid not decrypted because of the bidder (e.g. they never gave a valid
 * key in the window) is deemed revoked; because of anyone else (platform, custodians) deemed withdrawn.
 */
export function art31Outcome(cause: DecryptionCause): Art31Outcome {
  return cause === 'bidder' ? 'deemedRevoked' : 'deemedWithdrawn';
}

/** The opening summary (开标一览表) the bidder seals in ggzy-bid/1: the fields read out at opening. */
export interface OpeningSummary {
  price: string;
  duration: string;
  quality: string;
}

/** Reads the decrypted summary JSON; throws on anything that is not an object with the three fields as strings. */
export function parseOpeningSummary(plaintext: Uint8Array): OpeningSummary {
  const value: unknown = JSON.parse(Buffer.from(plaintext).toString('utf8'));
  if (typeof value !== 'object' || value === null) throw new TypeError('the opening summary is not a JSON object');
  const record = value as Record<string, unknown>;
  const field = (name: keyof OpeningSummary) => {
    const v = record[name];
    if (typeof v !== 'string' && typeof v !== 'number') throw new TypeError(`the opening summary has no ${name}`);
    return String(v);
  };
  return { price: field('price'), duration: field('duration'), quality: field('quality') };
}

export type DecryptionMethod = 'bidderKey' | 'custodianFallback';
export type OpeningBidState = 'sealed' | 'decrypted' | Art31Outcome;

export interface OpeningBidInput {
  bidId: string;
  bidderId: string;
  bidderName: string;
  state: OpeningBidState;
  method: DecryptionMethod | null;
  summary: OpeningSummary | null;
  securityStatus: string;
  /** Check-in (签到) time, or null: attendance is recorded, absence does not invalidate the bid (EB7/EB9). */
  checkedInAt: string | null;
}

export interface OpeningRecordRow {
  bidId: string;
  bidderId: string;
  bidderName: string;
  price: string | null;
  duration: string | null;
  quality: string | null;
  securityStatus: string;
  decryption: DecryptionMethod | Art31Outcome;
  checkedInAt: string | null;
}

export interface OpeningRecord {
  tenderId: string;
  sectionCode: string;
  bidCount: number;
  rows: OpeningRecordRow[];
  fallback: { used: boolean; shares: number[]; publicKey: string | null };
  /** The ceiling price (招标控制价) announced at the opening. */
  ceilingPrice: string | null;
  /** The float point drawn at the opening (formulas.md §2), when the section uses one. */
  floatPoint: { letter: string; rate: string } | null;
}

/** The opening record (开标记录表): one row per bid in the order received; a sealed bid here is a caller error. */
export function buildOpeningRecord(input: {
  tenderId: string;
  sectionCode: string;
  bids: readonly OpeningBidInput[];
  fallback: { shares: number[]; publicKey: string } | null;
  ceilingPrice: string | null;
  floatPoint: { letter: string; rate: string } | null;
}): OpeningRecord {
  const rows = input.bids.map((bid): OpeningRecordRow => {
    if (bid.state === 'sealed') throw new Error(`bid ${bid.bidId} is still sealed: settle it (Art 31) before the record`);
    const decrypted = bid.state === 'decrypted';
    if (decrypted && (!bid.summary || !bid.method)) throw new Error(`bid ${bid.bidId} is decrypted without a summary`);
    return {
      bidId: bid.bidId,
      bidderId: bid.bidderId,
      bidderName: bid.bidderName,
      price: decrypted ? (bid.summary?.price ?? null) : null,
      duration: decrypted ? (bid.summary?.duration ?? null) : null,
      quality: decrypted ? (bid.summary?.quality ?? null) : null,
      securityStatus: bid.securityStatus,
      decryption: decrypted && bid.method ? bid.method : (bid.state as Art31Outcome),
      checkedInAt: bid.checkedInAt,
    };
  });
  return {
    tenderId: input.tenderId,
    sectionCode: input.sectionCode,
    bidCount: rows.length,
    rows,
    fallback: input.fallback ? { used: true, shares: input.fallback.shares.toSorted((a, b) => a - b), publicKey: input.fallback.publicKey } : { used: false, shares: [], publicKey: null },
    ceilingPrice: input.ceilingPrice,
    floatPoint: input.floatPoint,
  };
}
