/**
 * Money in the auction engine: decimal strings (yuan, two decimals) at the edges, integer fen
 * as bigint inside, never binary floating point (domain/README.md, "Money").
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

/** '50000000' → '50000000.00'. */
export function canonicalAmount(amount: string): string {
  return fromFen(toFen(amount));
}
