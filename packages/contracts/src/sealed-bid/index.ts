import { canonicalJson } from '../canonical-json.js';
import { concat } from '../asn1/der.js';

/**
 * The pure parts of the sealed-bid envelope `ggzy-bid/1` (apps/server/src/modules/tendering
 * README "Sealed bids"): constants, the exact bytes that are hashed or signed, and the manifest.
 * The server (node:crypto) and the browser (sm-crypto-v2) each bring their own SM3/SM4/SM2 and
 * build on these, so the two can never disagree on a label, a byte order or a JSON key order.
 */
export const SEALED_BID_FORMAT = 'ggzy-bid/1';
export const SEALED_BID_CIPHER_SUITE = 'SM4-CTR+HMAC-SM3';
/** ASCII "GGZYBID1": the first 8 bytes of every sealed file (EB4: an unsealed upload is refused). */
export const SEALED_BID_MAGIC = Uint8Array.of(0x47, 0x47, 0x5a, 0x59, 0x42, 0x49, 0x44, 0x31);
export const SEALED_BID_IV_BYTES = 16;
export const SEALED_BID_TAG_BYTES = 32;
export const SEALED_BID_HEADER_BYTES = SEALED_BID_MAGIC.length + SEALED_BID_IV_BYTES;
export const SEALED_BID_DATA_KEY_BYTES = 32;
/** Upload chunk size; the server announces it per upload (`chunkSize`), this is its value. */
export const SEALED_BID_CHUNK_BYTES = 8 * 1024 * 1024;

/** Domain-separation labels (UTF-8) of the key derivations and hashes. */
export const SEALED_BID_LABELS = {
  /** encryption key = HMAC-SM3(K, label)[0..16] */
  encryptionKey: `${SEALED_BID_FORMAT} enc`,
  /** MAC key = HMAC-SM3(K, label) */
  macKey: `${SEALED_BID_FORMAT} mac`,
  /** key commitment = SM3(label ‖ K) */
  keyCommitment: `${SEALED_BID_FORMAT} key`,
  /** package hash = SM3(label ‖ u32be(count) ‖ SM3(chunk 0) ‖ …) */
  packageHash: `${SEALED_BID_FORMAT} chunks`,
} as const;

/** What the bidder signs: everything the server stores about the bid, except the ciphertext itself. */
export interface BidManifest {
  format: typeof SEALED_BID_FORMAT;
  cipherSuite: typeof SEALED_BID_CIPHER_SUITE;
  tenderId: string;
  sectionCode: string;
  bidderId: string;
  /** 1, 2, …: a later version supersedes an earlier one. */
  version: number;
  size: number;
  chunkCount: number;
  packageSm3: string;
  /** SM3 of the sealed opening summary (开标一览表: price, duration, quality…). */
  summarySm3: string;
  keyCommitment: string;
  wrappedKeys: { bidder: string; opening: string };
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The bytes whose SM3 is the key commitment: label ‖ K. */
export function bidKeyCommitmentInput(dataKey: Uint8Array): Uint8Array {
  if (dataKey.length !== SEALED_BID_DATA_KEY_BYTES) throw new RangeError('the data key is 32 bytes');
  return concat([utf8(SEALED_BID_LABELS.keyCommitment), dataKey]);
}

/** The bytes whose SM3 is the package hash: label ‖ u32be(count) ‖ the chunks' SM3 digests in order. */
export function bidPackageHashInput(chunkSm3: readonly Uint8Array[]): Uint8Array {
  if (chunkSm3.some((digest) => digest.length !== 32)) throw new RangeError('an SM3 digest is 32 bytes');
  const count = new Uint8Array(4);
  new DataView(count.buffer).setUint32(0, chunkSm3.length, false);
  return concat([utf8(SEALED_BID_LABELS.packageHash), count, ...chunkSm3]);
}

/** "GGZYBID1" ‖ IV: the header of a sealed file, also the start of what the tag authenticates. */
export function sealedBidHeader(iv: Uint8Array): Uint8Array {
  if (iv.length !== SEALED_BID_IV_BYTES) throw new RangeError('the IV is 16 bytes');
  return concat([SEALED_BID_MAGIC, iv]);
}

/** Is this plausibly a sealed file? (EB4: an unencrypted upload is refused with a prompt.) */
export function looksSealedBid(firstBytes: Uint8Array): boolean {
  return firstBytes.length >= SEALED_BID_MAGIC.length && SEALED_BID_MAGIC.every((byte, i) => firstBytes[i] === byte);
}

/** The signed bytes of a manifest: its canonical JSON (sorted keys) in UTF-8. */
export function bidManifestBytes(manifest: BidManifest): Uint8Array {
  return utf8(canonicalJson(manifest));
}
export * from './receipt.js';
