import { describe, expect, it } from 'vitest';
import { loadWorkingDayCalendar } from '../../../platform/calendar/index.js';
import { dateAfter, latestEventDate, postponedDeadline, satisfiesMinimum } from './deadlines.js';
import { PROCEDURE_TYPES, PROCEDURES, procedureOf } from './procedures.js';

const calendar = loadWorkingDayCalendar();
const at = (iso: string) => new Date(iso);
function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('missing period');
  return value;
}

describe('engineering construction (招标投标法, 实施条例)', () => {
  const open = procedureOf('engineeringOpen');

  it('招标投标法 第二十四条: at least 20 calendar days from the first issue of documents to the bid deadline', () => {
    expect(open.documentIssueToDeadline).toEqual({ days: 20, counting: 'calendar', article: '招标投标法 第二十四条' });
    // Issued 1 Sept (Shanghai): the earliest deadline date is 21 Sept.
    expect(satisfiesMinimum(calendar, at('2026-09-01T02:00:00Z'), at('2026-09-21T01:30:00Z'), must(open.documentIssueToDeadline))).toBe(true);
    expect(satisfiesMinimum(calendar, at('2026-09-01T02:00:00Z'), at('2026-09-20T15:59:59.999Z'), must(open.documentIssueToDeadline))).toBe(false);
  });

  it('招标投标法实施条例 第十六条: documents on sale for at least 5 days', () => {
    expect(open.documentAvailability).toEqual({ days: 5, counting: 'calendar', article: '招标投标法实施条例 第十六条' });
  });

  it('招标投标法实施条例 第二十一条: a clarification less than 15 days before the deadline postpones it', () => {
    const period = must(open.clarificationBeforeDeadline);
    expect(period.days).toBe(15);
    expect(period.article).toBe('招标投标法实施条例 第二十一条');
    const deadline = at('2026-09-21T01:30:00Z'); // 09:30 Shanghai, Monday
    // Clarified 6 Sept: 6 + 15 = 21 Sept, fine.
    expect(postponedDeadline(calendar, at('2026-09-06T03:00:00Z'), deadline, period)).toEqual(deadline);
    // Clarified 9 Sept: 9 + 15 = 24 Sept (Thursday): moved to 24 Sept 09:30.
    expect(postponedDeadline(calendar, at('2026-09-09T03:00:00Z'), deadline, period)).toEqual(at('2026-09-24T01:30:00Z'));
    // Clarified 10 Sept: 10 + 15 = 25 Sept, the Mid-Autumn holiday ⇒ the next working day, Monday 28 Sept.
    expect(postponedDeadline(calendar, at('2026-09-10T03:00:00Z'), deadline, period)).toEqual(at('2026-09-28T01:30:00Z'));
    // Clarified 20 Sept: 20 + 15 = 5 Oct (National Day holiday) ⇒ rolled to the first working day, 8 Oct.
    expect(postponedDeadline(calendar, at('2026-09-20T03:00:00Z'), deadline, period)).toEqual(at('2026-10-08T01:30:00Z'));
  });

  it('招标投标法实施条例 第二十二条: objections at least 10 days before the deadline, answered within 3 days, activity suspended', () => {
    const objection = open.documentObjection;
    expect(objection.beforeDeadline).toEqual({ days: 10, counting: 'calendar', article: '招标投标法实施条例 第二十二条' });
    expect(objection.reply).toEqual({ days: 3, counting: 'calendar', article: '招标投标法实施条例 第二十二条' });
    expect(objection.suspendsActivity).toBe(true);
    // Deadline 21 Sept: the last day to object is 11 Sept.
    expect(latestEventDate(calendar, at('2026-09-21T01:30:00Z'), must(objection.beforeDeadline))).toBe('2026-09-11');
    expect(dateAfter(calendar, '2026-09-11', objection.reply)).toBe('2026-09-14');
  });

  it('招标投标法实施条例 第六十条: complaints within 10 days', () => {
    expect(open.complaintWindow).toEqual({ days: 10, counting: 'calendar', article: '招标投标法实施条例 第六十条' });
  });

  it('招标投标法实施条例 第四十四条: fewer than 3 bidders ⇒ no opening', () => {
    expect(open.minimumBidders).toEqual({ value: 3, article: '招标投标法实施条例 第四十四条' });
    expect(procedureOf('engineeringInvited').minimumBidders.value).toBe(3);
  });

  it('招标投标法 第三十四条: the opening is public, at the deadline', () => {
    expect(open.publicOpening).toEqual({ value: true, article: '招标投标法 第三十四条' });
  });

  it('招标投标法 第四十一条: comprehensive evaluation or lowest evaluated price', () => {
    expect(open.evaluationMethods).toEqual(['comprehensive', 'lowestEvaluatedPrice']);
  });

  it('invited tendering differs only by invitation', () => {
    expect(procedureOf('engineeringInvited').byInvitation).toBe(true);
    expect(open.byInvitation).toBe(false);
  });
});

