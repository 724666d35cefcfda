import { normaliseCode } from './normalise.js';
import type { CodeCheck, CodeProblem } from './problems.js';

/**
 * 投资项目统一代码 (domain/codes.md §1): 24 characters, `YYYY-RRRRRR-II-TT-SSSSSS` — year code,
 * region/department code, industry code, project type code, serial, separated by hyphens. The
 * segment values are not verified against any table (their meaning is not published): the shape
 * only. Existence is the approval platform's to confirm.
 */
export const INVEST_PROJECT_CODE_LENGTH = 24;
const HYPHENS = new Set([4, 11, 14, 17]);
export const INVEST_PROJECT_CODE_PATTERN = /^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$/;

export function checkInvestProjectCode(input: string): CodeCheck {
  const code = normaliseCode(input);
  if (code.length !== INVEST_PROJECT_CODE_LENGTH) return { ok: false, code, problems: [{ code: 'length', expected: INVEST_PROJECT_CODE_LENGTH, actual: code.length }] };
  const problems: CodeProblem[] = [];
  for (let i = 0; i < code.length; i += 1) {
    const c = code.charAt(i);
    if (HYPHENS.has(i)) {
      if (c !== '-') problems.push({ code: 'character', position: i + 1, character: c, allowed: 'hyphen' });
    } else if (c < '0' || c > '9') {
      problems.push({ code: 'character', position: i + 1, character: c, allowed: 'digit' });
    }
  }
  return problems.length === 0 ? { ok: true, code } : { ok: false, code, problems };
}

/** The parts of a valid code (call after `checkInvestProjectCode` said ok). */
export function investProjectCodeParts(code: string) {
  const [year = '', region = '', industry = '', projectType = '', serial = ''] = code.split('-');
  return { year, region, industry, projectType, serial };
}
