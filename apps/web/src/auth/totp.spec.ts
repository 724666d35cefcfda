import { describe, expect, it } from 'vitest';
import { base32Decode, canComputeTotp, totp } from './totp';

// RFC 6238 Appendix B test vectors (8 digits), with the secrets as base32.
const sha1Secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890"
const sha256Secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA'; // "12345678901234567890123456789012"

describe('browser TOTP (demo accounts)', () => {
  it('decodes base32', () => {
    expect(new TextDecoder().decode(base32Decode(sha1Secret))).toBe('12345678901234567890');
    expect(new TextDecoder().decode(base32Decode('gezdgnbv gy3tqojq'))).toBe('1234567890');
  });

  it('matches the RFC 6238 vectors for SHA-1 and SHA-256', async () => {
    expect(await totp(sha1Secret, new Date(59_000), 'SHA1', 8)).toBe('94287082');
    expect(await totp(sha1Secret, new Date(1_111_111_109_000), 'SHA1', 8)).toBe('07081804');
    expect(await totp(sha256Secret, new Date(59_000), 'SHA256', 8)).toBe('46119246');
    expect(await totp(sha256Secret, new Date(20_000_000_000_000), 'SHA256', 8)).toBe('77737706');
    expect(await totp(sha256Secret, new Date(59_000))).toBe('119246');
  });

  it('declines SM3, which Web Crypto does not offer', () => {
    expect(canComputeTotp('SM3')).toBe(false);
    expect(canComputeTotp('SHA256')).toBe(true);
    expect(canComputeTotp(undefined)).toBe(true);
  });
});
