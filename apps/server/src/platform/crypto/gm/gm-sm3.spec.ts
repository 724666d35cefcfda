import { describe, expect, it } from 'vitest';
import { createSm3, hmacSm3, sm3, sm3Hex } from './index.js';
import { GM_VECTORS_DIR, loadGmVectors } from './testing/vectors.js';

const vectors = loadGmVectors();
const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));

describe('gm known-answer vectors', () => {
  it('are read from ../shared/reference/gm-crypto next to the repository, checked against SOURCES.md', () => {
    expect(GM_VECTORS_DIR.replaceAll('\\', '/')).toMatch(/\/shared\/reference\/gm-crypto$/);
    expect(vectors.sm3.length + vectors.sm4.length + vectors.sm2.signature.length + vectors.sm2.encryption.length).toBe(14);
  });

  it('fail loudly when the folder is missing', () => {
    expect(() => loadGmVectors('/nonexistent/shared/reference/gm-crypto')).toThrow(/GM test vectors not found/);
  });
});

describe('gm SM3 (GB/T 32905) known answers', () => {
  it.each(vectors.sm3)('$id', (v) => {
    expect(sm3Hex(bytes(v.message_hex))).toBe(v.digest.toLowerCase());
    expect(Buffer.from(sm3(bytes(v.message_hex))).toString('hex')).toBe(v.digest.toLowerCase());
  });

  it('has the empty-input digest of security.md §4', () => {
    expect(sm3Hex(new Uint8Array(0))).toBe('1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b');
  });

  it('hashes incrementally to the same digest', () => {
    const [first] = vectors.sm3.filter((v) => v.id === 'sm3-example-2');
    if (!first) throw new Error('vector sm3-example-2 missing');
    const message = bytes(first.message_hex);
    const hash = createSm3();
    for (let i = 0; i < message.length; i += 7) hash.update(message.subarray(i, i + 7));
    expect(hash.digest('hex')).toBe(first.digest.toLowerCase());
  });

  it('computes HMAC-SM3 with the HMAC construction (RFC 2104 over SM3)', () => {
    const key = new Uint8Array(Buffer.from('key'));
    const data = new Uint8Array(Buffer.from('The quick brown fox jumps over the lazy dog'));
    // Independent HMAC from the definition: H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)).
    const block = Buffer.alloc(64);
    Buffer.from(key).copy(block);
    const ipad = Buffer.from(block.map((b) => b ^ 0x36));
    const opad = Buffer.from(block.map((b) => b ^ 0x5c));
    const expected = sm3(Buffer.concat([opad, sm3(Buffer.concat([ipad, data]))]));
    expect(Buffer.from(hmacSm3(key, data)).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
  });
});
