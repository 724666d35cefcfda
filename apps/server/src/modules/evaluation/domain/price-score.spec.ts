import { describe, expect, it } from 'vitest';
import { dec, fixed, roundHalfUp, toFixed } from './decimal.js';
import {
  DEFAULT_DEVIATION_PARAMS,
  type DeviationParams,
  deviationBasePrice,
  deviationScores,
  discountedBase,
  lowestEvaluatedPrice,
  lowPricePriorityScores,
  compareDecimals,
  type PricedBid,
} from './price-score.js';

const params: DeviationParams = { ...DEFAULT_DEVIATION_PARAMS, priceScoreTotal: '60', deductAbovePerPct: '2', deductBelowPerPct: '1' };
const bids = (...prices: string[]): PricedBid[] => prices.map((price, i) => ({ bidId: `b${i + 1}`, price }));
const scoresOf = (prices: string[], p: DeviationParams = params) => deviationScores(bids(...prices), p).scores.map((s) => [s.ratio, s.score]);

describe('HALF_UP rounding (formulas.md §0)', () => {
  it('rounds half away from zero, where Math.round and toFixed do not', () => {
    expect(fixed(dec('0.00125'), 4)).toBe('0.0013');
    expect(fixed(dec('-0.00125'), 4)).toBe('-0.0013');
    expect(fixed(dec('1.005'), 2)).toBe('1.01'); // (1.005).toFixed(2) === '1.00'
    expect(fixed(dec('-0.5'), 0)).toBe('-1'); // Math.round(-0.5) === -0
    expect(toFixed(roundHalfUp(dec('0.0049'), 2), 2)).toBe('0.00');
    expect(fixed(dec('-0.0049'), 2)).toBe('0.00');
  });
});

describe('price-deviation score, formulas.md §1.3 (S = 60, u = 2, v = 1, n₀ = 3)', () => {
  it('Example A — five bids, trimming, exact base 10,010,000.00', () => {
    const result = deviationScores(bids('9850000.00', '10020000.00', '10160000.00', '9600000.00', '10500000.00'), params);
    expect(result.basePrice).toBe('10010000.000000');
    expect(result.trimmedBidIds.toSorted()).toEqual(['b4', 'b5']);
    expect(result.scores.map((s) => [s.ratio, s.percent, s.score])).toEqual([
      ['-0.0160', '-1.60', '58.40'],
      ['0.0010', '0.10', '59.80'],
      ['0.0150', '1.50', '57.00'],
      ['-0.0410', '-4.10', '55.90'],
      ['0.0490', '4.90', '50.20'],
    ]);
  });

  it('Example B — three bids, no trimming, non-terminating base 5,033,333.333…', () => {
    const result = deviationScores(bids('4980000', '5000000', '5120000'), params);
    expect(result.trimmedBidIds).toEqual([]);
    expect(result.basePrice).toBe('5033333.333333');
    expect(result.scores.map((s) => [s.ratio, s.score])).toEqual([
      ['-0.0106', '58.94'],
      ['-0.0066', '59.34'],
      ['0.0172', '56.56'],
    ]);
  });

  it('Example C — HALF_UP on a positive tie (0.00125 → 0.0013 → 59.74, not HALF_EVEN 59.76)', () => {
    expect(scoresOf(['990000', '1001250', '1008750', '960000', '1040000'])).toEqual([
      ['-0.0100', '59.00'],
      ['0.0013', '59.74'],
      ['0.0088', '58.24'],
      ['-0.0400', '56.00'],
      ['0.0400', '52.00'],
    ]);
  });

  it('Example D — HALF_UP on a negative tie (−0.00125 → −0.0013 → 59.87)', () => {
    expect(scoresOf(['998750', '1000000', '1001250'])).toEqual([
      ['-0.0013', '59.87'],
      ['0.0000', '60.00'],
      ['0.0013', '59.74'],
    ]);
  });

  it('Example E — trimming with tied extremes drops one 100.00 and 80.00; P = 95.00', () => {
    const result = deviationScores(bids('100.00', '100.00', '90.00', '80.00'), params);
    expect(result.basePrice).toBe('95.000000');
    expect(result.trimmedBidIds).toHaveLength(2);
    expect(result.scores.map((s) => [s.ratio, s.score])).toEqual([
      ['0.0526', '49.48'],
      ['0.0526', '49.48'],
      ['-0.0526', '54.74'],
      ['-0.1579', '44.21'],
    ]);
  });

  it('the "trim only from 5 bids" variant is trimAbove 4', () => {
    expect(deviationScores(bids('100', '100', '90', '80'), { ...params, trimAbove: 4 }).trimmedBidIds).toEqual([]);
  });

  it('never scores below the floor', () => {
    const result = deviationScores(bids('100', '100', '100', '300'), params);
    expect(result.scores.at(-1)?.score).toBe('0.00');
  });
});

