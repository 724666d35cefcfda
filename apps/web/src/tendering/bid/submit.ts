import { bidManifestBytes, type BidManifest, toBase64, toHex } from '@ggzy/contracts';
import { rawSignatureToDer, signRaw } from '../../crypto/keys';
import type { CertificateSigner } from '../../crypto/signer';
import { type BidReceipt, commitBid, putChunk, startUpload, uploadStatus } from './api';
import { buildManifest, newDataKey, type OpeningSummary, type SealedPackage, sealFile, sealSummary } from './seal';

/**
 * From a chosen file to a receipt: seal in the page, sign the manifest with the certificate key,
 * upload the chunks (resumable), commit. Nothing secret leaves the page: the server gets the
 * ciphertext, hashes and K wrapped to the bidder's and the opening's public keys; K itself is
 * dropped once wrapped (at opening the bidder unwraps it again with the same certificate key).
 */
export interface PreparedBid {
  tenderId: string;
  sectionCode: string;
  manifest: BidManifest;
  sealed: SealedPackage;
  commitBody: { manifest: BidManifest; summary: string; signature: string; certificate: string };
}

export class NotSm2CertificateError extends Error {
  constructor() {
    super('bids are sealed to an SM2 certificate key');
    this.name = 'NotSm2CertificateError';
  }
}

export async function prepareBid(input: {
  tenderId: string;
  sectionCode: string;
  bidderId: string;
  version: number;
  file: Blob;
  summary: OpeningSummary;
  signer: CertificateSigner;
  openingPublicKey: string;
  chunkSize: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<PreparedBid> {
  const { signer } = input;
  if (signer.key.algorithm !== 'SM2') throw new NotSm2CertificateError();
  const dataKey = newDataKey();
  try {
    const sealed = await sealFile(dataKey, input.file, { chunkSize: input.chunkSize, ...(input.onProgress ? { onProgress: input.onProgress } : {}) });
    const summary = sealSummary(dataKey, input.summary);
    const manifest = buildManifest({
      tenderId: input.tenderId,
      sectionCode: input.sectionCode,
      bidderId: input.bidderId,
      version: input.version,
      sealed,
      summary,
      dataKey,
      bidderPublicKey: toHex(signer.key.publicPoint),
      openingPublicKey: input.openingPublicKey,
    });
    const signature = rawSignatureToDer(await signRaw(signer.key, bidManifestBytes(manifest)));
    return {
      tenderId: input.tenderId,
      sectionCode: input.sectionCode,
      manifest,
      sealed,
      commitBody: { manifest, summary: toBase64(summary), signature: toBase64(signature), certificate: signer.certificate.pem },
    };
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Uploads a prepared bid and commits it. Keeps its upload id and idempotency keys, so `run` may
 * be called again after an interruption: it asks which chunks arrived (with the right SM3) and
 * sends only the others; a repeated commit with the same key returns the same receipt.
 */
export class BidUploader {
  private uploadId: string | undefined;
  private readonly startKey = crypto.randomUUID();
  private readonly commitKey = crypto.randomUUID();

  constructor(private readonly bid: PreparedBid) {}

  async run(onProgress: (sentBytes: number, totalBytes: number) => void): Promise<BidReceipt> {
    const { bid } = this;
    this.uploadId ??= (await startUpload(bid.tenderId, bid.sectionCode, this.startKey)).uploadId;
    const uploadId = this.uploadId;
    const status = await uploadStatus(uploadId);
    if (status.status === 'open') {
      const present = new Set(status.chunks.filter((c) => bid.sealed.chunkSm3[c.index] === c.sm3).map((c) => c.index));
      let sent = bid.sealed.chunks.reduce((sum, chunk, index) => sum + (present.has(index) ? chunk.length : 0), 0);
      onProgress(sent, bid.sealed.size);
      for (const [index, chunk] of bid.sealed.chunks.entries()) {
        if (present.has(index)) continue;
        await putChunk(uploadId, index, chunk, bid.sealed.chunkSm3[index] ?? '');
        sent += chunk.length;
        onProgress(sent, bid.sealed.size);
      }
    }
    return commitBid(uploadId, bid.commitBody, this.commitKey);
  }
}
