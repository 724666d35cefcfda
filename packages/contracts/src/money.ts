/**
 * Money as decimal strings (yuan, two decimals), never floats: compared and summed as integer
 * fen in bigint (domain/README.md, "Money").
 */
export const AMOUNT_PATTERN = '^\\d{1,16}(\\.\\d{1,2})?$';
const AMOUNT = new RegExp(AMOUNT_PATTERN);

export function isAmount(text: string): boolean {
  return AMOUNT.test(text);
}

export function toFen(amount: string): bigint {
  if (!isAmount(amount)) throw new RangeError(`"${amount}" is not an amount in yuan with at most two decimals`);
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

export function fromFen(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** -1, 0 or 1 as a < b, a = b, a > b. */
export function compareAmounts(a: string, b: string): number {
  const d = toFen(a) - toFen(b);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}

export function sumAmounts(amounts: readonly string[]): string {
  return fromFen(amounts.reduce((sum, a) => sum + toFen(a), 0n));
}

/** '4000000.00' → '4000000.00' (canonical two decimals). */
export function canonicalAmount(amount: string): string {
  return fromFen(toFen(amount));
}
