/**
 * A pass-through stream that hashes and counts what flows through it.
 *
 * Why a Transform in the pipeline rather than hashing the stored file afterwards: the digests then
 * cost no second read of a file that may be hundreds of MB, and the size limit is enforced while
 * the upload runs, so an oversized upload is cut off at the limit instead of filling the disk.
 */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { platformError } from '../errors.js';

export interface ContentDigests {
  size: number;
  /** Lower-case hex. */
  sm3: string;
  /** Lower-case hex. */
  sha256: string;
}

export class HashingStream extends Transform {
  readonly #maxBytes: number;
  readonly #sm3 = createHash('sm3');
  readonly #sha256 = createHash('sha256');
  #size = 0;
  #digests: ContentDigests | undefined;

  constructor(maxBytes: number) {
    super();
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`maxBytes must be an integer ≥ 0, got ${maxBytes}`);
    this.#maxBytes = maxBytes;
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
    this.#sm3.update(chunk);
    this.#sha256.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.#digests = { size: this.#size, sm3: this.#sm3.digest('hex'), sha256: this.#sha256.digest('hex') };
    callback();
  }

  /** Size and digests of everything that passed; only available once the stream has finished. */
  get digests(): ContentDigests {
    if (this.#digests === undefined) throw new Error('HashingStream: digests are known only after the stream finished');
    return this.#digests;
  }
}
