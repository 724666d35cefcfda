/**
 * The file store port: where uploaded documents (tender documents, encrypted bids, signed reports)
 * live. Modules depend on this interface only, so the local-disk adapter used in embedded mode can
 * be replaced by an object store without touching them.
 *
 * Contract every adapter keeps:
 * - Content is streamed, never held whole in memory (bids reach hundreds of MB; security.md §8
 *   budgets ≤ 64 MB of server memory per upload).
 * - SM3 (always) and SHA-256 (when the caller asks) are computed while the bytes pass, so the
 *   digests describe exactly what was stored; receipts and the transparency log quote them
 *   (security.md §3). SHA-256 is opt-in because it is work on every byte (≈ 0.6 ms CPU per MiB) that
 *   only some callers publish: bid chunks enter the package hash by SM3 alone, and they are the
 *   500 MB ingest path (bench/ingest.bench.ts).
 * - `put` is all-or-nothing: after a failure (limit exceeded, source error, client abort) no object
 *   and no partial file remain.
 * - Keys are chosen by the store, never by the caller.
 */
import type { Readable } from 'node:stream';

export interface StoredFile {
  /** Opaque key assigned by the store (a UUID for the local disk store). */
  key: string;
  /** Size in bytes. */
  size: number;
  /** SM3 digest of the content, lower-case hex. */
  sm3: string;
  /** SHA-256 digest of the content, lower-case hex; present when the put asked for it. */
  sha256?: string;
  contentType?: string;
  /** The name the uploader gave; metadata only, never used to build a path. */
  fileName?: string;
}

export interface PutOptions<Sha256 extends boolean = boolean> {
  /** The upload fails with PAYLOAD_TOO_LARGE as soon as more than this many bytes arrive. */
  maxBytes: number;
  /** Whether to compute SHA-256 as well; say so only where the SHA-256 is published or checked. */
  sha256: Sha256;
  /**
   * How many leading bytes of the content to hand back in `head` (default 0), so a caller can
   * check a file format without reading the stored file back.
   */
  headBytes?: number;
  contentType?: string;
  fileName?: string;
}

/** What `put` answers: the stored file (with its SHA-256 when asked for) and the leading bytes. */
export type PutResult<Sha256 extends boolean> = (Sha256 extends true ? StoredFile & { sha256: string } : StoredFile) & {
  /** The first `headBytes` bytes of the content (fewer when it is shorter); not kept in the store. */
  head: Buffer;
};

export interface FileStore {
  /** Streams `source` into the store; resolves once the content is durable. */
  put<Sha256 extends boolean>(source: Readable, options: PutOptions<Sha256>): Promise<PutResult<Sha256>>;
  /** The content of a stored file; NOT_FOUND when there is none under `key`. */
  open(key: string): Promise<Readable>;
  /** The metadata of a stored file, or undefined when there is none under `key`. */
  stat(key: string): Promise<StoredFile | undefined>;
  /** Deletes a stored file; deleting a missing key is not an error (safe to retry). */
  remove(key: string): Promise<void>;
}
