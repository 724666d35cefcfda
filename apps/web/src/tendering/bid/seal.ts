import {
  bidKeyCommitmentInput,
  bidManifestBytes,
  bidPackageHashInput,
  type BidManifest,
  fromBase64,
  fromHex,
  looksSealedBid,
  SEALED_BID_CIPHER_SUITE,
  SEALED_BID_DATA_KEY_BYTES,
  SEALED_BID_FORMAT,
  SEALED_BID_HEADER_BYTES,
  SEALED_BID_IV_BYTES,
  SEALED_BID_LABELS,
  SEALED_BID_MAGIC,
  SEALED_BID_TAG_BYTES,
  sealedBidHeader,
  toBase64,
  toHex,
} from '@ggzy/contracts';
import { concat } from '@ggzy/contracts/asn1';
import { sm2 } from 'sm-crypto-v2';
import { HmacSm3, hmacSm3, Sm3, sm3 } from './sm3';
import { Sm4Ctr } from './sm4-ctr';

/**
 * The bidder's side of the sealed-bid envelope `ggzy-bid/1` in the browser — the same bytes the
 * server's envelope.ts (node:crypto) makes and opens; seal.spec.ts proves it both ways. Labels,
 * layouts and the manifest's canonical JSON come from @ggzy/contracts.
 */
export type { BidManifest };

const utf8 = (text: string) => new TextEncoder().encode(text);

export function newDataKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(SEALED_BID_DATA_KEY_BYTES));
}

export function deriveKeys(dataKey: Uint8Array): { encryptionKey: Uint8Array; macKey: Uint8Array } {
  if (dataKey.length !== SEALED_BID_DATA_KEY_BYTES) throw new RangeError('the data key is 32 bytes');
  return {
    encryptionKey: hmacSm3(dataKey, utf8(SEALED_BID_LABELS.encryptionKey)).subarray(0, 16),
    macKey: hmacSm3(dataKey, utf8(SEALED_BID_LABELS.macKey)),
  };
}

/** SM3("ggzy-bid/1 key" ‖ K), hex: signed in the manifest, checked by the server when K is revealed. */
export function keyCommitment(dataKey: Uint8Array): string {
  return toHex(sm3(bidKeyCommitmentInput(dataKey)));
}

export function packageHash(chunkSm3Hex: readonly string[]): string {
  return toHex(sm3(bidPackageHashInput(chunkSm3Hex.map((digest) => fromHex(digest)))));
}

/** SM2-encrypts K to a public key (04‖x‖y hex): C1‖C3‖C2 with the 04 prefix of C1, base64 — as the server's wrapKey. */
export function wrapKey(dataKey: Uint8Array, publicKeyHex: string): string {
  return toBase64(fromHex(`04${sm2.doEncrypt(dataKey, publicKeyHex, 1)}`));
}

export class UnwrapError extends Error {
  constructor() {
    super('this key cannot unwrap the data key (not the key the bid was sealed to)');
    this.name = 'UnwrapError';
  }
}

/** Decrypts a wrapped K with the private key (64 hex); UnwrapError for a foreign key or altered bytes. */
export function unwrapKey(wrappedBase64: string, privateKeyHex: string): Uint8Array {
  const raw = fromBase64(wrappedBase64);
  if (raw.length !== 97 + SEALED_BID_DATA_KEY_BYTES || raw[0] !== 0x04) throw new UnwrapError();
  let plain: Uint8Array;
  try {
    plain = sm2.doDecrypt(toHex(raw.subarray(1)), privateKeyHex, 1, { output: 'array' });
  } catch {
    throw new UnwrapError();
  }
  // The library answers an empty array when C3 does not match.
  if (!(plain instanceof Uint8Array) || plain.length !== SEALED_BID_DATA_KEY_BYTES) throw new UnwrapError();
  return plain;
}

/** Streaming sealer: output = header ‖ update(…) ‖ … ‖ final() (the tag). */
export class Sealer {
  readonly header: Uint8Array;
  private readonly cipher: Sm4Ctr;
  private readonly mac: HmacSm3;

  constructor(dataKey: Uint8Array, iv: Uint8Array = crypto.getRandomValues(new Uint8Array(SEALED_BID_IV_BYTES))) {
    const { encryptionKey, macKey } = deriveKeys(dataKey);
    this.header = sealedBidHeader(iv);
    this.cipher = new Sm4Ctr(encryptionKey, iv);
    this.mac = new HmacSm3(macKey);
    this.mac.update(this.header);
  }

  update(plaintext: Uint8Array): Uint8Array {
    const out = this.cipher.update(plaintext);
    this.mac.update(out);
    return out;
  }

  final(): Uint8Array {
    return this.mac.digest();
  }
}

/** Seals a small buffer (the opening summary) in one call. */
export function seal(dataKey: Uint8Array, plaintext: Uint8Array, iv?: Uint8Array): Uint8Array {
  const sealer = new Sealer(dataKey, iv);
  return concat([sealer.header, sealer.update(plaintext), sealer.final()]);
}

export class EnvelopeError extends Error {
  constructor(readonly reason: 'format' | 'mac') {
    super(reason === 'format' ? 'not a ggzy-bid/1 sealed file' : 'the sealed file does not authenticate under this key');
    this.name = 'EnvelopeError';
  }
}

