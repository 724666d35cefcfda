import { describe, expect, it } from 'vitest';
import { loadWorkingDayCalendar } from '../../../platform/calendar/index.js';
import { AWARD_RULES, candidateOrderBinds } from './award-rules.js';
import { candidateListProblem, type Candidate } from './candidates.js';
import { awardDeadlines, contractDue, earliestPublicityEnd, latestPublicityStart, objectionReplyDue, publicityLongEnough, resumedPublicityEnd } from './timing.js';

const calendar = loadWorkingDayCalendar();
const at = (iso: string) => new Date(iso);
const candidate = (rank: number): Candidate => ({ rank, bidderId: `b${rank}`, bidderName: `投标人${rank}`, price: '100.00', score: '90.00' });

describe('engineering award (招标投标法, 实施条例)', () => {
  it('招标投标法实施条例 第五十三条: at most 3 candidates, ranked', () => {
    expect(AWARD_RULES.maxCandidates).toEqual({ value: 3, article: '招标投标法实施条例 第五十三条' });
    expect(candidateListProblem([1, 2, 3].map(candidate))).toBeNull();
    expect(candidateListProblem([1, 2, 3, 4].map(candidate))).toBe('tooMany');
    expect(candidateListProblem([1, 3].map(candidate))).toBe('ranksNotConsecutive');
    expect(candidateListProblem([])).toBe('empty');
    expect(candidateListProblem([candidate(1), { ...candidate(2), bidderId: 'b1' }])).toBe('duplicateBidder');
  });

  it('招标投标法实施条例 第五十四条: publicity starts within 3 days of receiving the report', () => {
    expect(AWARD_RULES.publicityStart).toEqual({ days: 3, counting: 'calendar', article: '招标投标法实施条例 第五十四条' });
    // Report received Monday 21 Dec 2026 at 10:00 Shanghai: publicity must start by 24 Dec.
    expect(latestPublicityStart(calendar, at('2026-12-21T02:00:00Z'))).toBe('2026-12-24');
    // 23:30 Shanghai on 21 Dec is still 21 Dec (the civil day counts, not 72 hours).
    expect(latestPublicityStart(calendar, at('2026-12-21T15:30:00Z'))).toBe('2026-12-24');
  });

  it('招标投标法实施条例 第五十四条: publicity lasts at least 3 days', () => {
    expect(AWARD_RULES.publicityDuration).toEqual({ days: 3, counting: 'calendar', article: '招标投标法实施条例 第五十四条' });
    const start = at('2026-12-22T02:00:00Z'); // Tuesday 10:00 Shanghai
    const earliest = earliestPublicityEnd(calendar, start);
    expect(earliest.date).toBe('2026-12-25');
    expect(earliest.defaultEnd.toISOString()).toBe('2026-12-25T15:59:59.999Z'); // 24:00 Shanghai (rules.md T3)
    expect(publicityLongEnough(calendar, start, at('2026-12-25T01:00:00Z'))).toBe(true);
    expect(publicityLongEnough(calendar, start, at('2026-12-24T15:59:59.999Z'))).toBe(false);
  });

  it('招标投标法实施条例 第五十四条: an objection is answered within 3 days; the publicity clock is frozen meanwhile', () => {
    expect(AWARD_RULES.objectionReply).toEqual({ days: 3, counting: 'calendar', article: '招标投标法实施条例 第五十四条' });
    expect(objectionReplyDue(calendar, at('2026-12-23T06:00:00Z')).toISOString()).toBe('2026-12-26T15:59:59.999Z');
    // Suspended 1 day and 2 hours ⇒ the end moves by 2 whole days.
    expect(resumedPublicityEnd(at('2026-12-25T15:59:59.999Z'), at('2026-12-23T06:00:00Z'), at('2026-12-24T08:00:00Z')).toISOString()).toBe('2026-12-27T15:59:59.999Z');
  });

  it('招标投标法实施条例 第五十五条: rank 1 binds for state-controlled projects (and where the funding is unknown)', () => {
    expect(candidateOrderBinds('engineering', 'stateBudget')).toBe(true);
    expect(candidateOrderBinds('engineering', 'stateOwnedCapital')).toBe(true);
    expect(candidateOrderBinds('engineering', 'mixedStateControlled')).toBe(true);
    expect(candidateOrderBinds('engineering', undefined)).toBe(true);
    expect(candidateOrderBinds('engineering', 'private')).toBe(false);
  });

  it('招标投标法 第四十七条: written report to the supervisory department within 15 days of the winner', () => {
    expect(AWARD_RULES.supervisorReport).toEqual({ days: 15, counting: 'calendar', article: '招标投标法 第四十七条' });
    const deadlines = awardDeadlines(calendar, 'engineering', at('2026-10-28T02:00:00Z'), at('2026-11-02T02:00:00Z'));
    expect(deadlines.find((d) => d.what === 'supervisorReport')).toEqual({ what: 'supervisorReport', due: '2026-11-17', article: '招标投标法 第四十七条' });
  });

  it('招标投标法 第四十六条: contract within 30 days of the award notice', () => {
    expect(AWARD_RULES.contract).toEqual({ days: 30, counting: 'calendar', article: '招标投标法 第四十六条' });
    expect(contractDue(calendar, 'engineering', at('2026-11-02T02:00:00Z'))).toEqual({ due: '2026-12-02', article: '招标投标法 第四十六条' });
  });

  it('招标投标法实施条例 第五十七条: deposits returned at the latest 5 days after the contract', () => {
    expect(AWARD_RULES.depositRefundAfterContract).toEqual({ days: 5, counting: 'calendar', article: '招标投标法实施条例 第五十七条' });
  });
});