describe('government procurement (政府采购法, 实施条例)', () => {
  const gp = procedureOf('gpPublicBidding');

  it('政府采购法 第三十五条: at least 20 days from document issue to the bid deadline', () => {
    expect(gp.documentIssueToDeadline).toEqual({ days: 20, counting: 'calendar', article: '政府采购法 第三十五条' });
  });

  it('政府采购法实施条例 第三十一条: documents available for at least 5 working days; clarifications 15 days before', () => {
    expect(gp.documentAvailability).toEqual({ days: 5, counting: 'working', article: '政府采购法实施条例 第三十一条' });
    expect(gp.clarificationBeforeDeadline).toEqual({ days: 15, counting: 'calendar', article: '政府采购法实施条例 第三十一条' });
    // rules.md T4 vector: 13 Feb 2026 + 5 working days = 27 Feb (14 Feb is a make-up working Saturday).
    expect(dateAfter(calendar, '2026-02-13', must(gp.documentAvailability))).toBe('2026-02-27');
  });

  it('政府采购法 第五十二条, 第五十三条: challenges within 7 working days, answered within 7 working days; no suspension by law (实施条例 第五十四条)', () => {
    expect(gp.documentObjection.window).toEqual({ days: 7, counting: 'working', article: '政府采购法 第五十二条；政府采购法实施条例 第五十三条' });
    expect(gp.documentObjection.reply).toEqual({ days: 7, counting: 'working', article: '政府采购法 第五十三条' });
    expect(gp.documentObjection.suspendsActivity).toBe(false);
    // rules.md vector: 28 Sept 2026 + 7 working days = 13 Oct.
    expect(dateAfter(calendar, '2026-09-28', must(gp.documentObjection.window))).toBe('2026-10-13');
  });

  it('政府采购法 第五十五条: complaints within 15 working days', () => {
    expect(gp.complaintWindow).toEqual({ days: 15, counting: 'working', article: '政府采购法 第五十五条' });
  });

  it('政府采购法 第三十六条: fewer than 3 bidders ⇒ the tender fails; 第三十四条: invitations to at least 3', () => {
    expect(gp.minimumBidders.value).toBe(3);
    expect(procedureOf('gpInvitedBidding').minimumBidders).toEqual({ value: 3, article: '政府采购法 第三十四条' });
  });

  it('政府采购法 第三十八条: competitive negotiation with at least 3 suppliers, lowest price', () => {
    const negotiation = procedureOf('gpCompetitiveNegotiation');
    expect(negotiation.minimumBidders).toEqual({ value: 3, article: '政府采购法 第三十八条' });
    expect(negotiation.evaluationMethods).toEqual(['lowestPrice']);
    expect(negotiation.documentIssueToDeadline).toMatchObject({ days: 3, counting: 'working' });
    expect(negotiation.publicOpening.value).toBe(false);
  });

  it('财库〔2014〕214号 第十条: competitive consultation — 10 days to the first response, clarifications 5 days before', () => {
    const consultation = procedureOf('gpCompetitiveConsultation');
    expect(consultation.documentIssueToDeadline).toMatchObject({ days: 10, counting: 'calendar' });
    expect(consultation.clarificationBeforeDeadline).toMatchObject({ days: 5, counting: 'calendar' });
    expect(consultation.evaluationMethods).toEqual(['comprehensive']);
  });

  it('政府采购法 第四十条: request for quotation with at least 3 suppliers, lowest price', () => {
    const rfq = procedureOf('gpRequestForQuotation');
    expect(rfq.minimumBidders).toEqual({ value: 3, article: '政府采购法 第四十条' });
    expect(rfq.evaluationMethods).toEqual(['lowestPrice']);
  });

  it('政府采购法实施条例 第三十八条: single source publicity for at least 5 working days; one supplier', () => {
    const single = procedureOf('gpSingleSource');
    expect(single.publicity).toEqual({ days: 5, counting: 'working', article: '政府采购法实施条例 第三十八条' });
    expect(single.minimumBidders.value).toBe(1);
    expect(single.documentIssueToDeadline).toBeNull();
  });
});

describe('every row', () => {
  it('names an article for every number', () => {
    for (const type of PROCEDURE_TYPES) {
      const row = PROCEDURES[type];
      expect(row.type).toBe(type);
      const periods = [row.documentIssueToDeadline, row.documentAvailability, row.clarificationBeforeDeadline, row.documentObjection.reply, row.complaintWindow, row.publicity];
      expect(periods.filter((period) => period !== null && period.article.length < 5)).toEqual([]);
      expect(row.minimumBidders.article.length).toBeGreaterThan(4);
      expect(row.evaluationMethods.length).toBeGreaterThan(0);
    }
  });

  it('postponement is idempotent and always satisfies the period (property over a year of dates)', () => {
    const period = must(procedureOf('engineeringOpen').clarificationBeforeDeadline);
    const deadline = at('2026-06-30T01:30:00Z');
    for (let day = 0; day < 150; day++) {
      const event = new Date(at('2026-05-01T03:00:00Z').getTime() + day * 86_400_000);
      const moved = postponedDeadline(calendar, event, deadline, period);
      expect(satisfiesMinimum(calendar, event, moved, period)).toBe(true);
      expect(moved.getTime()).toBeGreaterThanOrEqual(deadline.getTime());
      expect(postponedDeadline(calendar, event, moved, period)).toEqual(moved);
    }
  });
});