/** Opens a small sealed buffer (MAC first); EnvelopeError('mac') for a wrong key or altered bytes. */
export function open(dataKey: Uint8Array, sealed: Uint8Array): Uint8Array {
  if (sealed.length < SEALED_BID_HEADER_BYTES + SEALED_BID_TAG_BYTES || !looksSealedBid(sealed)) throw new EnvelopeError('format');
  const { encryptionKey, macKey } = deriveKeys(dataKey);
  const tag = sealed.subarray(sealed.length - SEALED_BID_TAG_BYTES);
  const expected = hmacSm3(macKey, sealed.subarray(0, sealed.length - SEALED_BID_TAG_BYTES));
  if (toHex(expected) !== toHex(tag)) throw new EnvelopeError('mac');
  const iv = sealed.subarray(SEALED_BID_MAGIC.length, SEALED_BID_HEADER_BYTES);
  return new Sm4Ctr(encryptionKey, iv).update(sealed.subarray(SEALED_BID_HEADER_BYTES, sealed.length - SEALED_BID_TAG_BYTES));
}

/** The opening summary (开标一览表) as the opening reads it: price, duration, quality (strings). */
export interface OpeningSummary {
  price: string;
  duration: string;
  quality: string;
}

export function sealSummary(dataKey: Uint8Array, summary: OpeningSummary): Uint8Array {
  return seal(dataKey, utf8(JSON.stringify(summary)));
}

/** Splits the sealed stream into upload chunks as it is written, hashing each chunk on the way. */
class ChunkWriter {
  readonly chunks: Uint8Array[] = [];
  readonly digests: string[] = [];
  private current: Uint8Array;
  private filled = 0;
  private hash = new Sm3();
  size = 0;

  constructor(private readonly chunkSize: number) {
    this.current = new Uint8Array(chunkSize);
  }

  write(bytes: Uint8Array): void {
    let offset = 0;
    while (offset < bytes.length) {
      const take = Math.min(this.chunkSize - this.filled, bytes.length - offset);
      const part = bytes.subarray(offset, offset + take);
      this.current.set(part, this.filled);
      this.hash.update(part);
      this.filled += take;
      offset += take;
      this.size += take;
      if (this.filled === this.chunkSize) this.flush();
    }
  }

  finish(): void {
    if (this.filled > 0) this.flush();
  }

  private flush(): void {
    this.chunks.push(this.filled === this.chunkSize ? this.current : this.current.slice(0, this.filled));
    this.digests.push(toHex(this.hash.digest()));
    this.current = new Uint8Array(this.chunkSize);
    this.filled = 0;
    this.hash = new Sm3();
  }
}

export interface SealedPackage {
  chunks: Uint8Array[];
  /** SM3 of each chunk, hex (sent as X-Chunk-Sm3). */
  chunkSm3: string[];
  /** Bytes of the sealed file: header + ciphertext + tag. */
  size: number;
  packageSm3: string;
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Seals a bid file slice by slice (1 MiB by default), yielding to the page between slices so the
 * progress bar moves and input stays responsive; the plaintext is read from the Blob one slice
 * at a time and never copied whole.
 */
export async function sealFile(
  dataKey: Uint8Array,
  file: Blob,
  options: { chunkSize: number; sliceBytes?: number; iv?: Uint8Array; onProgress?: (done: number, total: number) => void },
): Promise<SealedPackage> {
  const slice = options.sliceBytes ?? 1024 * 1024;
  const sealer = new Sealer(dataKey, options.iv);
  const writer = new ChunkWriter(options.chunkSize);
  writer.write(sealer.header);
  for (let offset = 0; offset < file.size; offset += slice) {
    const plain = new Uint8Array(await file.slice(offset, Math.min(file.size, offset + slice)).arrayBuffer());
    writer.write(sealer.update(plain));
    plain.fill(0);
    options.onProgress?.(Math.min(file.size, offset + slice), file.size);
    await nextTask();
  }
  writer.write(sealer.final());
  writer.finish();
  return { chunks: writer.chunks, chunkSm3: writer.digests, size: writer.size, packageSm3: packageHash(writer.digests) };
}

export function buildManifest(input: {
  tenderId: string;
  sectionCode: string;
  bidderId: string;
  version: number;
  sealed: SealedPackage;
  summary: Uint8Array;
  dataKey: Uint8Array;
  bidderPublicKey: string;
  openingPublicKey: string;
}): BidManifest {
  return {
    format: SEALED_BID_FORMAT,
    cipherSuite: SEALED_BID_CIPHER_SUITE,
    tenderId: input.tenderId,
    sectionCode: input.sectionCode,
    bidderId: input.bidderId,
    version: input.version,
    size: input.sealed.size,
    chunkCount: input.sealed.chunks.length,
    packageSm3: input.sealed.packageSm3,
    summarySm3: toHex(sm3(input.summary)),
    keyCommitment: keyCommitment(input.dataKey),
    wrappedKeys: { bidder: wrapKey(input.dataKey, input.bidderPublicKey), opening: wrapKey(input.dataKey, input.openingPublicKey) },
  };
}

export { bidManifestBytes as manifestBytes };
