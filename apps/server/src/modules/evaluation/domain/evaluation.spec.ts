import { describe, expect, it } from 'vitest';
import { activeBids, advance, aggregate, checkScore, electChair, type EvaluationState, memberTotals, rankBids, recordScore, rejectBid, requestRescore, type ScoreItem, setPriceScores, sign, startEvaluation, submitStep, visibleScores } from './evaluation.js';

const members = ['m1', 'm2', 'm3', 'm4', 'm5'];
const items: ScoreItem[] = [
  { id: 'q1', step: 'qualification', name: '资质', kind: 'FIXED', points: '0' },
  { id: 't1', step: 'detailed', name: '施工组织设计', kind: 'RANGE', min: '0', max: '20' },
  { id: 't2', step: 'detailed', name: '业绩', kind: 'FIXED', points: '5' },
];
const bids = ['A', 'B', 'C'];
const fixedItem = items[2] as ScoreItem;
const rangeItem = items[1] as ScoreItem;
const at = '2026-12-10T09:00:00.000Z';

function scoreStep(state: EvaluationState, values: (member: string, item: string, bid: string) => string): EvaluationState {
  let s = state;
  for (const m of s.members) {
    for (const item of s.items.filter((i) => i.step === s.step)) for (const b of s.bidIds) s = recordScore(s, m, item.id, b, values(m, item.id, b));
    s = submitStep(s, m);
  }
  return s;
}

function toDetailed(): EvaluationState {
  let s = electChair(startEvaluation({ members, bidIds: bids, items }), 'm1');
  s = scoreStep(s, () => '0');
  s = advance(s); // preliminary (no items)
  s = advance(s); // detailed
  expect(s.step).toBe('detailed');
  return s;
}

describe('evaluation steps (lifecycles.md §4)', () => {
  it('elects the chair, then walks the steps in order; a scoring step needs every submission', () => {
    let s = electChair(startEvaluation({ members, bidIds: bids, items }), 'm3');
    expect(s.step).toBe('qualification');
    expect(() => advance(s)).toThrow(/submit/);
    s = scoreStep(s, () => '0');
    expect(advance(s).step).toBe('preliminary');
  });
  it('score items: FIXED gives 0 or its points; RANGE stays within bounds and decimals', () => {
    expect(() => checkScore(fixedItem, '5')).not.toThrow(Error);
    expect(() => checkScore(fixedItem, '3')).toThrow(Error);
    expect(() => checkScore(rangeItem, '20.5')).toThrow(Error);
    expect(() => checkScore(rangeItem, '12.345')).toThrow(Error);
    expect(() => checkScore(rangeItem, '12.35')).not.toThrow(Error);
  });
});

describe('independent scoring', () => {
  it('a member sees others only after submitting; cannot change after submitting', () => {
    let s = toDetailed();
    s = recordScore(s, 'm1', 't1', 'A', '15');
    s = recordScore(s, 'm2', 't1', 'A', '12');
    // qualification was submitted by all, so its scores are shared; the detailed item of m1 is not
    expect(visibleScores(s, 'm2').m1?.t1).toBeUndefined();
    for (const b of bids) {
      s = recordScore(s, 'm2', 't1', b, '12');
      s = recordScore(s, 'm2', 't2', b, '5');
    }
    expect(() => submitStep(s, 'm1')).toThrow(/not scored/);
    s = submitStep(s, 'm2');
    expect(visibleScores(s, 'm2').m1?.t1).toEqual({ A: '15' });
    expect(() => recordScore(s, 'm2', 't1', 'A', '13')).toThrow(/re-score/);
  });
  it('the chair requests a re-score of an item with a reason; only that item is reopened', () => {
    let s = scoreStep(toDetailed(), () => '5');
    expect(() => requestRescore(s, 'm2', { itemId: 't1', reason: '分差过大', at })).toThrow(/chair/);
    expect(() => requestRescore(s, 'm1', { itemId: 't1', reason: ' ', at })).toThrow(/reason/);
    s = requestRescore(s, 'm1', { itemId: 't1', expertIds: ['m4'], reason: '评分偏离其他成员过大', at });
    expect(s.rescoreRequests).toHaveLength(1);
    expect(s.submitted.m4).toEqual(['qualification']);
    expect(s.scores.m4?.t2?.A).toBe('5');
    expect(s.scores.m4?.t1).toBeUndefined();
    expect(() => advance(s)).toThrow(/submit/);
    for (const b of bids) s = recordScore(s, 'm4', 't1', b, '6');
    s = submitStep(s, 'm4');
    expect(advance(s).step).toBe('priceScore');
  });
});

describe('aggregation and ranking', () => {
  it('averages members exactly, adds the price score, ranks highest first with tie rules, ≤ 3 candidates', () => {
    const four = startEvaluation({ members, bidIds: ['A', 'B', 'C', 'D'], items });
    let s = electChair(four, 'm1');
    s = scoreStep(s, () => '0');
    s = advance(advance(s));
    // A: members give 10,11,11,11,11 → 54/5 = 10.8 + 5; B: 12 → 12 + 5 (…)
    s = scoreStep(s, (m, item, bid) => (item === 't2' ? '5' : bid === 'A' ? (m === 'm1' ? '10' : '11') : bid === 'B' ? '12' : bid === 'C' ? '12' : '1'));
    const totals = aggregate(s, { A: { score: '58.40', price: '9850000.00' }, B: { score: '57.20', price: '9900000.00' }, C: { score: '57.20', price: '9880000.00' }, D: { score: '60.00', price: '10000000.00' } });
    expect(totals.find((t) => t.bidId === 'A')).toMatchObject({ expertScore: '15.80', total: '74.20' });
    const ranked = rankBids(totals, [{ kind: 'lowerPrice' }]);
    expect(ranked.map((r) => [r.bidId, r.total, r.rank, r.candidate])).toEqual([
      ['A', '74.20', 1, true],
      ['C', '74.20', 2, true], // three-way tie on 74.20 (15.80 + 58.40, 17.00 + 57.20), ordered by lower price
      ['B', '74.20', 3, true],
      ['D', '66.00', 4, false],
    ]);
  });
  it('without a separating rule tied bids share a rank; lots decide what remains', () => {
    const t = [
      { bidId: 'X', expertScore: '30.00', priceScore: '50.00', total: '80.00', price: '100.00' },
      { bidId: 'Y', expertScore: '30.00', priceScore: '50.00', total: '80.00', price: '100.00' },
    ];
    expect(rankBids(t, [{ kind: 'lowerPrice' }]).map((r) => r.rank)).toEqual([1, 1]);
    expect(rankBids(t, [{ kind: 'lowerPrice' }, { kind: 'lots', order: ['Y', 'X'] }]).map((r) => r.bidId)).toEqual(['Y', 'X']);
  });
});

