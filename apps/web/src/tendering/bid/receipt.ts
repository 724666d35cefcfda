import { fromBase64, fromHex, receiptSignedBytes } from '@ggzy/contracts';
import { api } from '../../api/client';
import type { Checkpoint } from '../../api/types';
import { type Check, sm3Hash, verifyCheckpointInclusion, verifySm2Der } from '../../crypto/transparency';
import type { BidReceipt } from './api';

/**
 * Checks a bid receipt in the browser: the platform's SM2 signature over the root of the batch the
 * receipt was signed in, reached from the receipt's own fields by its path (receipt format 2,
 * @ggzy/contracts sealed-bid/receipt.ts — the code the server signs with), and that the log leaf it names is in the tree the
 * log's signed checkpoint commits to (RFC 9162 inclusion proof, crypto/transparency.ts). The
 * entry's own bytes are not public (they name people), so the leaf hash is taken from the receipt
 * — which the signature binds.
 */
export type ReceiptCheckKey = 'receiptSignature' | 'signature' | 'checkpoint' | 'inclusion';

export interface ReceiptVerification {
  ok: boolean;
  checks: Array<{ key: ReceiptCheckKey; ok: boolean; reason?: string }>;
  treeSize: number;
  rootSm3: string;
}

export function verifyReceiptSignature(receipt: BidReceipt): boolean {
  try {
    const signed = receiptSignedBytes(sm3Hash, receipt);
    return signed.ok && verifySm2Der(signed.bytes, fromBase64(receipt.signature), receipt.platformPublicKey);
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function verifyReceipt(receipt: BidReceipt): Promise<ReceiptVerification> {
  const index = receipt.logIndex;
  let checkpoint: Checkpoint = await api.get('/api/log/checkpoint');
  // A new entry is covered by a checkpoint within about a second.
  for (let attempt = 0; checkpoint.treeSize <= index && attempt < 10; attempt += 1) {
    await sleep(500);
    checkpoint = await api.get('/api/log/checkpoint');
  }
  const signatureOk = verifyReceiptSignature(receipt);
  const first = { key: 'receiptSignature' as const, ok: signatureOk, ...(signatureOk ? {} : { reason: 'the platform signature does not verify' }) };
  if (checkpoint.treeSize <= index) {
    const reason = `entry ${index} is not yet in a signed checkpoint`;
    return { ok: false, checks: [first, ...(['signature', 'checkpoint', 'inclusion'] as const).map((key) => ({ key, ok: false, reason }))], treeSize: checkpoint.treeSize, rootSm3: checkpoint.rootSm3 };
  }
  const [key, proof] = await Promise.all([
    api.get('/api/log/key'),
    api.get('/api/log/proofs/inclusion', { query: { index, treeSize: checkpoint.treeSize, hash: 'sm3' } }),
  ]);
  const leaf = fromHex(receipt.leafHashSm3);
  const checks: Check[] = proof.leafHash.toLowerCase() === receipt.leafHashSm3.toLowerCase() ? verifyCheckpointInclusion({ index, leaf, checkpoint, key, proof }) : [{ key: 'inclusion', ok: false, reason: 'the proof is for another leaf' }];
  const mapped = (['signature', 'checkpoint', 'inclusion'] as const).map((k) => {
    const found = checks.find((c) => c.key === k);
    return found ? { key: k, ok: found.ok, ...(found.reason ? { reason: found.reason } : {}) } : { key: k, ok: false, reason: 'not checked' };
  });
  const all = [first, ...mapped];
  return { ok: all.every((c) => c.ok), checks: all, treeSize: checkpoint.treeSize, rootSm3: checkpoint.rootSm3 };
}
