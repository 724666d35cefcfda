/**
 * Price-score methods (formulas.md §1–4) as pure, configurable functions. Prices are yuan
 * strings with at most two decimals; results are decimal strings at the method's scale, computed
 * exactly (decimal.ts) with HALF_UP only where the formula rounds.
 *
 * They live in the server's evaluation module: the browser shows the scores the server computed
 * and the parameters frozen with the section, it never recomputes them. (If a client-side preview
 * is wanted later, this file and decimal.ts have no imports outside @ggzy/contracts and can move
 * to packages/contracts unchanged.)
 */
import { isAmount } from '@ggzy/contracts';
import { abs, cmp, dec, div, fixed, type Fraction, fraction, max, mean, mul, roundHalfUp, sub, add, sum, toFixed, ONE } from './decimal.js';

export interface PricedBid {
  bidId: string;
  /** Yuan, at most two decimals. */
  price: string;
}

// ---------------------------------------------------------------------------------------------
// §1 deviation method (偏差率法) with §2 float point

/** The float-point value set (formulas.md §2, enum FloatPoint). */
export const FLOAT_POINTS = { A: '0.015', B: '0.0125', C: '0.01', D: '0.0075', E: '0.005', F: '0.0025' } as const;
export type FloatPointLetter = keyof typeof FLOAT_POINTS;

export type FloatPointMode =
  | { mode: 'none' }
  /** P′ = P × (1 − k), rounded to `baseScale` decimals (default 2, HALF_UP). */
  | { mode: 'discountBase'; k: string; baseScale?: number };

export interface DeviationParams {
  /** S: full price score, e.g. '60'. */
  priceScoreTotal: string;
  /** u: points per percentage point above the base price. */
  deductAbovePerPct: string;
  /** v: points per percentage point below the base price. */
  deductBelowPerPct: string;
  /** n₀: trim only when the number of valid prices n > trimAbove (default 3; the "n ≥ 5" variant is trimAbove 4). */
  trimAbove: number;
  /** Prices dropped at each end when trimming (default 1). */
  trimCount: number;
  /** Decimals of the deviation ratio (default 4 = two decimals in percent). */
  deviationScale: number;
  /** Decimals of the score (default 2). */
  scoreScale: number;
  /** Minimum score (default '0'). */
  scoreFloor: string;
  floatPoint: FloatPointMode;
}

export const DEFAULT_DEVIATION_PARAMS: Omit<DeviationParams, 'priceScoreTotal' | 'deductAbovePerPct' | 'deductBelowPerPct'> = {
  trimAbove: 3,
  trimCount: 1,
  deviationScale: 4,
  scoreScale: 2,
  scoreFloor: '0',
  floatPoint: { mode: 'none' },
};

export interface DeviationScore {
  bidId: string;
  price: string;
  /** d, rounded to deviationScale. */
  ratio: string;
  /** p = 100 × d. */
  percent: string;
  score: string;
}

export interface DeviationResult {
  method: 'deviation';
  /** The base price before the float point, exact to 6 decimals for display (the computation keeps it exact). */
  trimmedBase: string;
  /** The base price used for the ratios (after the float point), 6 decimals for display. */
  basePrice: string;
  /** Bid ids whose prices were dropped when computing the base (one per end per trimCount, even with ties). */
  trimmedBidIds: string[];
  scores: DeviationScore[];
}

function requirePrices(bids: readonly PricedBid[]): void {
  if (bids.length === 0) throw new RangeError('No valid prices to score');
  for (const b of bids) {
    if (!isAmount(b.price)) throw new RangeError(`Price "${b.price}" of ${b.bidId} is not yuan with at most two decimals`);
    if (cmp(dec(b.price), fraction(0n)) <= 0) throw new RangeError(`Price of ${b.bidId} must be positive`);
  }
}

/** Sorted by price, then bid id, so that trimming ties is deterministic and order-independent. */
function byPrice(bids: readonly PricedBid[]): PricedBid[] {
  return [...bids].toSorted((a, b) => cmp(dec(a.price), dec(b.price)) || (a.bidId < b.bidId ? -1 : a.bidId > b.bidId ? 1 : 0));
}

/** Formulas.md §1.2 step 2–3: the (trimmed) mean of the valid prices, then the float point. */
export function deviationBasePrice(bids: readonly PricedBid[], params: Pick<DeviationParams, 'trimAbove' | 'trimCount' | 'floatPoint'>) {
  requirePrices(bids);
  const sorted = byPrice(bids);
  const trim = sorted.length > params.trimAbove ? params.trimCount : 0;
  if (sorted.length - 2 * trim <= 0) throw new RangeError('Trimming would leave no price');
  const kept = sorted.slice(trim, sorted.length - trim);
  const trimmedBidIds = trim === 0 ? [] : [...sorted.slice(0, trim), ...sorted.slice(sorted.length - trim)].map((b) => b.bidId);
  const trimmedBase = mean(kept.map((b) => dec(b.price)));
  let base = trimmedBase;
  if (params.floatPoint.mode === 'discountBase') {
    base = roundHalfUp(mul(trimmedBase, sub(ONE, dec(params.floatPoint.k))), params.floatPoint.baseScale ?? 2);
  }
  return { trimmedBase, base, trimmedBidIds };
}

