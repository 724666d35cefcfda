/**
 * Checking the platform's receipt (security.md §3.1) on the bidder's side: the platform's SM2
 * signature (over the root of the batch it was signed in, reached from the receipt by its path), that it quotes what was signed in the manifest, and — once a checkpoint covers it —
 * that its log entry is in the signed transparency log (RFC 9162 inclusion proof against the
 * SM2-signed checkpoint note), with the same functions the log's own verifier and the web use.
 */
import { asciiBytes, fromHex, parseCheckpointNote, receiptSignedBytes, verifyInclusion } from '@ggzy/contracts';
import { sm2 } from '../../../apps/server/src/platform/crypto/gm/index.js';
import { sm3 } from '../../../apps/server/src/platform/transparency/hashes.js';
import type { BidReceipt, PlatformClient } from './client.js';
import type { BidManifest } from './envelope.js';
import { bidtoolError } from './errors.js';

/** The receipt is signed by `platformPublicKey` (or the pinned key) and quotes the manifest. */
export function checkReceipt(receipt: BidReceipt, manifest: BidManifest, pinnedPlatformKey?: string): void {
  if (pinnedPlatformKey && sm2.normalisePublicKey(pinnedPlatformKey) !== sm2.normalisePublicKey(receipt.platformPublicKey)) {
    throw fail('signed by another key than the pinned platform key');
  }
  const signed = receiptSignedBytes(sm3, receipt);
  if (!signed.ok) throw fail(signed.reason);
  if (!sm2.verify(signed.bytes, Buffer.from(receipt.signature, 'base64'), receipt.platformPublicKey)) throw fail('bad platform signature');
  const quoted: Array<keyof BidManifest & keyof BidReceipt> = ['tenderId', 'sectionCode', 'bidderId', 'packageSm3', 'size'];
  for (const field of quoted)
    if (receipt[field] !== manifest[field])
      throw fail(`${field} is ${String(receipt[field])}, the manifest says ${String(manifest[field])}`);
}

const fail = (reason: string) => bidtoolError('RECEIPT_INVALID', { reason });

export interface InclusionEvidence {
  treeSize: number;
  rootSm3: string;
  checkpointNote: string;
  logPublicKey: string;
  proof: string[];
}

/**
 * Waits (polling, up to `timeoutMs`) for a checkpoint that covers the receipt's log entry and
 * verifies the inclusion proof and the checkpoint's signature. Undefined on time-out: the entry
 * may simply not be covered yet (checkpoints follow within about a second).
 */
export async function checkInclusion(
  client: PlatformClient,
  receipt: BidReceipt,
  options: { timeoutMs: number; logKey?: string },
): Promise<InclusionEvidence | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const reply = await client.call('GET', `/api/log/proofs/inclusion?index=${receipt.logIndex}&hash=sm3`);
    if (reply.status === 200) {
      const proof = reply.body as { treeSize: number; leafHash: string; proof: string[]; checkpoint: { note: string } | null };
      if (proof.checkpoint) {
        const logPublicKey = options.logKey ?? (await client.expect<{ publicKey: string }>('GET', '/api/log/key')).publicKey;
        if (proof.leafHash !== receipt.leafHashSm3) throw fail('the log holds another entry at the receipt’s index');
        const note = parseCheckpointNote(proof.checkpoint.note);
        if (!note.ok) throw fail(`checkpoint: ${note.reason}`);
        if (note.body.size !== proof.treeSize) throw fail('the checkpoint is for another tree size than the proof');
        const signed = note.signatures.some((s) => sm2.verify(asciiBytes(note.bodyText), s.signature, logPublicKey));
        if (!signed) throw fail('the checkpoint is not signed by the log key');
        const verdict = verifyInclusion(
          sm3,
          receipt.logIndex,
          proof.treeSize,
          fromHex(proof.leafHash),
          proof.proof.map(fromHex),
          note.body.rootSm3,
        );
        if (!verdict.ok) throw fail(`inclusion proof: ${verdict.reason}`);
        return {
          treeSize: proof.treeSize,
          rootSm3: Buffer.from(note.body.rootSm3).toString('hex'),
          checkpointNote: proof.checkpoint.note,
          logPublicKey,
          proof: proof.proof,
        };
      }
    } else if (reply.status !== 400 && reply.status !== 404 && reply.status !== 503) {
      throw fail(`inclusion proof: HTTP ${reply.status}`);
    }
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
