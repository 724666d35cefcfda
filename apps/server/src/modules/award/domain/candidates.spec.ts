import { describe, expect, it } from 'vitest';
import { type Candidate, nextWinner, passOverProblem } from './candidates.js';

const candidates: Candidate[] = [2, 1, 3].map((rank) => ({ rank, bidderId: `b${rank}`, bidderName: `投标人${rank}`, price: `${rank}00.00`, score: null }));

describe('招标投标法实施条例 第五十五条: the winner in candidate order', () => {
  it('rank 1 wins unless passed over; then the next in order; none left ⇒ undefined (re-tender)', () => {
    expect(nextWinner(candidates, [])?.rank).toBe(1);
    expect(nextWinner(candidates, [{ rank: 1 }])?.rank).toBe(2);
    expect(nextWinner(candidates, [{ rank: 1 }, { rank: 2 }, { rank: 3 }])).toBeUndefined();
  });

  it('where the order binds, only the standing winner may be passed over, and only for a legal reason', () => {
    expect(passOverProblem(candidates, [], { rank: 1, reason: 'waived' }, true)).toBeNull();
    expect(passOverProblem(candidates, [], { rank: 2, reason: 'violation' }, true)).toBe('notNextInOrder');
    expect(passOverProblem(candidates, [], { rank: 1, reason: 'tendererChoice' }, true)).toBe('reasonNotLegal');
    expect(passOverProblem(candidates, [{ rank: 1 }], { rank: 1, reason: 'waived' }, true)).toBe('alreadyPassedOver');
    expect(passOverProblem(candidates, [], { rank: 4, reason: 'waived' }, true)).toBe('unknownRank');
  });

  it('招标投标法 第四十条: where it does not bind (non-state engineering), the tenderer chooses among the candidates', () => {
    expect(passOverProblem(candidates, [], { rank: 1, reason: 'tendererChoice' }, false)).toBeNull();
    expect(passOverProblem(candidates, [], { rank: 2, reason: 'tendererChoice' }, false)).toBeNull();
  });
});
