import { canonicalJson } from '../canonical-json.js';
import { asciiBytes } from '../merkle/checkpoint.js';
import { fromHex, toBase64, toHex } from '../merkle/encoding.js';
import { type HashFn, leafHash, merkleRootAndPaths, rootFromInclusionProof } from '../merkle/merkle.js';

/**
 * The bid receipt (security.md §3.1), format 2: what the platform states about one committed bid,
 * signed in batches. The commits that end in one transaction get one SM2 signature between them
 * (one signature per receipt was a third of the commit's CPU, docs/adr/0003): the receipts are the
 * leaves of an RFC 9162 Merkle tree over SM3, the platform signs the batch's root, and each receipt
 * carries its index in the batch and its inclusion path. A receipt re-issued later is a batch of one
 * (empty path, root = its own leaf hash). The server, the browser and the CLI verify with this code.
 */
export interface BidReceiptFields {
  receiptId: number;
  bidId: string;
  tenderId: string;
  sectionCode: string;
  bidderId: string;
  version: number;
  packageSm3: string;
  size: number;
  receivedAt: string;
  logIndex: number;
  leafHashSm3: string;
  signatureAlgorithm: 'SM2-SM3';
  platformPublicKey: string;
}

/** Where a receipt sits in the batch the platform signed: leaf `index` of `size`, and its path (hex). */
export interface ReceiptBatch {
  size: number;
  index: number;
  path: string[];
}

export interface BidReceipt extends BidReceiptFields {
  batch: ReceiptBatch;
  /** SM2 (SM3, default ID) over receiptBatchSigningBytes(batch root, batch size), DER, base64. */
  signature: string;
}

/** Leaf hash of a receipt: H(0x00 ‖ canonical JSON of its fields, without batch and signature). */
export function receiptLeafHash(hash: HashFn, receipt: BidReceiptFields): Uint8Array {
  // Named one by one: a whole receipt (batch, signature) or a client's object with more
  // properties may be passed, and only the format's fields are signed.
  const fields: BidReceiptFields = {
    receiptId: receipt.receiptId,
    bidId: receipt.bidId,
    tenderId: receipt.tenderId,
    sectionCode: receipt.sectionCode,
    bidderId: receipt.bidderId,
    version: receipt.version,
    packageSm3: receipt.packageSm3,
    size: receipt.size,
    receivedAt: receipt.receivedAt,
    logIndex: receipt.logIndex,
    leafHashSm3: receipt.leafHashSm3,
    signatureAlgorithm: receipt.signatureAlgorithm,
    platformPublicKey: receipt.platformPublicKey,
  };
  return leafHash(hash, new TextEncoder().encode(canonicalJson(fields)));
}

/** The bytes the platform signs for a batch: a short ASCII note naming the format, the size and the root. */
export function receiptBatchSigningBytes(root: Uint8Array, size: number): Uint8Array {
  return asciiBytes(`ggzy/bid-receipts/2\n${size}\n${toBase64(root)}\n`);
}

/**
 * A batch of receipts, ready to sign: the bytes to sign once, and each receipt with its place in
 * the batch (`sign` adds the one signature to all).
 */
export function receiptBatch(hash: HashFn, receipts: readonly BidReceiptFields[]): { signingBytes: Uint8Array; sign(signature: string): BidReceipt[] } {
  const { root, paths } = merkleRootAndPaths(
    hash,
    receipts.map((r) => receiptLeafHash(hash, r)),
  );
  const size = receipts.length;
  return {
    signingBytes: receiptBatchSigningBytes(root, size),
    sign: (signature) => receipts.map((r, index) => ({ ...r, batch: { size, index, path: (paths[index] ?? []).map(toHex) }, signature })),
  };
}

/**
 * The bytes a receipt's signature must verify over (its batch note), recomputed from the receipt
 * itself: its leaf hash, carried up its path to the batch root. A changed field or path leads to
 * another root, and so to bytes the signature does not cover. The caller verifies the SM2
 * signature over these bytes with its own SM2 (node:crypto, sm-crypto-v2).
 */
export function receiptSignedBytes(hash: HashFn, receipt: BidReceipt): { ok: true; bytes: Uint8Array } | { ok: false; reason: string } {
  const { batch } = receipt;
  let path: Uint8Array[];
  try {
    path = batch.path.map(fromHex);
  } catch {
    return { ok: false, reason: 'the batch path is not hex' };
  }
  const root = rootFromInclusionProof(hash, batch.index, batch.size, receiptLeafHash(hash, receipt), path);
  if (!root.ok) return { ok: false, reason: `batch path: ${root.reason}` };
  return { ok: true, bytes: receiptBatchSigningBytes(root.root, batch.size) };
}