export function deviationScores(bids: readonly PricedBid[], params: DeviationParams): DeviationResult {
  const { trimmedBase, base, trimmedBidIds } = deviationBasePrice(bids, params);
  const total = dec(params.priceScoreTotal);
  const above = dec(params.deductAbovePerPct);
  const below = dec(params.deductBelowPerPct);
  const floor = dec(params.scoreFloor);
  const hundred = fraction(100n);
  const scores = bids.map((bid) => {
    const d = roundHalfUp(div(sub(dec(bid.price), base), base), params.deviationScale);
    const p = mul(d, hundred);
    // d ≥ 0: S − p·u; d < 0: S + p·v (= S − |p|·v). Interpolation: p keeps its decimals.
    const raw = d.n >= 0n ? sub(total, mul(p, above)) : add(total, mul(p, below));
    const score = max(floor, roundHalfUp(raw, params.scoreScale));
    return {
      bidId: bid.bidId,
      price: bid.price,
      ratio: toFixed(d, params.deviationScale),
      percent: toFixed(p, Math.max(0, params.deviationScale - 2)),
      score: toFixed(score, params.scoreScale),
    };
  });
  return { method: 'deviation', trimmedBase: fixed(trimmedBase, 6), basePrice: fixed(base, 6), trimmedBidIds, scores };
}

/** §2: P′ = P × (1 − k) rounded to 0.01 HALF_UP, as a yuan string. */
export function discountedBase(base: string, letter: FloatPointLetter): string {
  return fixed(mul(dec(base), sub(ONE, dec(FLOAT_POINTS[letter]))), 2);
}

// ---------------------------------------------------------------------------------------------
// §3 government procurement, low-price priority (低价优先法)

export interface LowPriceParams {
  /** Points of the price factor (goods ≥ 30%, services ≥ 10% of the total, G31). */
  priceWeightPoints: string;
  /** Default 2. */
  scoreScale?: number;
}

export interface LowPriceResult {
  method: 'lowPricePriority';
  basePrice: string;
  scores: Array<{ bidId: string; price: string; score: string }>;
}

/** score_i = (lowest valid price / price_i) × weight, HALF_UP at scoreScale. `bids` are the bids that passed compliance review (SME deductions already applied). */
export function lowPricePriorityScores(bids: readonly PricedBid[], params: LowPriceParams): LowPriceResult {
  requirePrices(bids);
  const scale = params.scoreScale ?? 2;
  const weight = dec(params.priceWeightPoints);
  const first = byPrice(bids)[0];
  if (!first) throw new RangeError('No valid prices to score');
  const base = dec(first.price);
  return {
    method: 'lowPricePriority',
    basePrice: toFixed(base, 2),
    scores: bids.map((b) => ({ bidId: b.bidId, price: b.price, score: fixed(mul(div(base, dec(b.price)), weight), scale) })),
  };
}

// ---------------------------------------------------------------------------------------------
// §4 lowest evaluated price (经评审的最低投标价法)

export interface EvaluatedPriceBid extends PricedBid {
  /** Quantified adjustments from the tender documents, signed yuan strings (ranking only). */
  adjustments: readonly string[];
}

export interface EvaluatedPriceRow {
  bidId: string;
  price: string;
  evaluatedPrice: string;
  rank: number;
}

/**
 * Valid bids ranked by evaluated price = price + Σ adjustments, lowest first. Ties are left to
 * the tender documents' rule: `tieBreak` orders equal evaluated prices (default: lower bid price,
 * then the order given), and rows stay tied (same rank) when it returns 0.
 */
export function lowestEvaluatedPrice(bids: readonly EvaluatedPriceBid[], tieBreak?: (a: EvaluatedPriceBid, b: EvaluatedPriceBid) => number): EvaluatedPriceRow[] {
  requirePrices(bids);
  const tie = tieBreak ?? ((a: EvaluatedPriceBid, b: EvaluatedPriceBid) => cmp(dec(a.price), dec(b.price)));
  const evaluated = bids
    .map((b, index) => ({ bid: b, index, value: add(dec(b.price), sum(b.adjustments.map(dec))) }))
    .toSorted((a, b) => cmp(a.value, b.value) || tie(a.bid, b.bid) || a.index - b.index);
  const rows: EvaluatedPriceRow[] = [];
  evaluated.forEach((e, i) => {
    const prev = evaluated[i - 1];
    const tied = prev !== undefined && cmp(prev.value, e.value) === 0 && tie(prev.bid, e.bid) === 0;
    const previousRow = rows[i - 1];
    rows.push({ bidId: e.bid.bidId, price: e.bid.price, evaluatedPrice: toFixed(e.value, 2), rank: tied && previousRow ? previousRow.rank : i + 1 });
  });
  return rows;
}

/** Helper for callers that compare scores: exact comparison of two decimal strings. */
export function compareDecimals(a: string, b: string): number {
  return cmp(dec(a), dec(b));
}

/** |a − b| as a decimal fraction (for property tests and checks). */
export function distance(a: string, b: string): Fraction {
  return abs(sub(dec(a), dec(b)));
}
