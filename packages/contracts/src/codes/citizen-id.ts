/**
 * Citizen ID number (居民身份证号码, GB 11643-1999): 18 characters; 6-digit region, birth date,
 * sequence, and a mod-11 check character (domain/codes.md §5).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function citizenIdCheckCharacter(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(body17.charAt(i)) * (WEIGHTS[i] ?? 0);
  return CHECK.charAt(sum % 11);
}

export type CitizenIdProblem =
  | { kind: 'length'; length: number }
  | { kind: 'character'; position: number; character: string }
  | { kind: 'birthDate'; birthDate: string }
  | { kind: 'check'; expected: string; actual: string };

/** Returns undefined for a valid number, else the first problem (1-based positions). `today` is 'YYYY-MM-DD'. */
export function checkCitizenId(input: string, today: string): CitizenIdProblem | undefined {
  const id = input.trim().toUpperCase();
  if (id.length !== 18) return { kind: 'length', length: id.length };
  for (let i = 0; i < 18; i += 1) {
    const c = id.charAt(i);
    if (!(/\d/.test(c) || (i === 17 && c === 'X'))) return { kind: 'character', position: i + 1, character: c };
  }
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isRealDate(birthDate) || birthDate > today || birthDate < '1900-01-01') return { kind: 'birthDate', birthDate };
  const expected = citizenIdCheckCharacter(id.slice(0, 17));
  const actual = id.charAt(17);
  return expected === actual ? undefined : { kind: 'check', expected, actual };
}

/** For display: region and check kept, the rest hidden (`5201**********001X`). */
export function maskCitizenId(id: string): string {
  return `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(14)}`;
}

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}
