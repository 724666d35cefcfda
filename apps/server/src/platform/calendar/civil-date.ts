/**
 * Civil dates ('YYYY-MM-DD') in Asia/Shanghai and the day arithmetic under them.
 *
 * Why strings and not `Date`: a statutory period is counted in whole days of the Chinese
 * calendar, not in instants. A 'YYYY-MM-DD' string cannot carry a time or a zone, so it cannot
 * shift by a day when a server runs in another zone; it also sorts and compares correctly as text.
 *
 * Why a fixed UTC+8 offset and no time-zone database: China has not observed daylight saving time
 * since 1991, so Asia/Shanghai is UTC+8 for every date this platform handles. (Instants before
 * 1992 would be off by an hour in the 1986–1991 summers; no trade is that old.)
 */
import { platformError } from '../errors.js';

/** A civil date in Asia/Shanghai, 'YYYY-MM-DD'. Plain string so it passes through JSON and SQL unchanged. */
export type CivilDate = string;

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Days since 1970-01-01 of a civil date. Every function takes dates through here so that a
 * malformed or impossible date ('2025-02-30', '2025-2-3') fails loudly instead of rolling over.
 */
export function dayNumberOf(date: CivilDate): number {
  const match = CIVIL_DATE.exec(date);
  if (match !== null) {
    const [, year, month, day] = match;
    const time = utcMidnight(Number(year), Number(month), Number(day));
    // Round trip: Date.UTC silently rolls 02-30 over to 03-02, so compare the text back.
    if (formatDayNumber(time / DAY_MS) === date) return time / DAY_MS;
  }
  throw platformError('VALIDATION_FAILED', { summary: `"${date}" is not a civil date YYYY-MM-DD` });
}

/** The civil date of a day number; inverse of `dayNumberOf`. */
export function formatDayNumber(dayNumber: number): CivilDate {
  const text = new Date(dayNumber * DAY_MS).toISOString();
  // Years beyond 9999 are written '+010000-…'; keep the format closed rather than produce them.
  if (text.length !== 24) throw new RangeError(`day ${dayNumber} is outside the years 0000–9999`);
  return text.slice(0, 10);
}

/** The year of a day number, e.g. 2025 for the day of '2025-12-31'. */
export function yearOfDayNumber(dayNumber: number): number {
  return new Date(dayNumber * DAY_MS).getUTCFullYear();
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(dayNumber: number): number {
  return new Date(dayNumber * DAY_MS).getUTCDay();
}

/** `date` plus `n` calendar days (n may be negative): the arithmetic of periods counted in 日. */
export function addCalendarDays(date: CivilDate, n: number): CivilDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`addCalendarDays needs an integer, got ${n}`);
  return formatDayNumber(dayNumberOf(date) + n);
}

/** The civil date in Asia/Shanghai at `instant` (e.g. 2025-01-01T16:00:00Z is '2025-01-02'). */
export function civilDateOf(instant: Date): CivilDate {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('civilDateOf needs a valid Date');
  return formatDayNumber(Math.floor((time + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/**
 * The last millisecond of `date` in Asia/Shanghai (23:59:59.999 +08:00) as an instant. A period
 * ends at 24:00 of its last day (rules.md T3); deadlines are compared as instants, so "on or
 * before the end of the day" is `receivedAt <= endOfCivilDay(lastDay)`.
 */
export function endOfCivilDay(date: CivilDate): Date {
  return new Date((dayNumberOf(date) + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1);
}

function utcMidnight(year: number, month: number, day: number): number {
  // setUTCFullYear, unlike Date.UTC, does not map the years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}
