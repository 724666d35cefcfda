/**
 * The price method of one evaluation: which formula of price-score.ts, its parameters (frozen
 * when the evaluation starts, formulas.md §0), whether the procedure allows it, and the ranking
 * it implies. Pure; the formulas themselves are in price-score.ts.
 */
import { type BidTotal, type RankedBid, rankBids, type TieRule } from './evaluation.js';
import { DEFAULT_DEVIATION_PARAMS, deviationScores, lowestEvaluatedPrice, lowPricePriorityScores, type PricedBid } from './price-score.js';

export type PriceMethod =
  | {
      kind: 'deviation';
      priceScoreTotal: string;
      deductAbovePerPct: string;
      deductBelowPerPct: string;
      trimAbove?: number;
      trimCount?: number;
      deviationScale?: number;
      scoreScale?: number;
      scoreFloor?: string;
      /** `discountBase`: P′ = P × (1 − k) with k the float point drawn at the opening (formulas.md §2). */
      floatPoint: 'none' | 'discountBase';
    }
  | { kind: 'lowPricePriority'; priceWeightPoints: string; scoreScale?: number }
  | { kind: 'lowestEvaluatedPrice' };

/** The evaluation method (tendering procedures.ts `EVALUATION_METHODS`) each price method belongs to. */
export const EVALUATION_METHOD_OF = { deviation: 'comprehensive', lowPricePriority: 'comprehensive', lowestEvaluatedPrice: 'lowestEvaluatedPrice' } as const;

export type PriceMethodProblem = 'METHOD_NOT_ALLOWED' | 'GP_USES_LOW_PRICE_PRIORITY' | 'LOW_PRICE_PRIORITY_IS_GP';

/**
 * The procedure must allow the method's evaluation method (its `evaluationMethods`); a GP
 * comprehensive evaluation scores prices by low-price priority (G32, 财政部令第87号 Art 55
 * (verify)), and that formula is a GP formula (formulas.md §3).
 */
export function priceMethodProblem(procedure: { sector: 'engineering' | 'governmentProcurement'; evaluationMethods: readonly string[] }, method: PriceMethod): PriceMethodProblem | undefined {
  if (!procedure.evaluationMethods.includes(EVALUATION_METHOD_OF[method.kind])) return 'METHOD_NOT_ALLOWED';
  if (procedure.sector === 'governmentProcurement' && method.kind === 'deviation') return 'GP_USES_LOW_PRICE_PRIORITY';
  if (procedure.sector === 'engineering' && method.kind === 'lowPricePriority') return 'LOW_PRICE_PRIORITY_IS_GP';
  return undefined;
}

export interface PriceOutcome {
  /** bidId → price score (yuan price kept for the tie rules). */
  scores: Record<string, { score: string; price: string }>;
  /** The method's own result (base price, ratios, evaluated prices…) for the report. */
  detail: unknown;
}

/**
 * Scores the prices of the bids still in the evaluation with the frozen method. `floatPoint` is
 * k drawn at the opening (a decimal string such as '0.015'), or null when none was drawn.
 */
export function scorePrices(method: PriceMethod, bids: readonly PricedBid[], floatPoint: string | null, adjustments: Readonly<Record<string, readonly string[]>> = {}): PriceOutcome {
  if (bids.length === 0) return { scores: {}, detail: { method: method.kind, scores: [] } };
  if (method.kind === 'deviation') {
    if (method.floatPoint === 'discountBase' && floatPoint === null) throw new RangeError('FLOAT_POINT_MISSING');
    const result = deviationScores(bids, {
      ...DEFAULT_DEVIATION_PARAMS,
      priceScoreTotal: method.priceScoreTotal,
      deductAbovePerPct: method.deductAbovePerPct,
      deductBelowPerPct: method.deductBelowPerPct,
      ...(method.trimAbove === undefined ? {} : { trimAbove: method.trimAbove }),
      ...(method.trimCount === undefined ? {} : { trimCount: method.trimCount }),
      ...(method.deviationScale === undefined ? {} : { deviationScale: method.deviationScale }),
      ...(method.scoreScale === undefined ? {} : { scoreScale: method.scoreScale }),
      ...(method.scoreFloor === undefined ? {} : { scoreFloor: method.scoreFloor }),
      floatPoint: method.floatPoint === 'discountBase' && floatPoint !== null ? { mode: 'discountBase', k: floatPoint } : { mode: 'none' },
    });
    return { scores: Object.fromEntries(result.scores.map((s) => [s.bidId, { score: s.score, price: s.price }])), detail: { ...result, floatPoint } };
  }
  if (method.kind === 'lowPricePriority') {
    const result = lowPricePriorityScores(bids, { priceWeightPoints: method.priceWeightPoints, ...(method.scoreScale === undefined ? {} : { scoreScale: method.scoreScale }) });
    return { scores: Object.fromEntries(result.scores.map((s) => [s.bidId, { score: s.score, price: s.price }])), detail: result };
  }
  // Lowest evaluated price ranks by evaluated price; there is no price score to add.
  const rows = lowestEvaluatedPrice(bids.map((b) => ({ ...b, adjustments: adjustments[b.bidId] ?? [] })));
  return { scores: Object.fromEntries(bids.map((b) => [b.bidId, { score: '0.00', price: b.price }])), detail: { method: 'lowestEvaluatedPrice', rows } };
}

/** Ranking by the method: highest total (comprehensive methods, with the tie rules), or lowest evaluated price. ≤ 3 candidates (E48). */
export function rankByMethod(method: PriceMethod, totals: readonly BidTotal[], tieRules: readonly TieRule[], detail: unknown, maxCandidates = 3): RankedBid[] {
  if (method.kind !== 'lowestEvaluatedPrice') return rankBids(totals, tieRules, maxCandidates);
  const rows = (detail as { rows: Array<{ bidId: string; rank: number }> }).rows;
  const byBid = new Map(totals.map((t) => [t.bidId, t]));
  return rows.flatMap((r) => {
    const total = byBid.get(r.bidId);
    return total ? [{ ...total, rank: r.rank, candidate: r.rank <= maxCandidates }] : [];
  });
}
