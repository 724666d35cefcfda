/**
 * Exact decimal arithmetic for evaluation (formulas.md §0): every value is a fraction of two
 * bigints, so sums, means and ratios are exact and the only rounding is the explicit HALF_UP
 * (half away from zero) at the scale a formula names. Values cross module boundaries as decimal
 * strings ('58.40', '-0.0160'); money stays yuan strings with two decimals (@ggzy/contracts money).
 *
 * Why not a decimal library with 28 significant digits: a fraction is exact, has no precision
 * setting to get wrong, and needs no dependency; evaluation sizes (tens of bids) make its cost
 * irrelevant.
 */
export interface Fraction {
  readonly n: bigint;
  /** Always > 0. */
  readonly d: bigint;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

export function fraction(n: bigint, d: bigint = 1n): Fraction {
  if (d === 0n) throw new RangeError('Division by zero');
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d);
  return { n: (sign * n) / g, d: (sign * d) / g };
}

/** '9850000.00' → 985000000/100 (reduced). Throws on anything but a plain decimal. */
export function dec(text: string | number | bigint): Fraction {
  if (typeof text === 'bigint') return fraction(text);
  if (typeof text === 'number') {
    if (!Number.isSafeInteger(text)) throw new RangeError(`${text} is not a safe integer; pass decimals as strings`);
    return fraction(BigInt(text));
  }
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new RangeError(`"${text}" is not a decimal number`);
  const [, minus, whole = '0', frac = ''] = m;
  const n = BigInt(whole + frac) * (minus ? -1n : 1n);
  return fraction(n, 10n ** BigInt(frac.length));
}

export const ZERO = fraction(0n);
export const ONE = fraction(1n);

export const add = (a: Fraction, b: Fraction) => fraction(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Fraction, b: Fraction) => fraction(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Fraction, b: Fraction) => fraction(a.n * b.n, a.d * b.d);
export const div = (a: Fraction, b: Fraction) => {
  if (b.n === 0n) throw new RangeError('Division by zero');
  return fraction(a.n * b.d, a.d * b.n);
};
export const neg = (a: Fraction) => fraction(-a.n, a.d);
export const abs = (a: Fraction) => (a.n < 0n ? neg(a) : a);
/** -1, 0 or 1. */
export const cmp = (a: Fraction, b: Fraction): number => {
  const x = a.n * b.d - b.n * a.d;
  return x === 0n ? 0 : x < 0n ? -1 : 1;
};
export const max = (a: Fraction, b: Fraction) => (cmp(a, b) >= 0 ? a : b);
export const min = (a: Fraction, b: Fraction) => (cmp(a, b) <= 0 ? a : b);
export const sum = (values: readonly Fraction[]) => values.reduce(add, ZERO);
export const mean = (values: readonly Fraction[]) => {
  if (values.length === 0) throw new RangeError('Mean of no values');
  return div(sum(values), fraction(BigInt(values.length)));
};

/** Rounds half away from zero (HALF_UP, Java BigDecimal / decimal.js ROUND_HALF_UP) to `scale` decimals. */
export function roundHalfUp(a: Fraction, scale: number): Fraction {
  if (!Number.isInteger(scale) || scale < 0) throw new RangeError(`Scale ${scale} must be a non-negative integer`);
  const factor = 10n ** BigInt(scale);
  const negative = a.n < 0n;
  const scaled = (negative ? -a.n : a.n) * factor;
  let q = scaled / a.d;
  const r = scaled % a.d;
  if (2n * r >= a.d) q += 1n;
  return fraction(negative ? -q : q, factor);
}

/** Exact decimal text with exactly `scale` decimals; the value must already be representable (round first). */
export function toFixed(a: Fraction, scale: number): string {
  const factor = 10n ** BigInt(scale);
  if ((a.n * factor) % a.d !== 0n) throw new RangeError(`Value is not exact at ${scale} decimals; round it first`);
  const units = (a.n * factor) / a.d;
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** round + toFixed in one step: the usual way a value leaves this module. */
export const fixed = (a: Fraction, scale: number) => toFixed(roundHalfUp(a, scale), scale);
