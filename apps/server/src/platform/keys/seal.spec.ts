import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from './seal.js';

describe('sealing secrets at rest (SM4-CBC + HMAC-SM3)', () => {
  const kek = randomBytes(32);

  it('opens what it sealed, with a fresh IV each time', () => {
    const secret = Buffer.from('私钥 private key material');
    const a = sealSecret(kek, secret);
    const b = sealSecret(kek, secret);
    expect(a).not.toBe(b);
    expect(openSecret(kek, a)).toEqual(secret);
  });

  it('refuses a sealed value whose ciphertext was altered', () => {
    const sealed = sealSecret(kek, Buffer.from('0123456789abcdef0123'));
    const [v, iv, ct, mac] = sealed.split('.');
    const bytes = Buffer.from(ct ?? '', 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    expect(() => openSecret(kek, [v, iv, bytes.toString('base64'), mac].join('.'))).toThrow(/integrity/);
  });

  it('refuses the wrong key-encryption key', () => {
    expect(() => openSecret(randomBytes(32), sealSecret(kek, Buffer.from('x')))).toThrow(/integrity/);
  });
});