describe('float point, formulas.md §2 (discountBase, P = 10,010,000.00)', () => {
  it.each([
    ['A', '9859850.00'],
    ['B', '9884875.00'],
    ['C', '9909900.00'],
    ['D', '9934925.00'],
    ['E', '9959950.00'],
    ['F', '9984975.00'],
  ] as const)('%s → %s', (letter, expected) => {
    expect(discountedBase('10010000.00', letter)).toBe(expected);
  });

  it('enters the base before the ratios', () => {
    const { base } = deviationBasePrice(bids('9850000.00', '10020000.00', '10160000.00', '9600000.00', '10500000.00'), { ...params, floatPoint: { mode: 'discountBase', k: '0.015' } });
    expect(fixed(base, 2)).toBe('9859850.00');
  });
});

describe('GP low-price priority, formulas.md §3', () => {
  it('Example GP1 (weight 30)', () => {
    const r = lowPricePriorityScores(bids('1850000', '1920000', '2100000'), { priceWeightPoints: '30' });
    expect(r.basePrice).toBe('1850000.00');
    expect(r.scores.map((s) => s.score)).toEqual(['30.00', '28.91', '26.43']);
  });
  it('Example GP2 (weight 10, 3.125 → 3.13 HALF_UP, not HALF_EVEN 3.12)', () => {
    expect(lowPricePriorityScores(bids('1000000', '3200000', '1280000'), { priceWeightPoints: '10' }).scores.map((s) => s.score)).toEqual(['10.00', '3.13', '7.81']);
  });
});

