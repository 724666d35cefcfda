import { normaliseCode } from './normalise.js';
import type { CodeCheck, CodeProblem } from './problems.js';

/**
 * The platform's trading codes (domain/codes.md §2, "ggzy generation scheme", a design decision
 * until the national rule is obtained). Each code extends its parent and ends with a check
 * character, so every code can be verified offline:
 *
 * | code              | composition                                                          | length |
 * |-------------------|----------------------------------------------------------------------|--------|
 * | projectCode       | prefix (1, from the alphabet) + regionCode (6) + serial (9) + check   | 17     |
 * | tenderProjectCode | projectCode + sequence 01–99 + check                                 | 20     |
 * | sectionCode       | tenderProjectCode + sequence 01–99 + check                           | 23     |
 * | dealCode          | sectionCode + round 1–9 + date yyyyMMdd + daily serial (7) + check    | 40     |
 *
 * Check character: the USCC method generalised to any length — alphabet
 * `0123456789ABCDEFGHJKLMNPQRTUWXY` (values 0–30), weight of position i = 3^(i−1) mod 31,
 * check = alphabet[(31 − S mod 31) mod 31]. Every single substitution and adjacent transposition
 * is detected (31 is prime and no weight is 0 mod 31).
 */
export const CODE_SCHEME_VERSION = 'ggzy-1';
export const CHECK_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const DEFAULT_PROJECT_CODE_PREFIX = 'G';

export const TRADING_CODE_LENGTHS = { projectCode: 17, tenderProjectCode: 20, sectionCode: 23, dealCode: 40 } as const;

/** The check character of `body` (any length, characters from the alphabet). */
export function tradingCheckCharacter(body: string): string {
  let sum = 0;
  let weight = 1;
  for (const c of body) {
    const value = CHECK_ALPHABET.indexOf(c);
    if (value < 0) throw new RangeError(`"${c}" is not in the check alphabet`);
    sum += value * weight;
    weight = (weight * 3) % 31;
  }
  return CHECK_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

const isDigit = (c: string) => c >= '0' && c <= '9';

type Slot = 'alphabet' | 'digit' | 'check';

/** Character classes per position of each code (the check positions are verified separately). */
const PROJECT_SLOTS: Slot[] = ['alphabet', ...Array<Slot>(15).fill('digit'), 'check'];
const TENDER_SLOTS: Slot[] = [...PROJECT_SLOTS, 'digit', 'digit', 'check'];
const SECTION_SLOTS: Slot[] = [...TENDER_SLOTS, 'digit', 'digit', 'check'];
const DEAL_SLOTS: Slot[] = [...SECTION_SLOTS, ...Array<Slot>(16).fill('digit'), 'check'];

function checkSlots(code: string, slots: readonly Slot[]): CodeProblem[] {
  if (code.length !== slots.length) return [{ code: 'length', expected: slots.length, actual: code.length }];
  const problems: CodeProblem[] = [];
  slots.forEach((slot, i) => {
    const c = code.charAt(i);
    if (slot === 'digit' && !isDigit(c)) problems.push({ code: 'character', position: i + 1, character: c, allowed: 'digit' });
    if (slot !== 'digit' && !CHECK_ALPHABET.includes(c)) problems.push({ code: 'character', position: i + 1, character: c, allowed: 'alphabet' });
  });
  if (problems.length > 0) return problems;
  // Every check character, outermost last: a wrong inner check names its own position.
  slots.forEach((slot, i) => {
    if (slot !== 'check') return;
    const expected = tradingCheckCharacter(code.slice(0, i));
    const actual = code.charAt(i);
    if (expected !== actual) problems.push({ code: 'check', position: i + 1, expected, actual });
  });
  return problems;
}

function sequenceProblem(code: string, from: number, to: number): CodeProblem | undefined {
  const value = code.slice(from, to);
  return Number(value) === 0 ? { code: 'sequence', position: from + 1, value } : undefined;
}

function result(code: string, problems: CodeProblem[]): CodeCheck {
  return problems.length === 0 ? { ok: true, code } : { ok: false, code, problems };
}

export function checkProjectCode(input: string): CodeCheck {
  const code = normaliseCode(input);
  return result(code, checkSlots(code, PROJECT_SLOTS));
}

export function checkTenderProjectCode(input: string): CodeCheck {
  const code = normaliseCode(input);
  const problems = checkSlots(code, TENDER_SLOTS);
  const sequence = problems.length === 0 ? sequenceProblem(code, 17, 19) : undefined;
  return result(code, sequence ? [sequence] : problems);
}

export function checkSectionCode(input: string): CodeCheck {
  const code = normaliseCode(input);
  const problems = checkSlots(code, SECTION_SLOTS);
  const sequence = problems.length === 0 ? (sequenceProblem(code, 17, 19) ?? sequenceProblem(code, 20, 22)) : undefined;
  return result(code, sequence ? [sequence] : problems);
}

export function checkDealCode(input: string): CodeCheck {
  const code = normaliseCode(input);
  const problems = checkSlots(code, DEAL_SLOTS);
  if (problems.length > 0) return result(code, problems);
  const sequence = sequenceProblem(code, 17, 19) ?? sequenceProblem(code, 20, 22) ?? sequenceProblem(code, 23, 24);
  if (sequence) return result(code, [sequence]);
  const date = code.slice(24, 32);
  if (!isCalendarDate(date)) return result(code, [{ code: 'date', position: 25, value: date }]);
  return result(code, []);
}

function isCalendarDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 2000 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// ---------------------------------------------------------------------------------------------
// Composing codes (the server assigns them; these are pure so tests and tools can too)

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function inRange(name: string, n: number, min: number, max: number): void {
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new RangeError(`${name} must be an integer ${min}–${max}, got ${n}`);
}

export function composeProjectCode(regionCode: string, serial: number, prefix: string = DEFAULT_PROJECT_CODE_PREFIX): string {
  if (prefix.length !== 1 || !CHECK_ALPHABET.includes(prefix)) throw new RangeError(`prefix must be one character of the check alphabet, got "${prefix}"`);
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`regionCode must be 6 digits, got "${regionCode}"`);
  inRange('serial', serial, 1, 999_999_999);
  const body = prefix + regionCode + pad(serial, 9);
  return body + tradingCheckCharacter(body);
}

