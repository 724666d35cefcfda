/**
 * The sealed-bid envelope, format `ggzy-bid/1` (see ../../README.md "Sealed bids"). Pure functions
 * over the GM/T primitives; the bidder's client and packages/bidtool produce exactly these bytes.
 *
 *   data key K       32 random bytes, fresh per bid file
 *   encryption key   HMAC-SM3(K, "ggzy-bid/1 enc")[0..16]      (SM4-CTR key)
 *   MAC key          HMAC-SM3(K, "ggzy-bid/1 mac")             (32 bytes)
 *   key commitment   SM3("ggzy-bid/1 key" ‖ K)                  (signed; lets the server check a K sent at opening)
 *   sealed file      "GGZYBID1" ‖ IV(16) ‖ SM4-CTR(encKey, IV, plaintext) ‖ HMAC-SM3(macKey, "GGZYBID1" ‖ IV ‖ ciphertext)
 *   wrapped keys     SM2-encrypt(K) (C1C3C2) to the bidder's encryption key, and to the tender's opening key
 *   package hash     SM3("ggzy-bid/1 chunks" ‖ u32be(count) ‖ SM3(chunk 0) ‖ … ‖ SM3(chunk count−1))
 *   manifest         canonical JSON of the fields in `BidManifest`, signed by the bidder (SM2, GM/T 0009 ID)
 */
import { createHmac, randomBytes } from 'node:crypto';
import {
  type BidManifest,
  bidKeyCommitmentInput,
  bidManifestBytes,
  bidPackageHashInput,
  looksSealedBid,
  SEALED_BID_CIPHER_SUITE,
  SEALED_BID_FORMAT,
  SEALED_BID_HEADER_BYTES,
  SEALED_BID_IV_BYTES,
  SEALED_BID_LABELS,
  SEALED_BID_MAGIC,
  SEALED_BID_TAG_BYTES,
  sealedBidHeader,
} from '@ggzy/contracts';
import { createSm4Cipher, createSm4Decipher, hmacSm3, sm2, sm3 } from '../../../../platform/crypto/gm/index.js';

// The labels, byte layouts and the manifest's canonical form are shared with the browser (@ggzy/contracts).
export type { BidManifest };
export const FORMAT = SEALED_BID_FORMAT;
export const CIPHER_SUITE = SEALED_BID_CIPHER_SUITE;
export const MAGIC = Buffer.from(SEALED_BID_MAGIC);
export const IV_BYTES = SEALED_BID_IV_BYTES;
export const TAG_BYTES = SEALED_BID_TAG_BYTES;
export const HEADER_BYTES = SEALED_BID_HEADER_BYTES;

export interface DerivedKeys {
  encryptionKey: Buffer;
  macKey: Buffer;
}

export function deriveKeys(dataKey: Uint8Array): DerivedKeys {
  if (dataKey.length !== 32) throw new RangeError('the data key is 32 bytes');
  return {
    encryptionKey: Buffer.from(hmacSm3(dataKey, Buffer.from(SEALED_BID_LABELS.encryptionKey))).subarray(0, 16),
    macKey: Buffer.from(hmacSm3(dataKey, Buffer.from(SEALED_BID_LABELS.macKey))),
  };
}

export function keyCommitment(dataKey: Uint8Array): string {
  return Buffer.from(sm3(bidKeyCommitmentInput(dataKey))).toString('hex');
}

export function newDataKey(): Buffer {
  return randomBytes(32);
}

/** Streaming sealer: feed plaintext with `update`, then `final` gives the tag; output = header ‖ updates ‖ tag. */
export function createSealer(dataKey: Uint8Array, iv: Uint8Array = randomBytes(IV_BYTES)) {
  const { encryptionKey, macKey } = deriveKeys(dataKey);
  const cipher = createSm4Cipher('ctr', encryptionKey, { iv });
  const mac = createHmac('sm3', macKey);
  const header = Buffer.from(sealedBidHeader(iv));
  mac.update(header);
  return {
    header,
    update(plaintext: Uint8Array): Buffer {
      const out = cipher.update(plaintext);
      mac.update(out);
      return out;
    },
    final(): Buffer {
      const rest = cipher.final();
      mac.update(rest);
      return Buffer.concat([rest, mac.digest()]);
    },
  };
}

/** Seals a small buffer (opening summaries, test files) in one call. */
export function seal(dataKey: Uint8Array, plaintext: Uint8Array, iv?: Uint8Array): Buffer {
  const sealer = createSealer(dataKey, iv);
  return Buffer.concat([sealer.header, sealer.update(plaintext), sealer.final()]);
}

export class EnvelopeError extends Error {
  constructor(readonly reason: 'format' | 'mac') {
    super(reason === 'format' ? 'not a ggzy-bid/1 sealed file' : 'the sealed file does not authenticate under this key');
    this.name = 'EnvelopeError';
  }
}

/** Opens a small sealed buffer; throws EnvelopeError('mac') for a wrong key or altered bytes. */
export function open(dataKey: Uint8Array, sealed: Uint8Array): Buffer {
  const bytes = Buffer.from(sealed);
  if (bytes.length < HEADER_BYTES + TAG_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new EnvelopeError('format');
  const { encryptionKey, macKey } = deriveKeys(dataKey);
  const iv = bytes.subarray(MAGIC.length, HEADER_BYTES);
  const body = bytes.subarray(HEADER_BYTES, bytes.length - TAG_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const expected = createHmac('sm3', macKey).update(bytes.subarray(0, bytes.length - TAG_BYTES)).digest();
  if (!expected.equals(tag)) throw new EnvelopeError('mac');
  const decipher = createSm4Decipher('ctr', encryptionKey, { iv });
  return Buffer.concat([decipher.update(body), decipher.final()]);
}

/** Is this plausibly a sealed file? (EB4: an unencrypted upload is refused with a prompt.) */
export function looksSealed(firstBytes: Uint8Array): boolean {
  return looksSealedBid(firstBytes);
}

export function packageHash(chunkSm3Hex: readonly string[]): string {
  return Buffer.from(sm3(bidPackageHashInput(chunkSm3Hex.map((h) => Buffer.from(h, 'hex'))))).toString('hex');
}

export function wrapKey(dataKey: Uint8Array, publicKeyHex: string): string {
  return Buffer.from(sm2.encrypt(dataKey, publicKeyHex)).toString('base64');
}

export function unwrapKey(wrappedBase64: string, privateKeyHex: string): Buffer {
  return Buffer.from(sm2.decrypt(Buffer.from(wrappedBase64, 'base64'), privateKeyHex));
}

export function manifestBytes(manifest: BidManifest): Buffer {
  return Buffer.from(bidManifestBytes(manifest));
}