describe('lowest evaluated price, formulas.md §4', () => {
  it('ranks B → A → D; the below-cost bid C is not a valid bid', () => {
    const valid = [
      { bidId: 'A', price: '9800000', adjustments: ['150000'] },
      { bidId: 'B', price: '9900000', adjustments: ['0'] },
      { bidId: 'D', price: '10100000', adjustments: [] },
    ];
    expect(lowestEvaluatedPrice(valid).map((r) => [r.bidId, r.evaluatedPrice, r.rank])).toEqual([
      ['B', '9900000.00', 1],
      ['A', '9950000.00', 2],
      ['D', '10100000.00', 3],
    ]);
  });
  it('equal evaluated prices: lower bid price first by default; a tie rule returning 0 leaves them tied', () => {
    const tied = [
      { bidId: 'X', price: '100', adjustments: ['10'] },
      { bidId: 'Y', price: '105', adjustments: ['5'] },
      { bidId: 'Z', price: '110', adjustments: [] },
    ];
    expect(lowestEvaluatedPrice(tied).map((r) => [r.bidId, r.rank])).toEqual([['X', 1], ['Y', 2], ['Z', 3]]);
    expect(lowestEvaluatedPrice(tied, () => 0).map((r) => r.rank)).toEqual([1, 1, 1]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests with a seeded generator (reproducible)

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const randomPrices = (next: () => number, n: number) => Array.from({ length: n }, () => `${900000 + Math.floor(next() * 200000)}.${String(Math.floor(next() * 100)).padStart(2, '0')}`);

const byId = (r: { scores: Array<{ bidId: string; score: string }> }) => Object.fromEntries(r.scores.map((s) => [s.bidId, s.score]));

const nonIncreasing = (scores: readonly string[]) => scores.every((score, k) => k === 0 || compareDecimals(score, scores[k - 1] ?? score) <= 0);

describe('price-score properties', () => {
  it('scores never exceed the maximum and never fall below the floor', () => {
    const next = rng(2026);
    for (let i = 0; i < 200; i++) {
      const prices = randomPrices(next, 1 + Math.floor(next() * 9));
      for (const s of deviationScores(bids(...prices), params).scores) {
        expect(compareDecimals(s.score, '60')).toBeLessThanOrEqual(0);
        expect(compareDecimals(s.score, '0')).toBeGreaterThanOrEqual(0);
      }
      for (const s of lowPricePriorityScores(bids(...prices), { priceWeightPoints: '30' }).scores) expect(compareDecimals(s.score, '30')).toBeLessThanOrEqual(0);
    }
  });

  it('deviation: monotone non-increasing in |D − P| on each side; a bid equal to P scores S', () => {
    const next = rng(7);
    for (let i = 0; i < 100; i++) {
      const prices = randomPrices(next, 2 + Math.floor(next() * 8));
      const result = deviationScores(bids(...prices), params);
      for (const side of [1, -1]) {
        const rows = result.scores
          .filter((s) => Math.sign(compareDecimals(s.price, result.basePrice)) === side || (side === 1 && compareDecimals(s.price, result.basePrice) === 0))
          .toSorted((a, b) => compareDecimals(a.price, b.price) * side);
        expect(nonIncreasing(rows.map((r) => r.score))).toBe(true);
      }
    }
    expect(scoresOf(['100', '100', '100'])).toEqual([['0.0000', '60.00'], ['0.0000', '60.00'], ['0.0000', '60.00']]);
  });

  it('deviation and low-price: permuting the bid order never changes any score; n ≤ n₀ never trims', () => {
    const next = rng(99);
    for (let i = 0; i < 100; i++) {
      const list = bids(...randomPrices(next, 1 + Math.floor(next() * 8)));
      const shuffled = [...list].toSorted(() => next() - 0.5);
      expect(byId(deviationScores(shuffled, params))).toEqual(byId(deviationScores(list, params)));
      expect(byId(lowPricePriorityScores(shuffled, { priceWeightPoints: '30' }))).toEqual(byId(lowPricePriorityScores(list, { priceWeightPoints: '30' })));
      expect(deviationScores(list, params).trimmedBidIds.length === 0 || list.length > 3).toBe(true);
    }
  });

  it('low-price priority: a higher price never scores higher', () => {
    const next = rng(5);
    for (let i = 0; i < 100; i++) {
      const r = lowPricePriorityScores(bids(...randomPrices(next, 2 + Math.floor(next() * 6))), { priceWeightPoints: '10' });
      const sorted = [...r.scores].toSorted((a, b) => compareDecimals(a.price, b.price));
      expect(nonIncreasing(sorted.map((row) => row.score))).toBe(true);
    }
  });

  it('HALF_UP at .5 edges of the score: x.xx5 rounds up, away from zero', () => {
    // base 1,000,000 (n = 3, no trim); 1,000,025 → d = 0.000025 → 0.0000 (4 dp HALF_UP below .5); 1,000,050 → 0.0001 (exactly .5 → up)
    expect(scoresOf(['999950', '1000000', '1000050'])).toEqual([['-0.0001', '59.99'], ['0.0000', '60.00'], ['0.0001', '59.98']]);
    // u = 0.5 gives a score edge: p = 0.01 × 0.5 = 0.005 → 60 − 0.005 = 59.995 → 60.00 (HALF_UP of 59.995 at 2 dp)
    expect(scoresOf(['999900', '1000000', '1000100'], { ...params, deductAbovePerPct: '0.5', deductBelowPerPct: '0.5' })).toEqual([['-0.0001', '60.00'], ['0.0000', '60.00'], ['0.0001', '60.00']]);
    expect(fixed(dec('59.995'), 2)).toBe('60.00');
    expect(fixed(dec('-59.995'), 2)).toBe('-60.00');
  });
});
