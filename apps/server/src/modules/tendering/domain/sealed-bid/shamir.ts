/**
 * Shamir secret sharing (1979) over the prime field GF(n), n = the SM2 curve order, so that a
 * share set reconstructs an SM2 private key directly (d < n). t-of-n: any t shares give the
 * secret; t − 1 shares give a value that is uniformly distributed and independent of it.
 *
 * Pure bigint arithmetic, no I/O; randomness from the caller (crypto.randomBytes in production).
 */

/** The SM2 curve order (GB/T 32918.5), a 256-bit prime. */
export const FIELD_PRIME = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

export interface Share {
  /** 1 … n (x = 0 is the secret). */
  x: number;
  /** 64 lower-case hex digits. */
  y: string;
}

const mod = (a: bigint, p = FIELD_PRIME) => ((a % p) + p) % p;

function modPow(base: bigint, exponent: bigint, p = FIELD_PRIME): bigint {
  let result = 1n;
  let b = mod(base, p);
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % p;
    b = (b * b) % p;
    e >>= 1n;
  }
  return result;
}

/** Inverse by Fermat's little theorem (p is prime). */
const inverse = (a: bigint) => modPow(a, FIELD_PRIME - 2n);

const toHex = (v: bigint) => v.toString(16).padStart(64, '0');

/** A uniformly random field element from `random(48)` bytes (reduction bias < 2^-128). */
function randomElement(random: (size: number) => Uint8Array): bigint {
  return mod(BigInt(`0x${Buffer.from(random(48)).toString('hex')}`));
}

/** Splits `secret` (hex, < n) into `count` shares, any `threshold` of which reconstruct it. */
export function splitSecret(secretHex: string, threshold: number, count: number, random: (size: number) => Uint8Array): Share[] {
  if (!Number.isInteger(threshold) || !Number.isInteger(count) || threshold < 2 || count < threshold || count > 255) {
    throw new RangeError(`threshold ${threshold} of ${count} is not a valid sharing (2 ≤ t ≤ n ≤ 255)`);
  }
  const secret = BigInt(`0x${secretHex}`);
  if (secret <= 0n || secret >= FIELD_PRIME) throw new RangeError('the secret must be in 1 … n − 1');
  const coefficients = [secret];
  for (let i = 1; i < threshold; i++) coefficients.push(randomElement(random));
  const shares: Share[] = [];
  for (let x = 1; x <= count; x++) {
    // Horner: a0 + x(a1 + x(a2 + …)).
    let y = 0n;
    for (let i = coefficients.length - 1; i >= 0; i--) y = mod(y * BigInt(x) + (coefficients[i] ?? 0n));
    shares.push({ x, y: toHex(y) });
  }
  return shares;
}

/**
 * Lagrange interpolation at 0. With fewer than the threshold, the result is simply a wrong value:
 * callers check it (e.g. against the opening public key) — `combineShares` cannot know t.
 */
export function combineShares(shares: readonly Share[]): string {
  const xs = new Set(shares.map((s) => s.x));
  if (shares.length === 0 || xs.size !== shares.length) throw new RangeError('shares must be non-empty with distinct x');
  let secret = 0n;
  for (const share of shares) {
    let numerator = 1n;
    let denominator = 1n;
    for (const other of shares) {
      if (other.x === share.x) continue;
      numerator = mod(numerator * BigInt(-other.x));
      denominator = mod(denominator * BigInt(share.x - other.x));
    }
    secret = mod(secret + BigInt(`0x${share.y}`) * numerator * inverse(denominator));
  }
  return toHex(secret);
}
