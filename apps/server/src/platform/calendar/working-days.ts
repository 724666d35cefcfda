/**
 * The working-day (工作日) calendar: pure functions over the State Council holiday notices.
 *
 * Rules (rules.md T4, T7):
 * - Monday–Friday are working days and Saturday–Sunday are not, unless a notice lists the day:
 *   `isOffDay: true` is a holiday, `isOffDay: false` is a make-up working weekend (调休).
 * - A year without a published notice is UNKNOWN. Guessing "Mon–Fri" for it would silently
 *   shorten or lengthen a statutory period, so every question about such a day throws
 *   CALENDAR_YEAR_UNKNOWN instead; the fix is to add the year's file when the notice appears.
 *
 * No I/O here: `createWorkingDayCalendar` takes the year data, so tests can build calendars that
 * the real files do not contain. Loading the shipped files is `index.ts`.
 */
import { platformError } from '../errors.js';
import {
  addCalendarDays,
  civilDateOf,
  dayNumberOf,
  endOfCivilDay,
  formatDayNumber,
  weekdayOf,
  yearOfDayNumber,
  type CivilDate,
} from './civil-date.js';

/** One listed day of a notice, as in the holiday-cn files. */
export interface HolidayDay {
  /** Holiday name, e.g. '春节'; on a make-up working day, the holiday it compensates. */
  name: string;
  date: CivilDate;
  /** true: day off; false: a weekend day that is worked (调休). */
  isOffDay: boolean;
}

/** The data of one notice ("year file"). `year` is the year of the notice, not of every day in it. */
export interface HolidayYear {
  year: number;
  /** URLs of the State Council notices; empty means not published (rules.md T7). */
  papers: readonly string[];
  days: readonly HolidayDay[];
}

export type DayKind =
  /** Monday–Friday not listed in any notice. */
  | 'weekday'
  /** Saturday or Sunday not listed in any notice. */
  | 'weekend'
  /** Listed with isOffDay: true. */
  | 'holiday'
  /** A weekend day listed with isOffDay: false (调休). */
  | 'makeUpWorkday';

export interface DayInfo {
  date: CivilDate;
  working: boolean;
  kind: DayKind;
  /** The holiday name when the day is listed in a notice. */
  name?: string;
}

export interface WorkingDayCalendar {
  /** Years whose notice is published, ascending. Any other year is unknown. */
  readonly knownYears: readonly number[];
  isWorkingDay(date: CivilDate): boolean;
  /** Why a day is (not) a working day; throws CALENDAR_YEAR_UNKNOWN like `isWorkingDay`. */
  describeDay(date: CivilDate): DayInfo;
  /**
   * The n-th working day after `date` (n ≥ 0). `date` itself is never counted (the event day is
   * not part of the period, rules.md T1), whether or not it is a working day; n = 0 returns `date`.
   */
  addWorkingDays(date: CivilDate, n: number): CivilDate;
  /** `date` if it is a working day, else the next working day: the roll-forward of rules.md T2. */
  firstWorkingDayOnOrAfter(date: CivilDate): CivilDate;
  /**
   * Working days in the half-open interval (from, to]: `from` is the event day and not counted,
   * `to` is counted. This makes it the inverse of `addWorkingDays`:
   * countWorkingDays(d, addWorkingDays(d, n)) === n. When to < from the result is the negated
   * count of (to, from], so "working days left until a deadline" turns negative once it passed.
   */
  countWorkingDays(from: CivilDate, to: CivilDate): number;
  /** Calendar-day arithmetic (periods in 日); needs no holiday data. */
  addCalendarDays(date: CivilDate, n: number): CivilDate;
  /** The Asia/Shanghai civil date of an instant. */
  civilDateOf(instant: Date): CivilDate;
  /** 23:59:59.999 Asia/Shanghai on `date`, as an instant. */
  endOfCivilDay(date: CivilDate): Date;
}

/**
 * Builds a calendar from notice data. Days are indexed by their own date, not by the year of the
 * file: a notice for year Y may list late-December days of Y−1 (the 2023 notice lists
 * 2022-12-31), and those days must be found when asking about Y−1.
 *
 * A year is known when a file for it has a notice and at least one day. Throws at build time when
 * two files disagree about a day, since either answer could be wrong.
 *
 * Caveat: the notice for Y+1 can still move late-December days of Y (the 2019 notice made
 * 2018-12-29 a working Saturday). Until the Y+1 notice is out, answers for the last days of Y
 * follow the Y notice and the normal week; they are final once the Y+1 file is added.
 */
export function createWorkingDayCalendar(years: readonly HolidayYear[]): WorkingDayCalendar {
  const listed = new Map<number, HolidayDay>();
  const known = new Set<number>();
  for (const file of years) {
    if (file.days.length > 0 && file.papers.length > 0) known.add(file.year);
    for (const day of file.days) {
      const dayNumber = dayNumberOf(day.date);
      const previous = listed.get(dayNumber);
      if (previous !== undefined && previous.isOffDay !== day.isOffDay) {
        throw new Error(`Holiday data disagree about ${day.date}: listed both as day off and as working day`);
      }
      listed.set(dayNumber, day);
    }
  }

  const describeDayNumber = (dayNumber: number): DayInfo => {
    const year = yearOfDayNumber(dayNumber);
    if (!known.has(year)) throw platformError('CALENDAR_YEAR_UNKNOWN', { year });
    const date = formatDayNumber(dayNumber);
    const day = listed.get(dayNumber);
    if (day !== undefined) {
      return { date, working: !day.isOffDay, kind: day.isOffDay ? 'holiday' : 'makeUpWorkday', name: day.name };
    }
    const weekday = weekdayOf(dayNumber);
    const weekend = weekday === 0 || weekday === 6;
    return { date, working: !weekend, kind: weekend ? 'weekend' : 'weekday' };
  };
  const isWorkingDayNumber = (dayNumber: number): boolean => describeDayNumber(dayNumber).working;

  // Periods in law are at most a few months long; walking day by day is simple and fast enough.
  // An unknown year stops the walk with CALENDAR_YEAR_UNKNOWN, so the loops always end.
  const countBetween = (fromDay: number, toDay: number): number => {
    let count = 0;
    for (let day = fromDay + 1; day <= toDay; day += 1) if (isWorkingDayNumber(day)) count += 1;
    return count;
  };

  return {
    knownYears: [...known].toSorted((a, b) => a - b),
    isWorkingDay: (date) => isWorkingDayNumber(dayNumberOf(date)),
    describeDay: (date) => describeDayNumber(dayNumberOf(date)),
    addWorkingDays(date, n) {
      if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`addWorkingDays needs an integer n ≥ 0, got ${n}`);
      let day = dayNumberOf(date);
      for (let remaining = n; remaining > 0;) {
        day += 1;
        if (isWorkingDayNumber(day)) remaining -= 1;
      }
      return formatDayNumber(day);
    },
    firstWorkingDayOnOrAfter(date) {
      let day = dayNumberOf(date);
      while (!isWorkingDayNumber(day)) day += 1;
      return formatDayNumber(day);
    },
    countWorkingDays(from, to) {
      const fromDay = dayNumberOf(from);
      const toDay = dayNumberOf(to);
      return toDay >= fromDay ? countBetween(fromDay, toDay) : -countBetween(toDay, fromDay);
    },
    addCalendarDays,
    civilDateOf,
    endOfCivilDay,
  };
}
