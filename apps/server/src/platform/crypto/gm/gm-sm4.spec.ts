import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSm4Cipher, createSm4Decipher, sm4Decrypt, sm4Encrypt, sm4GcmDecrypt, sm4GcmEncrypt, type Sm4Mode } from './index.js';
import { loadGmVectors } from './testing/vectors.js';

const vectors = loadGmVectors();
const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

function modeOf(label: string): Sm4Mode {
  const mode = label.split(/[ ,(]/)[0]?.toLowerCase();
  if (mode === 'ecb' || mode === 'cbc' || mode === 'cfb' || mode === 'ofb' || mode === 'ctr') return mode;
  throw new Error(`unknown mode ${label}`);
}

describe('gm SM4 (GB/T 32907) known answers', () => {
  const single = vectors.sm4.filter((v) => !v.iterations && !v.mode.startsWith('GCM'));
  it.each(single)('$id', (v) => {
    const mode = modeOf(v.mode);
    const options = { ...(v.iv ? { iv: bytes(v.iv) } : {}), ...(mode === 'ecb' || mode === 'cbc' ? { padding: false } : {}) };
    expect(hexOf(sm4Encrypt(mode, bytes(v.key), bytes(v.plaintext), options))).toBe(v.ciphertext.toLowerCase());
    expect(hexOf(sm4Decrypt(mode, bytes(v.key), bytes(v.ciphertext), options))).toBe(v.plaintext.toLowerCase());
  });

  it('passes the 1,000,000-fold ECB vector (GB/T 32907 Annex A example 2), both directions', () => {
    const v = vectors.sm4.find((x) => x.iterations);
    if (!v?.iterations) throw new Error('iterated SM4 vector missing');
    const cipher = createSm4Cipher('ecb', bytes(v.key), { padding: false });
    let block: Buffer = Buffer.from(v.plaintext, 'hex');
    for (let i = 0; i < v.iterations; i += 1) block = cipher.update(block);
    expect(block.toString('hex')).toBe(v.ciphertext.toLowerCase());
    const decipher = createSm4Decipher('ecb', bytes(v.key), { padding: false });
    for (let i = 0; i < v.iterations; i += 1) block = decipher.update(block);
    expect(block.toString('hex')).toBe(v.plaintext.toLowerCase());
  }, 30_000);

  it('runs the RFC 8998 SM4-GCM vector in the JS fallback and rejects a forged tag', () => {
    const v = vectors.sm4.find((x) => x.mode.startsWith('GCM'));
    const [iv, tag, aad] = [v?.iv, v?.tag, v?.aad];
    if (!v || !iv || !tag || !aad) throw new Error('SM4-GCM vector missing');
    const sealed = sm4GcmEncrypt(bytes(v.key), bytes(iv), bytes(v.plaintext), bytes(aad));
    expect(hexOf(sealed.ciphertext)).toBe(v.ciphertext.toLowerCase());
    expect(hexOf(sealed.tag)).toBe(tag.toLowerCase());
    expect(hexOf(sm4GcmDecrypt(bytes(v.key), bytes(iv), sealed, bytes(aad)))).toBe(v.plaintext.toLowerCase());
    const forged = { ciphertext: sealed.ciphertext, tag: Uint8Array.from(sealed.tag, (b, i) => (i === 0 ? b ^ 1 : b)) };
    expect(() => sm4GcmDecrypt(bytes(v.key), bytes(iv), forged, bytes(aad))).toThrow(/authentication failed/);
    expect(() => sm4GcmDecrypt(bytes(v.key), bytes(iv), sealed, new Uint8Array(0))).toThrow(/authentication failed/);
  });

  it('documents that Node 20 has no native SM4-GCM', () => {
    expect(() => createCipheriv('sm4-gcm', randomBytes(16), randomBytes(12))).toThrow(/Unknown cipher|Invalid/i);
  });

  it('round-trips CBC with PKCS#7 padding and CTR on odd lengths', () => {
    const key = randomBytes(16);
    const iv = randomBytes(16);
    for (const length of [0, 1, 15, 16, 17, 1000]) {
      const data = randomBytes(length);
      expect(Buffer.from(sm4Decrypt('cbc', key, sm4Encrypt('cbc', key, data, { iv }), { iv })).equals(data)).toBe(true);
      const ctr = sm4Encrypt('ctr', key, data, { iv });
      expect(ctr.length).toBe(length);
      expect(Buffer.from(sm4Decrypt('ctr', key, ctr, { iv })).equals(data)).toBe(true);
    }
  });

  it('refuses wrong key and IV sizes', () => {
    expect(() => sm4Encrypt('ecb', randomBytes(15), randomBytes(16))).toThrow(/16 bytes/);
    expect(() => sm4Encrypt('cbc', randomBytes(16), randomBytes(16))).toThrow(/IV/);
    expect(() => sm4Encrypt('ctr', randomBytes(16), randomBytes(16), { iv: randomBytes(16), padding: true })).toThrow(/padding/);
  });
});
