import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { merkleRootAndPaths, verifyInclusion } from '../merkle/merkle.js';
import { type BidReceiptFields, receiptBatch, receiptSignedBytes } from './receipt.js';

const sm3 = (data: Uint8Array): Uint8Array => createHash('sm3').update(data).digest();
const leaf = (n: number) => sm3(Uint8Array.of(n));

describe('merkleRootAndPaths: a small tree and every path at once', () => {
  it('gives paths that the RFC 9162 verifier (conformance-tested) accepts, for every size up to 40, and only at their own index', () => {
    for (let size = 1; size <= 40; size += 1) {
      const leaves = Array.from({ length: size }, (_, i) => leaf(i));
      const { root, paths } = merkleRootAndPaths(sm3, leaves);
      expect(paths).toHaveLength(size);
      leaves.forEach((l, i) => {
        expect(verifyInclusion(sm3, i, size, l, paths[i] ?? [], root)).toEqual({ ok: true });
        // At any other index the same path leads elsewhere (a lone leaf has no other index).
        expect(size === 1 || !verifyInclusion(sm3, (i + 1) % size, size, l, paths[i] ?? [], root).ok).toBe(true);
      });
    }
  });

  it('takes a lone leaf as its own root', () => {
    expect(merkleRootAndPaths(sm3, [leaf(7)])).toEqual({ root: leaf(7), paths: [[]] });
  });
});

const fields = (n: number): BidReceiptFields => ({
  receiptId: 100 + n,
  bidId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  tenderId: '00000000-0000-4000-8000-000000000001',
  sectionCode: 'E5201150000000000001001',
  bidderId: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
  version: 1,
  packageSm3: 'ab'.repeat(32),
  size: 4096 + n,
  receivedAt: '2026-11-27T09:00:00.000Z',
  logIndex: 100 + n,
  leafHashSm3: 'cd'.repeat(32),
  signatureAlgorithm: 'SM2-SM3',
  platformPublicKey: '04…',
});

describe('bid receipts signed in batches (format 2)', () => {
  // An ECDSA key stands in for SM2 here: the format is about which bytes are signed, not the curve.
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

  it('verifies every receipt of a batch with the one signature, and none once a field or its path is changed', () => {
    const batch = receiptBatch(sm3, Array.from({ length: 13 }, (_, n) => fields(n)));
    const receipts = batch.sign(sign('sha256', batch.signingBytes, privateKey).toString('base64'));
    expect(new Set(receipts.map((r) => r.signature)).size).toBe(1);
    for (const receipt of receipts) {
      const signed = receiptSignedBytes(sm3, receipt);
      if (!signed.ok) throw new Error(signed.reason);
      expect(verify('sha256', signed.bytes, publicKey, Buffer.from(receipt.signature, 'base64'))).toBe(true);
    }
    const [, , , original] = receipts;
    if (!original) throw new Error('no fourth receipt');
    const forged = [
      { ...original, size: 1 },
      { ...original, receivedAt: '2026-11-27T08:59:59.999Z' },
      { ...original, batch: { ...original.batch, index: 4 } },
      { ...original, batch: { ...original.batch, path: original.batch.path.toReversed() } },
    ];
    for (const receipt of forged) {
      const signed = receiptSignedBytes(sm3, receipt);
      expect(signed.ok && verify('sha256', signed.bytes, publicKey, Buffer.from(receipt.signature, 'base64'))).toBe(false);
    }
  });

  it('names what is wrong with a path that cannot be followed', () => {
    const [receipt] = receiptBatch(sm3, [fields(1), fields(2)]).sign('');
    if (!receipt) throw new Error('no receipt');
    expect(receiptSignedBytes(sm3, { ...receipt, batch: { size: 2, index: 0, path: [] } })).toEqual({ ok: false, reason: 'batch path: the proof is shorter than the path from the leaf to the root' });
    expect(receiptSignedBytes(sm3, { ...receipt, batch: { size: 2, index: 0, path: ['zz'] } })).toEqual({ ok: false, reason: 'the batch path is not hex' });
  });
});
