import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, totp, totpStep } from './totp.js';

// RFC 6238 Appendix B: seeds are ASCII "1234567890" repeated to the hash's key length; 8 digits.
const seed = (length: number) => Buffer.from('1234567890'.repeat(7).slice(0, length));
const vectors: Array<[number, string, string, string]> = [
  [59, '94287082', '46119246', 'SHA1/SHA256'],
  [1111111109, '07081804', '68084774', ''],
  [1111111111, '14050471', '67062674', ''],
  [1234567890, '89005924', '91819424', ''],
  [2000000000, '69279037', '90698825', ''],
  [20000000000, '65353130', '77737706', ''],
];

describe('TOTP (RFC 6238)', () => {
  it.each(vectors)('matches the RFC 6238 test vectors at T=%i', (seconds, sha1, sha256) => {
    const at = new Date(seconds * 1000);
    expect(totp(seed(20), at, 'SHA1', 8)).toBe(sha1);
    expect(totp(seed(32), at, 'SHA256', 8)).toBe(sha256);
  });

  it('matches RFC 4226 HOTP vectors for counters 0 and 9', () => {
    expect(hotp(seed(20), 0n, 'SHA1')).toBe('755224');
    expect(hotp(seed(20), 9n, 'SHA1')).toBe('520489');
  });

  it('accepts one step of drift either side and nothing further', () => {
    const secret = seed(20);
    const at = new Date('2026-03-02T01:00:15Z');
    const previous = totp(secret, new Date(at.getTime() - 30_000), 'SM3');
    expect(matchTotp(secret, previous, at, 'SM3')).toBe(totpStep(at) - 1n);
    const old = totp(secret, new Date(at.getTime() - 60_000), 'SM3');
    expect(matchTotp(secret, old, at, 'SM3')).toBeUndefined();
    expect(matchTotp(secret, 'abcdef', at, 'SM3')).toBeUndefined();
  });

  it('round-trips base32 (RFC 4648)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI').toString()).toBe('foobar');
  });
});