export function composeTenderProjectCode(projectCode: string, sequence: number): string {
  inRange('tender project sequence', sequence, 1, 99);
  const body = projectCode + pad(sequence, 2);
  return body + tradingCheckCharacter(body);
}

export function composeSectionCode(tenderProjectCode: string, sequence: number): string {
  inRange('section sequence', sequence, 1, 99);
  const body = tenderProjectCode + pad(sequence, 2);
  return body + tradingCheckCharacter(body);
}

/** `date` is the registration date 'YYYY-MM-DD' (Asia/Shanghai); `round` the tendering round 1–9. */
export function composeDealCode(sectionCode: string, round: number, date: string, dailySerial: number): string {
  inRange('round', round, 1, 9);
  inRange('daily serial', dailySerial, 1, 9_999_999);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`date must be YYYY-MM-DD, got "${date}"`);
  const body = sectionCode + String(round) + date.replaceAll('-', '') + pad(dailySerial, 7);
  return body + tradingCheckCharacter(body);
}

/** The codes a code is built on: a deal code's section, tender project and project codes, etc. */
export function parentCodes(code: string): { projectCode: string; tenderProjectCode: string | null; sectionCode: string | null } {
  return {
    projectCode: code.slice(0, 17),
    tenderProjectCode: code.length >= 20 ? code.slice(0, 20) : null,
    sectionCode: code.length >= 23 ? code.slice(0, 23) : null,
  };
}

/** Which trading code a string is by its length, or undefined. */
export function tradingCodeKind(code: string): 'projectCode' | 'tenderProjectCode' | 'sectionCode' | 'dealCode' | undefined {
  switch (code.length) {
    case 17:
      return 'projectCode';
    case 20:
      return 'tenderProjectCode';
    case 23:
      return 'sectionCode';
    case 40:
      return 'dealCode';
    default:
      return undefined;
  }
}

/** The tendering round and registration date of a deal code. */
export function dealCodeParts(dealCode: string): { sectionCode: string; round: number; date: string; dailySerial: number } {
  const d = dealCode.slice(24, 32);
  return { sectionCode: dealCode.slice(0, 23), round: Number(dealCode.charAt(23)), date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`, dailySerial: Number(dealCode.slice(32, 39)) };
}
