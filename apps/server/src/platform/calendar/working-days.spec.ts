import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { createWorkingDayCalendar, loadWorkingDayCalendar, type HolidayYear } from './index.js';

const calendar = loadWorkingDayCalendar();

/** The AppError code and params a call throws, to assert on the error model rather than on text. */
function thrownBy(call: () => unknown): { code: string; params: Record<string, string | number> } {
  try {
    call();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, params: error.params };
    throw error;
  }
  throw new Error('expected the call to throw');
}

function datesBetween(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let date = first; date <= last; date = calendar.addCalendarDays(date, 1)) dates.push(date);
  return dates;
}

describe('working days on the real State Council data', () => {
  it('knows 2020–2026 and treats 2027 (empty file) as unknown', () => {
    expect(calendar.knownYears).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it('2025 Spring Festival: 01-28..02-04 off, Sunday 01-26 and Saturday 02-08 worked', () => {
    for (const date of datesBetween('2025-01-28', '2025-02-04')) expect(calendar.isWorkingDay(date), date).toBe(false);
    expect(calendar.describeDay('2025-01-26')).toEqual({ date: '2025-01-26', working: true, kind: 'makeUpWorkday', name: '春节' });
    expect(calendar.isWorkingDay('2025-02-08')).toBe(true);
    expect(calendar.isWorkingDay('2025-01-27')).toBe(true);
    expect(calendar.isWorkingDay('2025-02-05')).toBe(true);
    // An ordinary weekend next to the holiday is not listed and stays off.
    expect(calendar.describeDay('2025-02-09')).toEqual({ date: '2025-02-09', working: false, kind: 'weekend' });
  });

  it('2025 National Day + Mid-Autumn: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 worked', () => {
    for (const date of datesBetween('2025-10-01', '2025-10-08')) expect(calendar.isWorkingDay(date), date).toBe(false);
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-12')).toBe(false);
  });

  it('2026 New Year: 01-01..01-03 off, Sunday 01-04 worked', () => {
    for (const date of datesBetween('2026-01-01', '2026-01-03')) expect(calendar.isWorkingDay(date), date).toBe(false);
    expect(calendar.describeDay('2026-01-04')).toMatchObject({ working: true, kind: 'makeUpWorkday', name: '元旦' });
  });

  it('2026 Spring Festival: 02-15..02-23 off, Saturdays 02-14 and 02-28 worked', () => {
    for (const date of datesBetween('2026-02-15', '2026-02-23')) expect(calendar.isWorkingDay(date), date).toBe(false);
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-24')).toBe(true);
  });

  it('2026 Mid-Autumn 09-25..09-27 and National Day 10-01..10-07 off, Sunday 09-20 and Saturday 10-10 worked', () => {
    for (const date of [...datesBetween('2026-09-25', '2026-09-27'), ...datesBetween('2026-10-01', '2026-10-07')]) {
      expect(calendar.isWorkingDay(date), date).toBe(false);
    }
    expect(calendar.isWorkingDay('2026-09-20')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-08')).toBe(true);
  });

  it('adds working days across holidays and make-up weekends', () => {
    expect(calendar.addWorkingDays('2025-01-24', 1)).toBe('2025-01-26');
    expect(calendar.addWorkingDays('2025-01-24', 2)).toBe('2025-01-27');
    expect(calendar.addWorkingDays('2025-01-24', 3)).toBe('2025-02-05');
    expect(calendar.addWorkingDays('2025-09-26', 4)).toBe('2025-10-09');
    // Across the year boundary, landing on the 2026 make-up Sunday.
    expect(calendar.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
    // The start day is not counted even when it is a holiday; n = 0 is the start day itself.
    expect(calendar.addWorkingDays('2025-10-01', 1)).toBe('2025-10-09');
    expect(calendar.addWorkingDays('2025-10-01', 0)).toBe('2025-10-01');
    expect(() => calendar.addWorkingDays('2025-10-01', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-10-01', 1.5)).toThrow(RangeError);
  });

  it.each([
    ['2026-09-28', 7, '2026-10-13'],
    ['2026-09-30', 3, '2026-10-10'],
    ['2026-02-13', 5, '2026-02-27'],
  ])('rules.md T1/T4 vector: %s + %i working days = %s', (event, n, last) => {
    expect(calendar.addWorkingDays(event, n)).toBe(last);
  });

  it('counts working days in (from, to]', () => {
    // 01-26 (make-up Sunday), 01-27, 02-05; the start day 01-24 is not counted.
    expect(calendar.countWorkingDays('2025-01-24', '2025-02-05')).toBe(3);
    expect(calendar.countWorkingDays('2025-09-30', '2025-10-08')).toBe(0);
    expect(calendar.countWorkingDays('2025-10-08', '2025-10-08')).toBe(0);
    expect(calendar.countWorkingDays('2025-02-05', '2025-01-24')).toBe(-3);
  });

  it('countWorkingDays is the inverse of addWorkingDays', () => {
    for (const start of datesBetween('2025-12-20', '2026-03-10')) {
      for (const n of [0, 1, 3, 7, 15]) {
        expect(calendar.countWorkingDays(start, calendar.addWorkingDays(start, n)), `${start} + ${n}`).toBe(n);
      }
    }
  });

  it('rolls a non-working last day forward to the next working day (rules.md T2)', () => {
    expect(calendar.firstWorkingDayOnOrAfter('2025-10-01')).toBe('2025-10-09');
    expect(calendar.firstWorkingDayOnOrAfter('2025-10-11')).toBe('2025-10-11');
    expect(calendar.firstWorkingDayOnOrAfter('2026-01-03')).toBe('2026-01-04');
  });

  it('政府采购法 第五十二条: a 质疑 within 7 working days of knowing of the damage', () => {
    // Result publication period ends Friday 2025-09-26 (GP条例 53): the day is not counted;
    // 09-28 (Sun, worked), 09-29, 09-30, 10-09, 10-10, 10-11 (Sat, worked), 10-13.
    const lastDay = calendar.addWorkingDays('2025-09-26', 7);
    expect(lastDay).toBe('2025-10-13');
    expect(calendar.endOfCivilDay(lastDay).toISOString()).toBe('2025-10-13T15:59:59.999Z');
  });

  it('refuses to guess a year without a published notice', () => {
    expect(thrownBy(() => calendar.isWorkingDay('2027-03-01'))).toEqual({ code: 'CALENDAR_YEAR_UNKNOWN', params: { year: 2027 } });
    expect(thrownBy(() => calendar.isWorkingDay('2019-12-31'))).toEqual({ code: 'CALENDAR_YEAR_UNKNOWN', params: { year: 2019 } });
    // A walk that leaves the known years fails instead of assuming Mon–Fri.
    expect(calendar.addWorkingDays('2026-12-24', 3)).toBe('2026-12-29');
    expect(thrownBy(() => calendar.addWorkingDays('2026-12-24', 10)).code).toBe('CALENDAR_YEAR_UNKNOWN');
    expect(thrownBy(() => calendar.countWorkingDays('2026-12-30', '2027-01-05')).code).toBe('CALENDAR_YEAR_UNKNOWN');
    // Calendar-day arithmetic needs no holiday data.
    expect(calendar.addCalendarDays('2026-12-24', 20)).toBe('2027-01-13');
  });

  it("finds a late-December day listed in the next year's notice (2022-12-31 in 2023.json)", () => {
    expect(calendar.describeDay('2022-12-31')).toEqual({ date: '2022-12-31', working: false, kind: 'holiday', name: '元旦' });
  });

  it('indexes days by their own date, whatever file lists them', () => {
    // Synthetic notice for 2031 that makes Saturday 2030-12-28 a working day (as the 2019 notice
    // did for 2018-12-29).
    const y2030: HolidayYear = { year: 2030, papers: ['synthetic'], days: [{ name: '元旦', date: '2030-01-01', isOffDay: true }] };
    const y2031: HolidayYear = {
      year: 2031,
      papers: ['synthetic'],
      days: [
        { name: '元旦', date: '2030-12-28', isOffDay: false },
        { name: '元旦', date: '2031-01-01', isOffDay: true },
      ],
    };
    const synthetic = createWorkingDayCalendar([y2030, y2031]);
    expect(synthetic.describeDay('2030-12-28')).toMatchObject({ working: true, kind: 'makeUpWorkday' });
    expect(synthetic.addWorkingDays('2030-12-27', 1)).toBe('2030-12-28');
    // Without the 2030 notice, 2030 stays unknown even though one of its days is listed.
    const onlyNext = createWorkingDayCalendar([y2031]);
    expect(thrownBy(() => onlyNext.isWorkingDay('2030-12-28'))).toEqual({ code: 'CALENDAR_YEAR_UNKNOWN', params: { year: 2030 } });
  });

  it('treats a file without notices or days as unknown, and refuses contradicting files', () => {
    const empty = createWorkingDayCalendar([{ year: 2030, papers: [], days: [] }]);
    expect(empty.knownYears).toEqual([]);
    expect(() =>
      createWorkingDayCalendar([
        { year: 2030, papers: ['a'], days: [{ name: 'x', date: '2030-12-28', isOffDay: true }] },
        { year: 2031, papers: ['b'], days: [{ name: 'x', date: '2030-12-28', isOffDay: false }] },
      ]),
    ).toThrow(/2030-12-28/);
  });

  it('rejects malformed and impossible dates', () => {
    for (const bad of ['2025-02-30', '2025-2-3', '20250203', '2025-13-01', '', '2025-02-03T00:00']) {
      expect(thrownBy(() => calendar.isWorkingDay(bad)).code, bad).toBe('VALIDATION_FAILED');
    }
  });
});

describe('civil dates in Asia/Shanghai', () => {
  it('converts instants at the UTC+8 day boundary', () => {
    expect(calendar.civilDateOf(new Date('2024-12-31T15:59:59.999Z'))).toBe('2024-12-31');
    expect(calendar.civilDateOf(new Date('2024-12-31T16:00:00.000Z'))).toBe('2025-01-01');
    expect(calendar.endOfCivilDay('2025-01-01').toISOString()).toBe('2025-01-01T15:59:59.999Z');
    expect(calendar.civilDateOf(calendar.endOfCivilDay('2025-01-01'))).toBe('2025-01-01');
    expect(calendar.civilDateOf(new Date(calendar.endOfCivilDay('2025-01-01').getTime() + 1))).toBe('2025-01-02');
    expect(() => calendar.civilDateOf(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('agrees with the time-zone database for Asia/Shanghai', () => {
    const shanghai = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (let time = Date.UTC(2020, 0, 1); time < Date.UTC(2028, 0, 1); time += 7 * 3_600_000 + 13 * 60_000) {
      const instant = new Date(time);
      expect(calendar.civilDateOf(instant)).toBe(shanghai.format(instant));
    }
  });

  it('adds calendar days across month, leap-day and year ends', () => {
    expect(calendar.addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(calendar.addCalendarDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(calendar.addCalendarDays('2025-12-31', 20)).toBe('2026-01-20');
    expect(calendar.addCalendarDays('2026-01-20', -20)).toBe('2025-12-31');
  });
});
