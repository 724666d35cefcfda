import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) for the second factor that 等保
 * level 3 requires of staff, experts, supervisors and administrators. The HMAC is configurable:
 * SM3 for national-algorithm authenticators, SHA-256 (default, per security.md §5) or SHA-1 for
 * ordinary authenticator apps.
 */
export type TotpAlgorithm = 'SM3' | 'SHA256' | 'SHA1';

export const TOTP = { stepSeconds: 30, digits: 6, /** accepted clock drift, in steps either side */ window: 1 } as const;

const NODE_HASH: Record<TotpAlgorithm, string> = { SM3: 'sm3', SHA256: 'sha256', SHA1: 'sha1' };

export function hotp(secret: Buffer, counter: bigint, algorithm: TotpAlgorithm, digits: number = TOTP.digits): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(counter);
  const mac = createHmac(NODE_HASH[algorithm], secret).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export function totpStep(at: Date): bigint {
  return BigInt(Math.floor(at.getTime() / 1000 / TOTP.stepSeconds));
}

export function totp(secret: Buffer, at: Date, algorithm: TotpAlgorithm, digits: number = TOTP.digits): string {
  return hotp(secret, totpStep(at), algorithm, digits);
}

/**
 * The step the code belongs to, within the drift window, or undefined. Callers store the step
 * and refuse steps not after the last one used, so a code cannot be replayed.
 */
export function matchTotp(secret: Buffer, code: string, at: Date, algorithm: TotpAlgorithm): bigint | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const now = totpStep(at);
  for (let drift = -TOTP.window; drift <= TOTP.window; drift += 1) {
    const step = now + BigInt(drift);
    const expected = Buffer.from(hotp(secret, step, algorithm));
    if (timingSafeEqual(expected, Buffer.from(code))) return step;
  }
  return undefined;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32.charAt((value << (5 - bits)) & 31);
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`Not a base32 character: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The otpauth:// URI authenticator apps scan as a QR code. */
export function otpauthUri(input: { issuer: string; account: string; secret: Buffer; algorithm: TotpAlgorithm }): string {
  const label = encodeURIComponent(`${input.issuer}:${input.account}`);
  const params = new URLSearchParams({
    secret: base32Encode(input.secret),
    issuer: input.issuer,
    algorithm: input.algorithm,
    digits: String(TOTP.digits),
    period: String(TOTP.stepSeconds),
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}
