/**
 * SM3 (and SHA-256 when asked) of a stream's bytes, computed on a worker thread.
 *
 * Why: SM3 costs ≈ 3 ms of CPU per MiB (security.md §reference figures: 240–290 MiB/s on one
 * core), and on the event loop it was the largest single cost of the bid ingest — the thread
 * that also parses HTTP, writes the file and runs the embedded database (bench/ingest.bench.ts
 * profile). On a worker it runs beside that work.
 *
 * How, and why this way: each worker owns a ring of SLOTS slots of SLOT_BYTES in a
 * SharedArrayBuffer. The stream copies its pieces into the ring (a memcpy, far cheaper than SM3) and
 * flips a slot's state with Atomics; the worker hashes the slot in place and flips it back. No
 * buffer is transferred, so memory stays at the ring's 2 MiB per worker whatever the upload's size
 * (an earlier version that transferred each piece grew with the upload until the worker's GC). A
 * full ring makes `update` wait, which holds the upload back like any slow stream.
 *
 * At most one worker per core; an upload that finds them all busy is hashed on the event loop
 * (a `Hash` of its own), so a crowd of slow uploads cannot hold more threads or memory.
 */
import { createHash, type Hash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface Digests {
  /** Lower-case hex. */
  sm3: string;
  /** Lower-case hex; only when asked for. */
  sha256?: string;
}

/** Digests of the bytes given to `update`, in order; `digest` once at the end. */
export interface DigestJob {
  /** Takes a copy of `bytes`; a promise only when it has to wait for room (then await it before the next call). */
  update(bytes: Uint8Array): Promise<void> | undefined;
  digest(): Promise<Digests>;
  /** Gives the job up (the upload failed); the worker finishes the bytes it holds and is free again when this resolves. */
  abort(): Promise<void>;
  /** Whether a worker thread hashes (false: the event loop, every worker being busy). */
  readonly onWorker: boolean;
}

const SLOTS = 8;
const SLOT_BYTES = 256 * 1024;
/** Slot states (Int32Array state[slot]); a slot's length is at state[SLOTS + slot], END closes the job. */
const EMPTY = 0;
const FULL = 1;
const END = -1;

// Plain JavaScript evaluated in the worker: nothing to resolve or compile, whatever runs the server.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { ring, control, slots, slotBytes } = workerData;
const state = new Int32Array(control);
parentPort.on('message', ({ sha256 }) => {
  const hashes = sha256 ? [createHash('sm3'), createHash('sha256')] : [createHash('sm3')];
  for (let slot = 0; ; slot = (slot + 1) % slots) {
    Atomics.wait(state, slot, ${EMPTY});
    const length = state[slots + slot];
    if (length >= 0) for (const hash of hashes) hash.update(new Uint8Array(ring, slot * slotBytes, length));
    Atomics.store(state, slot, ${EMPTY});
    Atomics.notify(state, slot);
    if (length < 0) break;
  }
  parentPort.postMessage({ sm3: hashes[0].digest('hex'), sha256: hashes[1] && hashes[1].digest('hex') });
});
`;

interface DigestWorker {
  worker: Worker;
  ring: SharedArrayBuffer;
  state: Int32Array;
}

// Node has had Atomics.waitAsync since 16; the ES2022 lib this project compiles against lacks it.
const { waitAsync } = Atomics as unknown as {
  waitAsync(array: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
};

const idle: DigestWorker[] = [];
let started = 0;

/** A digest job on a free worker, or on the event loop when every worker is busy. */
export function startDigest(sha256: boolean): DigestJob {
  const free = idle.pop() ?? (started < availableParallelism() ? spawn() : undefined);
  return free ? new WorkerJob(free, sha256) : new InlineJob(sha256);
}

function spawn(): DigestWorker {
  const ring = new SharedArrayBuffer(SLOTS * SLOT_BYTES);
  const state = new Int32Array(new SharedArrayBuffer(2 * SLOTS * Int32Array.BYTES_PER_ELEMENT));
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ring, control: state.buffer, slots: SLOTS, slotBytes: SLOT_BYTES } });
  // An idle worker must not keep the process alive.
  worker.unref();
  started += 1;
  worker.once('exit', () => {
    started -= 1;
    const at = idle.findIndex((w) => w.worker === worker);
    if (at >= 0) idle.splice(at, 1);
  });
  return { worker, ring, state };
}

class WorkerJob implements DigestJob {
  readonly onWorker = true;
  readonly #w: DigestWorker;
  readonly #done: Promise<Digests>;
  #slot = 0;
  #fill = 0;
  #closed = false;

  constructor(w: DigestWorker, sha256: boolean) {
    this.#w = w;
    this.#done = new Promise<Digests>((resolve, reject) => {
      const settle = () => {
        w.worker.off('message', onMessage);
        w.worker.off('error', onError);
        w.worker.off('exit', onExit);
      };
      const onMessage = (digests: Digests) => {
        settle();
        resolve(digests.sha256 === undefined ? { sm3: digests.sm3 } : digests);
      };
      const onError = (error: Error) => {
        settle();
        reject(error);
      };
      // Terminated without an error event: the job would otherwise wait for room forever.
      const onExit = (code: number) => {
        settle();
        reject(new Error(`The digest worker exited (code ${code}) before the digest`));
      };
      w.worker.once('message', onMessage);
      w.worker.once('error', onError);
      w.worker.once('exit', onExit);
    });
    // A failed job must not leave an unhandled rejection when nobody awaits it (abort).
    this.#done.catch(() => {});
    // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a worker_threads Worker, not a window
    w.worker.postMessage({ sha256 });
  }

  update(bytes: Uint8Array): Promise<void> | undefined {
    // After digest or abort the ring may already serve the worker's next job: write nothing.
    if (this.#closed) return undefined;
    let offset = 0;
    while (offset < bytes.byteLength) {
      // Writing into a slot starts only once the worker has emptied it.
      if (this.#fill === 0 && Atomics.load(this.#w.state, this.#slot) !== EMPTY) return this.#roomThen(bytes.subarray(offset));
      const count = Math.min(SLOT_BYTES - this.#fill, bytes.byteLength - offset);
      new Uint8Array(this.#w.ring, this.#slot * SLOT_BYTES + this.#fill, count).set(bytes.subarray(offset, offset + count));
      this.#fill += count;
      offset += count;
      if (this.#fill === SLOT_BYTES) this.#publish(SLOT_BYTES);
    }
    return undefined;
  }

  async digest(): Promise<Digests> {
    if (this.#closed) throw new Error('DigestJob: digest() called twice');
    this.#closed = true;
    if (this.#fill > 0) this.#publish(this.#fill);
    await this.#room();
    this.#publish(END);
    const digests = await this.#done;
    idle.push(this.#w);
    return digests;
  }

  abort(): Promise<void> {
    const settled = this.#closed ? this.#done : this.digest();
    return settled.then(
      () => undefined,
      () => undefined,
    );
  }

  async #roomThen(rest: Uint8Array): Promise<void> {
    await this.#room();
    await this.update(rest);
  }

  /** Waits until the current slot is empty (or the worker failed). */
  async #room(): Promise<void> {
    const { state } = this.#w;
    while (Atomics.load(state, this.#slot) !== EMPTY) {
      const wait = waitAsync(state, this.#slot, FULL);
      if (wait.async) await Promise.race([wait.value, this.#done]);
    }
  }

  #publish(length: number): void {
    const { state } = this.#w;
    state[SLOTS + this.#slot] = length;
    Atomics.store(state, this.#slot, FULL);
    Atomics.notify(state, this.#slot);
    this.#slot = (this.#slot + 1) % SLOTS;
    this.#fill = 0;
  }
}

class InlineJob implements DigestJob {
  readonly onWorker = false;
  readonly #sm3 = createHash('sm3');
  readonly #sha256: Hash | undefined;

  constructor(sha256: boolean) {
    this.#sha256 = sha256 ? createHash('sha256') : undefined;
  }

  update(bytes: Uint8Array): undefined {
    this.#sm3.update(bytes);
    this.#sha256?.update(bytes);
    return undefined;
  }

  async digest(): Promise<Digests> {
    return { sm3: this.#sm3.digest('hex'), ...(this.#sha256 === undefined ? {} : { sha256: this.#sha256.digest('hex') }) };
  }

  abort(): Promise<void> {
    return Promise.resolve();
  }
}