describe('government procurement award (政府采购法, 实施条例)', () => {
  it('政府采购法实施条例 第四十三条: report to the purchaser in 2 working days, decision in 5, notice and result in 2', () => {
    expect(AWARD_RULES.gpReportToPurchaser).toEqual({ days: 2, counting: 'working', article: '政府采购法实施条例 第四十三条' });
    expect(AWARD_RULES.gpDecision).toEqual({ days: 5, counting: 'working', article: '政府采购法实施条例 第四十三条' });
    expect(AWARD_RULES.gpNotice).toEqual({ days: 2, counting: 'working', article: '政府采购法实施条例 第四十三条' });
    // Report received Monday 28 Sept 2026: 29, 30 Sept, 8, 9, 10 Oct (a make-up working Saturday).
    const deadlines = awardDeadlines(calendar, 'governmentProcurement', at('2026-09-28T02:00:00Z'), null);
    expect(deadlines).toEqual([{ what: 'gpDecision', due: '2026-10-10', article: '政府采购法实施条例 第四十三条' }]);
    // …and in candidate order: the order always binds in GP.
    expect(candidateOrderBinds('governmentProcurement', 'private')).toBe(true);
  });

  it('政府采购法实施条例 第三十三条: losers\' deposits returned within 5 working days of the notice', () => {
    expect(AWARD_RULES.gpLoserDepositRefund).toEqual({ days: 5, counting: 'working', article: '政府采购法实施条例 第三十三条' });
    const deadlines = awardDeadlines(calendar, 'governmentProcurement', at('2026-09-28T02:00:00Z'), at('2026-09-30T02:00:00Z'));
    expect(deadlines.find((d) => d.what === 'gpLoserDepositRefund')?.due).toBe('2026-10-13');
  });

  it('rules.md T7: a working-day date in a year without a published calendar is unknown (null), not guessed', () => {
    const deadlines = awardDeadlines(calendar, 'governmentProcurement', at('2027-06-01T02:00:00Z'), at('2027-06-02T02:00:00Z'));
    expect(deadlines).toEqual([
      { what: 'gpDecision', due: null, article: '政府采购法实施条例 第四十三条' },
      { what: 'contract', due: '2027-07-02', article: '政府采购法 第四十六条' },
      { what: 'gpLoserDepositRefund', due: null, article: '政府采购法实施条例 第三十三条' },
    ]);
  });

  it('政府采购法 第四十六条: contract within 30 days of the notice', () => {
    expect(AWARD_RULES.gpContract).toEqual({ days: 30, counting: 'calendar', article: '政府采购法 第四十六条' });
    expect(contractDue(calendar, 'governmentProcurement', at('2026-09-30T02:00:00Z'))).toEqual({ due: '2026-10-30', article: '政府采购法 第四十六条' });
  });
});