function atResult(): EvaluationState {
  let s = scoreStep(toDetailed(), () => '5');
  s = advance(s); // priceScore
  expect(() => advance(s)).toThrow(/price scores/);
  s = setPriceScores(s, { A: { score: '50', price: '1' }, B: { score: '50', price: '2' }, C: { score: '50', price: '3' } });
  s = advance(s); // other (no items)
  s = advance(s); // result
  expect(s.step).toBe('result');
  return s;
}
describe('report signing (E48) locks the data', () => {
  it('dissent needs reasons; refusal without reasons is deemed consent; all signatures lock', () => {
    let s = atResult();
    expect(() => sign(s, 'm2', 'dissent', null, at)).toThrow(/reasons/);
    s = sign(s, 'm1', 'agree', null, at);
    s = sign(s, 'm2', 'dissent', '对B标技术评分有不同意见', at);
    s = sign(s, 'm3', 'refuse', null, at);
    expect(() => sign(s, 'm3', 'agree', null, at)).toThrow(Error);
    s = sign(s, 'm4', 'agree', null, at);
    expect(s.locked).toBe(false);
    s = sign(s, 'm5', 'agree', null, at);
    expect(s).toMatchObject({ locked: true, step: 'signed' });
    expect(s.signatures.map((x) => x.decision)).toEqual(['agree', 'dissent', 'refusedDeemedConsent', 'agree', 'agree']);
    expect(() => recordScore(s, 'm1', 't1', 'A', '1')).toThrow(/locked/);
    expect(() => requestRescore(s, 'm1', { itemId: 't1', reason: 'x', at })).toThrow(/locked/);
  });
});

describe('pass/fail findings, rejection (条例 51) and price scores', () => {
  const pfItems: ScoreItem[] = [
    { id: 'q', step: 'qualification', name: '资格条件', kind: 'PASS_FAIL' },
    { id: 't', step: 'detailed', name: '技术', kind: 'RANGE', min: '0', max: '40' },
  ];
  const start = () => electChair(startEvaluation({ members, bidIds: bids, items: pfItems }), 'm1');
  it('a PASS_FAIL item takes pass or fail; a fail needs a written reason; findings add no points', () => {
    let s = start();
    expect(() => recordScore(s, 'm2', 'q', 'A', '1')).toThrow(/pass or fail/);
    expect(() => recordScore(s, 'm2', 'q', 'A', 'fail')).toThrow(/reason/);
    s = recordScore(s, 'm2', 'q', 'A', 'fail', '资质证书已过期');
    expect(s.reasons.m2?.q?.A).toBe('资质证书已过期');
    s = recordScore(s, 'm2', 'q', 'A', 'pass');
    expect(s.reasons.m2?.q?.A).toBeUndefined();
    expect(memberTotals(s).m2).toEqual({ A: '0.00', B: '0.00', C: '0.00' });
  });
  it('only the chair rejects, with grounds, during the reviews; the bid leaves every later step and the totals', () => {
    let s = start();
    expect(() => rejectBid(s, 'm2', { bidId: 'B', code: 'E51-3', reason: '无资质', at })).toThrow(/chair/);
    expect(() => rejectBid(s, 'm1', { bidId: 'B', code: 'E51-3', reason: ' ', at })).toThrow(/grounds/);
    s = rejectBid(s, 'm1', { bidId: 'B', code: 'E51-3', reason: '无施工总承包资质', at });
    expect(() => rejectBid(s, 'm1', { bidId: 'B', code: 'E51-3', reason: 'again', at })).toThrow(/already/);
    expect(activeBids(s)).toEqual(['A', 'C']);
    expect(() => recordScore(s, 'm2', 'q', 'B', 'pass')).toThrow(/rejected/);
    for (const m of members) {
      for (const b of activeBids(s)) s = recordScore(s, m, 'q', b, 'pass');
      s = submitStep(s, m); // complete without the rejected bid
    }
    s = advance(advance(s));
    for (const m of members) {
      for (const b of activeBids(s)) s = recordScore(s, m, 't', b, '30');
      s = submitStep(s, m);
    }
    s = advance(s);
    expect(() => setPriceScores(s, { A: { score: '60', price: '1' } })).toThrow(/exactly/);
    s = setPriceScores(s, { A: { score: '60', price: '1' }, C: { score: '55', price: '2' } });
    expect(() => rejectBid(s, 'm1', { bidId: 'C', code: 'E51-6', reason: 'x', at })).toThrow(/before the price scores/);
    expect(aggregate(s, s.priceScores ?? {}).map((t) => [t.bidId, t.total])).toEqual([['A', '90.00'], ['C', '85.00']]);
  });
});
