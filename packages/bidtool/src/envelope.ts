/**
 * The bidder's side of format ggzy-bid/1 (apps/server/src/modules/tendering/README.md "Sealed
 * bids"). Every cryptographic step is the tendering module's own envelope code (imported, never
 * re-implemented); this file only arranges it for files that do not fit in memory: the sealed
 * file is produced and hashed chunk by chunk while it streams.
 *
 * The envelope is imported from its file rather than through the tendering index: the index
 * loads the whole server module (Fastify, Kysely…), seconds of start-up for a command-line tool.
 */
import { SEALED_BID_CHUNK_BYTES } from '@ggzy/contracts';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createSm3, sm3Hex } from '../../../apps/server/src/platform/crypto/gm/index.js';
import {
  type BidManifest,
  CIPHER_SUITE,
  createSealer,
  FORMAT,
  keyCommitment,
  looksSealed,
  MAGIC,
  packageHash,
  seal,
  wrapKey,
} from '../../../apps/server/src/modules/tendering/domain/sealed-bid/envelope.js';

export type { BidManifest };

/** The platform's chunk size (format ggzy-bid/1); the upload checks it against the server's. */
export const CHUNK_SIZE = SEALED_BID_CHUNK_BYTES;

/** The opening summary (开标一览表): read out at the opening; the platform reads these three fields. */
export interface OpeningSummary {
  price: string;
  duration: string;
  quality: string;
  [field: string]: unknown;
}

export interface EnvelopeInput {
  tenderId: string;
  sectionCode: string;
  bidderId: string;
  /** 1 for a first bid; a modification is the next version. */
  version: number;
  /** The bidder's SM2 public key (04‖x‖y hex): they unwrap the data key with it at the opening. */
  bidderPublicKey: string;
  /** The tender's opening key (GET /api/tenders/:id/opening-key): the custodians' fallback. */
  openingPublicKey: string;
  summary: OpeningSummary;
}

/** Everything the server stores about a bid except the sealed file and its hashes. */
export interface SealedEnvelope {
  tenderId: string;
  sectionCode: string;
  bidderId: string;
  version: number;
  /** The sealed opening summary, base64. */
  summary: string;
  summarySm3: string;
  keyCommitment: string;
  wrappedKeys: { bidder: string; opening: string };
}

/** Seals the opening summary under the data key, commits to the key and wraps it twice. */
export function sealEnvelope(dataKey: Uint8Array, input: EnvelopeInput): SealedEnvelope {
  const summary = seal(dataKey, Buffer.from(JSON.stringify(input.summary), 'utf8'));
  return {
    tenderId: input.tenderId,
    sectionCode: input.sectionCode,
    bidderId: input.bidderId,
    version: input.version,
    summary: summary.toString('base64'),
    summarySm3: sm3Hex(summary),
    keyCommitment: keyCommitment(dataKey),
    wrappedKeys: { bidder: wrapKey(dataKey, input.bidderPublicKey), opening: wrapKey(dataKey, input.openingPublicKey) },
  };
}

/** The manifest the bidder signs: the envelope plus the sealed file's size and chunk hashes. */
export function manifestOf(envelope: SealedEnvelope, size: number, chunkSm3: readonly string[]): BidManifest {
  return {
    format: FORMAT,
    cipherSuite: CIPHER_SUITE,
    tenderId: envelope.tenderId,
    sectionCode: envelope.sectionCode,
    bidderId: envelope.bidderId,
    version: envelope.version,
    size,
    chunkCount: chunkSm3.length,
    packageSm3: packageHash(chunkSm3),
    summarySm3: envelope.summarySm3,
    keyCommitment: envelope.keyCommitment,
    wrappedKeys: envelope.wrappedKeys,
  };
}

/**
 * SM3 of every `chunkSize` slice of a byte stream fed in pieces of any length — the upload's
 * chunks, hashed without holding more than the piece at hand.
 */
export class ChunkHasher {
  readonly #chunkSize: number;
  readonly #done: string[] = [];
  #current = createSm3();
  #filled = 0;
  #size = 0;
  #head = Buffer.alloc(0);

  constructor(chunkSize: number) {
    if (!Number.isSafeInteger(chunkSize) || chunkSize < MAGIC.length) throw new RangeError(`bad chunk size ${chunkSize}`);
    this.#chunkSize = chunkSize;
  }

  update(bytes: Uint8Array): void {
    if (this.#head.length < MAGIC.length) this.#head = Buffer.concat([this.#head, bytes.subarray(0, MAGIC.length - this.#head.length)]);
    this.#size += bytes.length;
    let offset = 0;
    while (offset < bytes.length) {
      const take = Math.min(this.#chunkSize - this.#filled, bytes.length - offset);
      this.#current.update(bytes.subarray(offset, offset + take));
      this.#filled += take;
      offset += take;
      if (this.#filled === this.#chunkSize) {
        this.#done.push(this.#current.digest('hex'));
        this.#current = createSm3();
        this.#filled = 0;
      }
    }
  }

  /** Size, chunk hashes, and whether the stream starts with the sealed-file header. */
  finish(): { size: number; chunkSm3: string[]; sealed: boolean } {
    if (this.#filled > 0) this.#done.push(this.#current.digest('hex'));
    this.#filled = 0;
    return { size: this.#size, chunkSm3: [...this.#done], sealed: looksSealed(this.#head) };
  }
}

/**
 * Streams `plaintext` through SM4-CTR into `sink` as a ggzy-bid/1 sealed file (header ‖ ciphertext
 * ‖ HMAC-SM3 tag) and hashes the output in `chunkSize` slices on the way: one pass, memory bounded
 * by the stream's buffers whatever the file size.
 */
export async function sealStream(
  plaintext: AsyncIterable<Uint8Array> | Readable,
  sink: Writable,
  dataKey: Uint8Array,
  chunkSize = CHUNK_SIZE,
): Promise<{ size: number; chunkSm3: string[] }> {
  const sealer = createSealer(dataKey);
  const hasher = new ChunkHasher(chunkSize);
  const emit = (bytes: Buffer): Buffer => {
    hasher.update(bytes);
    return bytes;
  };
  await pipeline(
    Readable.from(plaintext),
    async function* (source: AsyncIterable<Uint8Array>) {
      yield emit(sealer.header);
      for await (const piece of source) {
        const out = sealer.update(piece);
        if (out.length > 0) yield emit(out);
      }
      yield emit(sealer.final());
    },
    sink,
  );
  const { size, chunkSm3 } = hasher.finish();
  return { size, chunkSm3 };
}

/** Hashes an existing sealed file's chunks (the `package` step). */
export async function hashChunks(
  source: AsyncIterable<Uint8Array>,
  chunkSize = CHUNK_SIZE,
): Promise<{ size: number; chunkSm3: string[]; sealed: boolean }> {
  const hasher = new ChunkHasher(chunkSize);
  for await (const piece of source) hasher.update(piece);
  return hasher.finish();
}

/** Slices an in-memory sealed file into upload chunks (small bids, tests). */
export function splitChunks(sealed: Buffer, chunkSize = CHUNK_SIZE): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < sealed.length; offset += chunkSize) chunks.push(sealed.subarray(offset, offset + chunkSize));
  return chunks;
}

/** Checks a parsed JSON value is an opening summary; returns the reason when it is not. */
export function summaryProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record: Record<string, unknown> = { ...value };
  for (const field of ['price', 'duration', 'quality']) {
    if (typeof record[field] !== 'string' || record[field] === '') return `"${field}" is missing or not a string`;
  }
  return undefined;
}
