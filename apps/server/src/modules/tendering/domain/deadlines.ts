/**
 * The one deadline calculator of the tendering module (rules.md T1–T5): statutory periods are
 * counted in whole civil days of Asia/Shanghai, the event day not counted, in calendar days or in
 * working days from the working-day calendar. Deadlines themselves are instants (T6).
 */
import { addCalendarDays, civilDateOf, type CivilDate, type WorkingDayCalendar } from '../../../platform/calendar/index.js';
import type { Period } from './procedures.js';

const DAY_MS = 86_400_000;

/** The civil date `period` after `date` (the event day not counted, rules.md T1). */
export function dateAfter(calendar: WorkingDayCalendar, date: CivilDate, period: Period): CivilDate {
  return period.counting === 'calendar' ? addCalendarDays(date, period.days) : calendar.addWorkingDays(date, period.days);
}

/**
 * "At least `period` between the event and the deadline": true when the deadline's civil date is
 * on or after the event date plus the period (e.g. issue on 1 March, 20 days ⇒ the deadline may be
 * on 21 March at the earliest).
 */
export function satisfiesMinimum(calendar: WorkingDayCalendar, event: Date, deadline: Date, period: Period): boolean {
  return civilDateOf(deadline) >= dateAfter(calendar, civilDateOf(event), period);
}

/**
 * The earliest deadline that keeps `period` after `event`, keeping the current deadline's time of
 * day, and rolled forward to a working day (an opening is held on a working day; design decision
 * in the spirit of rules.md T2). Returns `current` unchanged when it already satisfies the period.
 */
export function postponedDeadline(calendar: WorkingDayCalendar, event: Date, current: Date, period: Period): Date {
  if (satisfiesMinimum(calendar, event, current, period)) return current;
  const earliest = calendar.firstWorkingDayOnOrAfter(dateAfter(calendar, civilDateOf(event), period));
  const shift = dayDifference(civilDateOf(current), earliest);
  return new Date(current.getTime() + shift * DAY_MS);
}

/** The last instant by which an event must happen so that `period` remains before `deadline`. */
export function latestEventDate(calendar: WorkingDayCalendar, deadline: Date, period: Period): CivilDate {
  const deadlineDate = civilDateOf(deadline);
  // Walk back from the deadline: the latest event date d with dateAfter(d) <= deadlineDate.
  let candidate = period.counting === 'calendar' ? addCalendarDays(deadlineDate, -period.days) : deadlineDate;
  if (period.counting === 'working') {
    while (dateAfter(calendar, candidate, period) > deadlineDate) candidate = addCalendarDays(candidate, -1);
  }
  return candidate;
}

function dayDifference(from: CivilDate, to: CivilDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
