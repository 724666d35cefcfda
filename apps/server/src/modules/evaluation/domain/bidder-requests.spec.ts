import { describe, expect, it } from 'vitest';
import { answerProblem, type BidderRequest, decisionProblem, requestProblem, undecidedAbnormalLow } from './bidder-requests.js';

const now = new Date('2026-12-20T02:00:00Z');
const later = new Date('2026-12-20T03:00:00Z');
const request = (over: Partial<BidderRequest> = {}): BidderRequest => ({ kind: 'clarification', bidId: 'A', deadline: later, answeredAt: null, decision: null, ...over });

describe('clarification (招标投标法实施条例 第五十二条: written request, written answer)', () => {
  it('is asked during the reviews only, with a deadline ahead', () => {
    expect(requestProblem('clarification', 'preliminary', false, later, now)).toBeUndefined();
    expect(requestProblem('clarification', 'priceScore', false, later, now)).toBe('WRONG_STEP');
    expect(requestProblem('clarification', 'detailed', false, now, now)).toBe('DEADLINE_PAST');
  });
  it('takes one answer strictly before the deadline; at the deadline instant the answer is late', () => {
    expect(answerProblem(request(), now)).toBeUndefined();
    expect(answerProblem(request(), later)).toBe('LATE');
    expect(answerProblem(request({ answeredAt: now }), now)).toBe('ALREADY_ANSWERED');
  });
});

const flag = (over: Partial<BidderRequest> = {}) => request({ kind: 'abnormalLowPrice', ...over });

describe('abnormally low price (G34; 招标投标法 第三十三条): committee flag, written explanation, committee decision', () => {
  it('is flagged from the detailed review until the prices are scored', () => {
    expect(requestProblem('abnormalLowPrice', 'detailed', false, later, now)).toBeUndefined();
    expect(requestProblem('abnormalLowPrice', 'priceScore', false, later, now)).toBeUndefined();
    expect(requestProblem('abnormalLowPrice', 'priceScore', true, later, now)).toBe('WRONG_STEP');
    expect(requestProblem('abnormalLowPrice', 'qualification', false, later, now)).toBe('WRONG_STEP');
  });
  it('an unexplained price cannot be accepted; it is rejected only once the deadline passed', () => {
    expect(decisionProblem(flag(), 'accepted', later)).toBe('EXPLANATION_PENDING');
    expect(decisionProblem(flag(), 'rejected', now)).toBe('EXPLANATION_PENDING');
    expect(decisionProblem(flag(), 'rejected', later)).toBeUndefined();
  });
  it('with an explanation the committee accepts or rejects it, once', () => {
    expect(decisionProblem(flag({ answeredAt: now }), 'accepted', now)).toBeUndefined();
    expect(decisionProblem(flag({ answeredAt: now }), 'rejected', now)).toBeUndefined();
    expect(decisionProblem(flag({ answeredAt: now, decision: 'accepted' }), 'rejected', now)).toBe('ALREADY_DECIDED');
    expect(decisionProblem(request({ answeredAt: now }), 'accepted', now)).toBe('NOT_ABNORMAL_LOW');
  });
  it('price scoring waits for every undecided flag', () => {
    expect(undecidedAbnormalLow([flag({ bidId: 'A' }), flag({ bidId: 'B', decision: 'accepted' }), request({ bidId: 'C' })])).toEqual(['A']);
  });
});
