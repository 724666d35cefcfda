/**
 * The working-day calendar as shipped: the holiday-cn year files in ./data (see data/ATTRIBUTION.md).
 *
 * The files are read synchronously once, at first use (normally at start-up), and the calendar is
 * kept for the life of the process: the data change at most once a year, with a release that
 * adds the new year's file. A malformed file stops the process at start rather than producing
 * wrong deadlines later.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createWorkingDayCalendar, type HolidayDay, type HolidayYear, type WorkingDayCalendar } from './working-days.js';

export type { CivilDate } from './civil-date.js';
export { addCalendarDays, civilDateOf, endOfCivilDay } from './civil-date.js';
export type { DayInfo, DayKind, HolidayDay, HolidayYear, WorkingDayCalendar } from './working-days.js';
export { createWorkingDayCalendar } from './working-days.js';

const DATA_DIR = new URL('./data/', import.meta.url);
const YEAR_FILE = /^(\d{4})\.json$/;

let loaded: WorkingDayCalendar | undefined;

/** The calendar built from every `YYYY.json` in ./data; the same object on every call. */
export function loadWorkingDayCalendar(): WorkingDayCalendar {
  loaded ??= createWorkingDayCalendar(readYearFiles(DATA_DIR));
  return loaded;
}

/** Reads and checks the year files of `dir`. Exported for tests and tools; callers use `loadWorkingDayCalendar`. */
export function readYearFiles(dir: URL): HolidayYear[] {
  const years: HolidayYear[] = [];
  for (const fileName of readdirSync(dir).toSorted()) {
    const match = YEAR_FILE.exec(fileName);
    if (match === null) continue;
    const parsed: unknown = JSON.parse(readFileSync(new URL(fileName, dir), 'utf8'));
    const year = toHolidayYear(parsed);
    if (year === undefined || String(year.year) !== match[1]) {
      throw new Error(`Holiday calendar file ${fileName} is not a holiday-cn year file for ${match[1]}`);
    }
    years.push(year);
  }
  return years;
}

/** Structural check of one file; extra keys ($schema, $id) are ignored. */
function toHolidayYear(value: unknown): HolidayYear | undefined {
  if (!isRecord(value)) return undefined;
  const { year, papers, days } = value;
  if (typeof year !== 'number' || !Number.isInteger(year)) return undefined;
  if (!Array.isArray(papers) || !Array.isArray(days)) return undefined;
  const paperList: unknown[] = papers;
  const dayList: unknown[] = days;
  const checkedPapers = paperList.filter((paper): paper is string => typeof paper === 'string');
  if (checkedPapers.length !== paperList.length) return undefined;
  const checkedDays: HolidayDay[] = [];
  for (const day of dayList) {
    if (!isRecord(day)) return undefined;
    const { name, date, isOffDay } = day;
    if (typeof name !== 'string' || typeof date !== 'string' || typeof isOffDay !== 'boolean') return undefined;
    checkedDays.push({ name, date, isOffDay });
  }
  return { year, papers: checkedPapers, days: checkedDays };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
