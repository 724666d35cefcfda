/**
 * The file store port: where uploaded documents (tender documents, encrypted bids, signed reports)
 * live. Modules depend on this interface only, so the local-disk adapter used in embedded mode can
 * be replaced by an object store without touching them.
 *
 * Contract every adapter keeps:
 * - Content is streamed, never held whole in memory (bids reach hundreds of MB; security.md §8
 *   budgets ≤ 64 MB of server memory per upload).
 * - SM3 and SHA-256 are computed while the bytes pass, so the digests describe exactly what was
 *   stored; receipts and the transparency log quote them (security.md §3).
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
  /** SHA-256 digest of the content, lower-case hex. */
  sha256: string;
  contentType?: string;
  /** The name the uploader gave; metadata only, never used to build a path. */
  fileName?: string;
}

export interface PutOptions {
  /** The upload fails with PAYLOAD_TOO_LARGE as soon as more than this many bytes arrive. */
  maxBytes: number;
  contentType?: string;
  fileName?: string;
}

export interface FileStore {
  /** Streams `source` into the store; resolves once the content is durable. */
  put(source: Readable, options: PutOptions): Promise<StoredFile>;
  /** The content of a stored file; NOT_FOUND when there is none under `key`. */
  open(key: string): Promise<Readable>;
  /** The metadata of a stored file, or undefined when there is none under `key`. */
  stat(key: string): Promise<StoredFile | undefined>;
  /** Deletes a stored file; deleting a missing key is not an error (safe to retry). */
  remove(key: string): Promise<void>;
}
