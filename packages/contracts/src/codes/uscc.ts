/**
 * Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 characters, the last a
 * mod-31 check character over the alphabet without I, O, S, V, Z (domain/codes.md §4).
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const FORMAT = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);

export function usccCheckCharacter(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += ALPHABET.indexOf(body17.charAt(i)) * (WEIGHTS[i] ?? 0);
  return ALPHABET.charAt((31 - (sum % 31)) % 31);
}

export type UsccProblem =
  | { kind: 'length'; length: number }
  | { kind: 'character'; position: number; character: string }
  | { kind: 'check'; expected: string; actual: string };

/** Returns undefined for a valid code, else the first problem (1-based positions). */
export function checkUscc(input: string): UsccProblem | undefined {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return { kind: 'length', length: code.length };
  if (!FORMAT.test(code)) {
    for (let i = 0; i < 18; i += 1) {
      const c = code.charAt(i);
      const ok = i >= 2 && i < 8 ? /\d/.test(c) : ALPHABET.includes(c);
      if (!ok) return { kind: 'character', position: i + 1, character: c };
    }
  }
  const expected = usccCheckCharacter(code.slice(0, 17));
  const actual = code.charAt(17);
  return expected === actual ? undefined : { kind: 'check', expected, actual };
}
