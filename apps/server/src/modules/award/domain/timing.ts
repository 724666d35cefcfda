/**
 * The time rules of publicity and award (E49, E50, E54, E55, G7, G15, G16) on top of the one
 * deadline calculator (tendering `dateAfter` / `satisfiesMinimum`: event day not counted,
 * calendar or working days, rules.md T1–T5).
 */
import { civilDateOf, type CivilDate, endOfCivilDay, type WorkingDayCalendar } from '../../../platform/calendar/index.js';
import { AppError } from '../../../platform/errors.js';
import { dateAfter, type Period, satisfiesMinimum, type Sector } from '../../tendering/index.js';
import { AWARD_RULES } from './award-rules.js';

const DAY_MS = 86_400_000;

/** E49: the last civil day on which publicity may start, counted from the report's receipt. */
export function latestPublicityStart(calendar: WorkingDayCalendar, reportReceivedAt: Date): CivilDate {
  return dateAfter(calendar, civilDateOf(reportReceivedAt), AWARD_RULES.publicityStart);
}

/** E49: the earliest allowed end of a publicity started at `start`, and the default end (24:00 that day, T3). */
export function earliestPublicityEnd(calendar: WorkingDayCalendar, start: Date): { date: CivilDate; defaultEnd: Date } {
  const date = dateAfter(calendar, civilDateOf(start), AWARD_RULES.publicityDuration);
  return { date, defaultEnd: endOfCivilDay(date) };
}

export function publicityLongEnough(calendar: WorkingDayCalendar, start: Date, end: Date): boolean {
  return satisfiesMinimum(calendar, start, end, AWARD_RULES.publicityDuration);
}

/** E50: an objection received now is answered by 24:00 of the third day after. */
export function objectionReplyDue(calendar: WorkingDayCalendar, receivedAt: Date): Date {
  return endOfCivilDay(dateAfter(calendar, civilDateOf(receivedAt), AWARD_RULES.objectionReply));
}

/**
 * The publicity end after a suspension: the clock was frozen (lifecycles.md "Suspension", E50), so
 * the end moves by the whole days suspended — the same design decision as the tendering module's
 * resumption after an objection to the documents.
 */
export function resumedPublicityEnd(endsAt: Date, suspendedAt: Date, resumedAt: Date): Date {
  const frozenDays = Math.ceil((resumedAt.getTime() - suspendedAt.getTime()) / DAY_MS);
  return new Date(endsAt.getTime() + frozenDays * DAY_MS);
}

export interface AwardDeadline {
  what: 'gpDecision' | 'supervisorReport' | 'contract' | 'gpLoserDepositRefund';
  /** The last civil day (Asia/Shanghai); null while the working-day calendar of that year is not published (rules.md T7). */
  due: CivilDate | null;
  article: string;
}

/** Deadlines that run from the report (GP decision, G15) and from the award notice (E54, E55, G7, G16); shown, not enforced. */
export function awardDeadlines(calendar: WorkingDayCalendar, sector: Sector, reportReceivedAt: Date, noticeIssuedAt: Date | null): AwardDeadline[] {
  // A view must not fail because next year's holidays are not out yet: that one date stays unknown.
  const after = (from: Date, rule: Period) => {
    try {
      return dateAfter(calendar, civilDateOf(from), rule);
    } catch (error) {
      if (error instanceof AppError && error.code === 'CALENDAR_YEAR_UNKNOWN') return null;
      throw error;
    }
  };
  const list: AwardDeadline[] = [];
  if (sector === 'governmentProcurement') {
    list.push({ what: 'gpDecision', due: after(reportReceivedAt, AWARD_RULES.gpDecision), article: AWARD_RULES.gpDecision.article });
    if (noticeIssuedAt) {
      list.push({ what: 'contract', due: after(noticeIssuedAt, AWARD_RULES.gpContract), article: AWARD_RULES.gpContract.article });
      list.push({ what: 'gpLoserDepositRefund', due: after(noticeIssuedAt, AWARD_RULES.gpLoserDepositRefund), article: AWARD_RULES.gpLoserDepositRefund.article });
    }
  } else if (noticeIssuedAt) {
    // The winner is determined and the notice issued in one command, so E54 runs from the notice.
    list.push({ what: 'supervisorReport', due: after(noticeIssuedAt, AWARD_RULES.supervisorReport), article: AWARD_RULES.supervisorReport.article });
    list.push({ what: 'contract', due: after(noticeIssuedAt, AWARD_RULES.contract), article: AWARD_RULES.contract.article });
  }
  return list;
}

/** The contract's last day and article for a notice issued at `issuedAt` (法 46 / GP法 46). */
export function contractDue(calendar: WorkingDayCalendar, sector: Sector, issuedAt: Date): { due: CivilDate; article: string } {
  const rule = sector === 'governmentProcurement' ? AWARD_RULES.gpContract : AWARD_RULES.contract;
  return { due: dateAfter(calendar, civilDateOf(issuedAt), rule), article: rule.article };
}
