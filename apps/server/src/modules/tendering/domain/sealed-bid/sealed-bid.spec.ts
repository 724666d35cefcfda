import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sm2 } from '../../../../platform/crypto/gm/index.js';
import { createSealer, EnvelopeError, keyCommitment, looksSealed, newDataKey, open, packageHash, seal, unwrapKey, wrapKey } from './envelope.js';
import { combineShares, FIELD_PRIME, type Share, splitSecret } from './shamir.js';

function subsets<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  return items.flatMap((item, i) => subsets(items.slice(i + 1), size - 1).map((rest) => [item, ...rest]));
}

describe('Shamir t-of-n over the SM2 order (security.md §2.2 S3)', () => {
  const opening = sm2.generateKeyPair();
  const shares = splitSecret(sm2.privateKeyHex(opening.privateKey), 3, 5, randomBytes);

  it('any 3 of 5 shares rebuild the opening private key (all 10 subsets)', () => {
    for (const subset of subsets(shares, 3)) {
      const key = combineShares(subset);
      expect(sm2.publicKeyOf(key)).toBe(sm2.publicKeyOf(opening.privateKey));
    }
  });

  it('t − 1 = 2 shares fail: no pair of the 10 rebuilds the key', () => {
    for (const subset of subsets(shares, 2)) {
      expect(combineShares(subset)).not.toBe(sm2.privateKeyHex(opening.privateKey));
    }
  });

  it('4 and 5 shares work too; a altered share breaks the result', () => {
    expect(combineShares(shares)).toBe(sm2.privateKeyHex(opening.privateKey));
    expect(combineShares(shares.slice(1))).toBe(sm2.privateKeyHex(opening.privateKey));
    const first = shares[0] ?? { x: 1, y: '00' };
    const altered: Share = { x: first.x, y: ((BigInt(`0x${first.y}`) + 1n) % FIELD_PRIME).toString(16).padStart(64, '0') };
    expect(combineShares([altered, ...shares.slice(1, 3)])).not.toBe(sm2.privateKeyHex(opening.privateKey));
  });

  it('property: random secrets, thresholds 2…5 of up to 7 shares', () => {
    for (let round = 0; round < 30; round++) {
      const secret = sm2.privateKeyHex(sm2.generateKeyPair().privateKey);
      const t = 2 + (round % 4);
      const n = t + (round % 3);
      const all = splitSecret(secret, t, n, randomBytes);
      expect(combineShares(all.slice(n - t))).toBe(secret);
      expect(combineShares(all.slice(0, t - 1))).not.toBe(secret);
    }
  });

  it('refuses invalid sharings', () => {
    expect(() => splitSecret('01', 1, 5, randomBytes)).toThrow(RangeError);
    expect(() => splitSecret('01', 4, 3, randomBytes)).toThrow(RangeError);
    expect(() => splitSecret(FIELD_PRIME.toString(16), 2, 3, randomBytes)).toThrow(RangeError);
    expect(() => combineShares([{ x: 1, y: '01' }, { x: 1, y: '02' }])).toThrow(RangeError);
  });
});

describe('sealed-bid envelope ggzy-bid/1', () => {
  it('seals and opens; streaming in pieces gives the same bytes as one call', () => {
    const key = newDataKey();
    const iv = randomBytes(16);
    const plaintext = randomBytes(200_000);
    const sealed = seal(key, plaintext, iv);
    const sealer = createSealer(key, iv);
    const pieces = [sealer.header, sealer.update(plaintext.subarray(0, 777)), sealer.update(plaintext.subarray(777)), sealer.final()];
    expect(Buffer.concat(pieces).equals(sealed)).toBe(true);
    expect(open(key, sealed).equals(plaintext)).toBe(true);
    expect(looksSealed(sealed)).toBe(true);
    expect(looksSealed(Buffer.from('%PDF-1.7'))).toBe(false);
  });

  it('holds only ciphertext: the plaintext does not appear in the sealed bytes', () => {
    const plaintext = Buffer.from('投标总价：人民币壹仟肆佰伍拾万元整 14500000.00'.repeat(10));
    const sealed = seal(newDataKey(), plaintext);
    expect(sealed.includes(Buffer.from('14500000.00'))).toBe(false);
    expect(sealed.includes(Buffer.from('投标总价'))).toBe(false);
  });

  it('a wrong key or one flipped bit fails authentication', () => {
    const key = newDataKey();
    const sealed = seal(key, Buffer.from('bid'));
    expect(() => open(newDataKey(), sealed)).toThrow(EnvelopeError);
    const flipped = Buffer.from(sealed);
    flipped[20] = (flipped[20] ?? 0) ^ 1;
    expect(() => open(key, flipped)).toThrow(/authenticate/);
    expect(() => open(key, Buffer.from('plain text, not sealed at all, long enough to pass the size check'))).toThrow(/not a ggzy-bid/);
  });

  it('wraps the data key to an SM2 key; only that private key unwraps it', () => {
    const bidder = sm2.generateKeyPair();
    const other = sm2.generateKeyPair();
    const key = newDataKey();
    const wrapped = wrapKey(key, bidder.publicKey);
    expect(unwrapKey(wrapped, bidder.privateKey).equals(key)).toBe(true);
    expect(() => unwrapKey(wrapped, other.privateKey)).toThrow(Error);
  });

  it('commits to the key and to the chunk list', () => {
    const key = newDataKey();
    expect(keyCommitment(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(keyCommitment(key)).not.toBe(keyCommitment(newDataKey()));
    const a = packageHash(['00'.repeat(32), '11'.repeat(32)]);
    expect(a).not.toBe(packageHash(['11'.repeat(32), '00'.repeat(32)]));
    expect(a).not.toBe(packageHash(['00'.repeat(32)]));
  });
});
