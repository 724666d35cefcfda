import { describe, expect, it } from 'vitest';
import { PROCEDURES } from '../../tendering/index.js';
import { rankBids } from './evaluation.js';
import { type PriceMethod, priceMethodProblem, rankByMethod, scorePrices } from './price-method.js';
import { deviationScores, DEFAULT_DEVIATION_PARAMS } from './price-score.js';

const deviation: PriceMethod = { kind: 'deviation', priceScoreTotal: '60', deductAbovePerPct: '2', deductBelowPerPct: '1', floatPoint: 'none' };
const exampleA = [
  { bidId: 'a', price: '9850000.00' },
  { bidId: 'b', price: '10020000.00' },
  { bidId: 'c', price: '10160000.00' },
  { bidId: 'd', price: '9600000.00' },
  { bidId: 'e', price: '10500000.00' },
];

describe('price method against the procedure', () => {
  it('engineering open tender (招标投标法 第四十一条): deviation and lowest evaluated price, not low-price priority', () => {
    expect(priceMethodProblem(PROCEDURES.engineeringOpen, deviation)).toBeUndefined();
    expect(priceMethodProblem(PROCEDURES.engineeringOpen, { kind: 'lowestEvaluatedPrice' })).toBeUndefined();
    expect(priceMethodProblem(PROCEDURES.engineeringOpen, { kind: 'lowPricePriority', priceWeightPoints: '30' })).toBe('LOW_PRICE_PRIORITY_IS_GP');
  });
  it('GP public bidding: comprehensive scoring uses low-price priority (G32, 财政部令第87号 Art 55 (verify))', () => {
    expect(priceMethodProblem(PROCEDURES.gpPublicBidding, { kind: 'lowPricePriority', priceWeightPoints: '30' })).toBeUndefined();
    expect(priceMethodProblem(PROCEDURES.gpPublicBidding, deviation)).toBe('GP_USES_LOW_PRICE_PRIORITY');
  });
  it('a method the procedure does not list is refused (GP request for quotation: lowest price only)', () => {
    expect(priceMethodProblem(PROCEDURES.gpRequestForQuotation, { kind: 'lowestEvaluatedPrice' })).toBe('METHOD_NOT_ALLOWED');
  });
});

describe('scoring with the frozen method', () => {
  it('deviation: the same scores as price-score.ts (formulas.md §1.3 Example A)', () => {
    const { scores } = scorePrices(deviation, exampleA, null);
    expect(Object.values(scores).map((s) => s.score)).toEqual(['58.40', '59.80', '57.00', '55.90', '50.20']);
  });
  it('deviation with the float point drawn at the opening (formulas.md §2, discountBase)', () => {
    const { scores, detail } = scorePrices({ ...deviation, floatPoint: 'discountBase' }, exampleA, '0.015');
    const expected = deviationScores(exampleA, { ...DEFAULT_DEVIATION_PARAMS, priceScoreTotal: '60', deductAbovePerPct: '2', deductBelowPerPct: '1', floatPoint: { mode: 'discountBase', k: '0.015' } });
    expect((detail as { basePrice: string }).basePrice).toBe('9859850.000000');
    expect(Object.values(scores).map((s) => s.score)).toEqual(expected.scores.map((s) => s.score));
    expect(() => scorePrices({ ...deviation, floatPoint: 'discountBase' }, exampleA, null)).toThrow('FLOAT_POINT_MISSING');
  });
  it('low-price priority (formulas.md Example GP1)', () => {
    const { scores } = scorePrices({ kind: 'lowPricePriority', priceWeightPoints: '30' }, [{ bidId: 'x', price: '1850000' }, { bidId: 'y', price: '1920000' }, { bidId: 'z', price: '2100000' }], null);
    expect(Object.values(scores).map((s) => s.score)).toEqual(['30.00', '28.91', '26.43']);
  });
  it('lowest evaluated price ranks by evaluated price (formulas.md §4 example: B → A → D)', () => {
    const bids = [{ bidId: 'A', price: '9800000' }, { bidId: 'B', price: '9900000' }, { bidId: 'D', price: '10100000' }];
    const { scores, detail } = scorePrices({ kind: 'lowestEvaluatedPrice' }, bids, null, { A: ['150000'] });
    const totals = bids.map((b) => ({ bidId: b.bidId, expertScore: '0.00', priceScore: scores[b.bidId]?.score ?? '', total: '0.00', price: b.price }));
    expect(rankByMethod({ kind: 'lowestEvaluatedPrice' }, totals, [], detail).map((r) => [r.bidId, r.rank])).toEqual([['B', 1], ['A', 2], ['D', 3]]);
  });
  it('comprehensive methods rank by total with the tie rules (rankBids)', () => {
    const totals = [{ bidId: 'p', expertScore: '30', priceScore: '50', total: '80', price: '2' }, { bidId: 'q', expertScore: '31', priceScore: '49', total: '80', price: '1' }];
    expect(rankByMethod(deviation, totals, [{ kind: 'lowerPrice' }], null)).toEqual(rankBids(totals, [{ kind: 'lowerPrice' }]));
  });
});
