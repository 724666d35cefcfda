/**
 * A pass-through stream that hashes and counts what flows through it.
 *
 * Why a Transform in the pipeline rather than hashing the stored file afterwards: the digests then
 * cost no second read of a file that may be hundreds of MB, and the size limit is enforced while
 * the upload runs, so an oversized upload is cut off at the limit instead of filling the disk. The
 * hashing itself runs on a worker thread when one is free (digest-workers.ts).
 */
import { Transform, type TransformCallback } from 'node:stream';
import { platformError } from '../errors.js';
import { type DigestJob, startDigest } from './digest-workers.js';

export interface ContentDigests {
  size: number;
  /** Lower-case hex. */
  sm3: string;
  /** Lower-case hex; only when asked for. */
  sha256?: string;
  /** The first `headBytes` bytes (fewer when the content is shorter). */
  head: Buffer;
}

export interface HashingOptions {
  maxBytes: number;
  sha256: boolean;
  headBytes?: number;
}

export class HashingStream extends Transform {
  readonly #maxBytes: number;
  readonly #job: DigestJob;
  readonly #head: Buffer;
  #headLength = 0;
  #size = 0;
  #digests: ContentDigests | undefined;

  constructor(options: HashingOptions) {
    super();
    const { maxBytes, headBytes = 0 } = options;
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`maxBytes must be an integer ≥ 0, got ${maxBytes}`);
    if (!Number.isSafeInteger(headBytes) || headBytes < 0 || headBytes > 4096) throw new RangeError(`headBytes must be an integer in 0…4096, got ${headBytes}`);
    this.#maxBytes = maxBytes;
    this.#job = startDigest(options.sha256);
    this.#head = Buffer.alloc(headBytes);
  }

  override _transform(chunk: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    // Writable sides of byte streams convert strings to Buffers, so anything else is a caller bug
    // (an object-mode source).
    if (!(chunk instanceof Uint8Array)) {
      callback(new TypeError('HashingStream accepts bytes only'));
      return;
    }
    this.#size += chunk.byteLength;
    // Fail on the chunk that crosses the limit, before it is passed on: no byte beyond the limit
    // is written.
    if (this.#size > this.#maxBytes) {
      callback(platformError('PAYLOAD_TOO_LARGE', { limit: this.#maxBytes }));
      return;
    }
    // A copy: the head may span several chunks, and the chunks belong to the pipeline.
    if (this.#headLength < this.#head.length) {
      const part = chunk.subarray(0, this.#head.length - this.#headLength);
      this.#head.set(part, this.#headLength);
      this.#headLength += part.byteLength;
    }
    // The job copies the chunk (to a worker's ring), so it can go on to the file at once.
    const waiting = this.#job.update(chunk);
    if (waiting === undefined) callback(null, chunk);
    else waiting.then(() => callback(null, chunk), callback);
  }

  override _flush(callback: TransformCallback): void {
    this.#job.digest().then(({ sm3, sha256 }) => {
      this.#digests = { size: this.#size, sm3, ...(sha256 === undefined ? {} : { sha256 }), head: this.#head.subarray(0, this.#headLength) };
      callback();
    }, callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Failed or cut off before the end: free the worker (a finished job has released it already).
    if (this.#digests === undefined) void this.#job.abort();
    callback(error);
  }

  /** Size, digests and head of everything that passed; only available once the stream has finished. */
  get digests(): ContentDigests {
    if (this.#digests === undefined) throw new Error('HashingStream: digests are known only after the stream finished');
    return this.#digests;
  }
}
