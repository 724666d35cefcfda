import { normaliseCode } from './normalise.js';
import type { CodeCheck } from './problems.js';

/**
 * 行政区划代码 (GB/T 2260, domain/codes.md §3): 6 digits, province (2) + prefecture (2) + county (2).
 * The shape and the province part are checked here; whether the code exists in the current
 * region table is the server's question (`AreaCodeMatch`), because codes are created and retired.
 */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
]);

export type RegionLevel = 'province' | 'prefecture' | 'county';

export function checkRegionCode(input: string): CodeCheck {
  const code = normaliseCode(input);
  if (code.length !== 6) return { ok: false, code, problems: [{ code: 'length', expected: 6, actual: code.length }] };
  for (let i = 0; i < 6; i += 1) {
    const c = code.charAt(i);
    if (c < '0' || c > '9') return { ok: false, code, problems: [{ code: 'character', position: i + 1, character: c, allowed: 'digit' }] };
  }
  if (!PROVINCES.has(code.slice(0, 2))) return { ok: false, code, problems: [{ code: 'province', value: code }] };
  return { ok: true, code };
}

/** Province codes end in 0000, prefecture codes in 00. */
export function regionLevel(code: string): RegionLevel {
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'prefecture';
  return 'county';
}

/** The enclosing prefecture and province codes of a county or prefecture code. */
export function regionAncestors(code: string): { province: string; prefecture: string | null } {
  const province = `${code.slice(0, 2)}0000`;
  const level = regionLevel(code);
  return { province, prefecture: level === 'province' ? null : `${code.slice(0, 4)}00` };
}
