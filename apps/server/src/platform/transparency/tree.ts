import { emptyRoot, type HashFn, nodeHash, splitPoint } from '@ggzy/contracts';

/**
 * An append-only RFC 6962 Merkle tree held in memory: every complete subtree hash, level by
 * level (level 0 = leaf hashes, level L = hashes of the 2^L-leaf subtrees that are complete).
 * Appending a leaf computes the subtrees it completes (amortised one node hash per leaf); the
 * root and any inclusion or consistency proof for any size ≤ the current size are then
 * O(log n) lookups plus at most O(log n) hashes for the incomplete right edge.
 *
 * Memory: ≈ 2 × 32 bytes per leaf (level 0 plus all the levels above, which halve), in
 * fixed-size chunks outside the JS heap: 64 MB per hash variant at 10^6 leaves.
 */
export class MerkleTree {
  private readonly levels: HashColumn[] = [];
  private readonly empty: Uint8Array;
  /** 0x01 ‖ left ‖ right, reused: node hashing is most of the cost of loading a large log. */
  private readonly nodeInput: Uint8Array;

  constructor(
    private readonly hash: HashFn,
    readonly width = 32,
  ) {
    this.empty = emptyRoot(hash);
    this.nodeInput = new Uint8Array(1 + 2 * width);
    this.nodeInput[0] = 0x01;
  }

  get size(): number {
    return this.levels[0]?.length ?? 0;
  }

  /** Appends one leaf hash (H(0x00 ‖ entry bytes)). */
  append(leaf: Uint8Array): void {
    if (leaf.length !== this.width) throw new RangeError(`A leaf hash is ${this.width} bytes`);
    let level = 0;
    let column = this.column(0);
    column.push(leaf);
    while (column.length % 2 === 0) {
      // nodeHash() of @ggzy/contracts without its allocation (the hash copies its input).
      this.nodeInput.set(column.get(column.length - 2), 1);
      this.nodeInput.set(column.get(column.length - 1), 1 + this.width);
      const parent = this.hash(this.nodeInput);
      level += 1;
      column = this.column(level);
      column.push(parent);
    }
  }

  leaf(index: number): Uint8Array {
    this.check(index < this.size, `No leaf ${index} in a tree of ${this.size}`);
    return this.column(0).get(index);
  }

  /** MTH of the first `size` leaves. */
  root(size: number = this.size): Uint8Array {
    this.checkSize(size);
    return size === 0 ? this.empty : this.subtree(0, size);
  }

  /** PATH(index, D[size]) of RFC 9162 §2.1.3.1: the sibling hashes from the leaf up. */
  inclusionProof(index: number, size: number = this.size): Uint8Array[] {
    this.checkSize(size);
    this.check(Number.isSafeInteger(index) && index >= 0 && index < size, `No leaf ${index} in a tree of ${size}`);
    const proof: Uint8Array[] = [];
    this.path(index, 0, size, proof);
    return proof;
  }

  /** PROOF(size1, D[size2]) of RFC 9162 §2.1.4.1. Empty when the sizes are equal; refused from the empty tree. */
  consistencyProof(size1: number, size2: number = this.size): Uint8Array[] {
    this.checkSize(size2);
    this.check(Number.isSafeInteger(size1) && size1 > 0 && size1 <= size2, `No consistency proof from ${size1} to ${size2}`);
    const proof: Uint8Array[] = [];
    if (size1 < size2) this.subproof(size1, 0, size2, true, proof);
    return proof;
  }

  private path(m: number, start: number, n: number, out: Uint8Array[]): void {
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      this.path(m, start, k, out);
      out.push(this.subtree(start + k, start + n));
    } else {
      this.path(m - k, start + k, n - k, out);
      out.push(this.subtree(start, start + k));
    }
  }

  private subproof(m: number, start: number, n: number, whole: boolean, out: Uint8Array[]): void {
    if (m === n) {
      if (!whole) out.push(this.subtree(start, start + n));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      this.subproof(m, start, k, whole, out);
      out.push(this.subtree(start + k, start + n));
    } else {
      this.subproof(m - k, start + k, n - k, false, out);
      out.push(this.subtree(start, start + k));
    }
  }

  /**
   * MTH(D[start:end]). In every range the RFC recursion asks for, `start` is a multiple of the
   * largest power of two ≤ the range's length, so a power-of-two range is one stored node.
   */
  private subtree(start: number, end: number): Uint8Array {
    const n = end - start;
    const level = log2Exact(n);
    if (level >= 0) return this.column(level).get(start / n);
    const k = splitPoint(n);
    return nodeHash(this.hash, this.subtree(start, start + k), this.subtree(start + k, end));
  }

  private column(level: number): HashColumn {
    let column = this.levels[level];
    if (!column) {
      column = new HashColumn(this.width);
      this.levels[level] = column;
    }
    return column;
  }

  private checkSize(size: number): void {
    this.check(Number.isSafeInteger(size) && size >= 0 && size <= this.size, `The tree has ${this.size} leaves, not ${size}`);
  }

  private check(condition: boolean, message: string): asserts condition {
    if (!condition) throw new RangeError(message);
  }
}

/** log2(n) when n is a power of two, else -1. */
function log2Exact(n: number): number {
  let level = 0;
  let m = n;
  while (m > 1 && m % 2 === 0) {
    m /= 2;
    level += 1;
  }
  return m === 1 ? level : -1;
}

const CHUNK_HASHES = 8192;

/** An append-only array of fixed-width hashes in 256 KiB chunks (no copying when it grows). */
class HashColumn {
  private readonly chunks: Uint8Array[] = [];
  length = 0;

  constructor(private readonly width: number) {}

  push(hash: Uint8Array): void {
    const slot = this.length % CHUNK_HASHES;
    if (slot === 0) this.chunks.push(new Uint8Array(CHUNK_HASHES * this.width));
    const chunk = this.chunks[this.chunks.length - 1];
    if (!chunk) throw new Error('unreachable');
    chunk.set(hash, slot * this.width);
    this.length += 1;
  }

  /** A view into the column; callers must not write to it. */
  get(index: number): Uint8Array {
    const chunk = this.chunks[Math.floor(index / CHUNK_HASHES)];
    if (!chunk || index >= this.length) throw new RangeError(`No hash ${index} in a column of ${this.length}`);
    const offset = (index % CHUNK_HASHES) * this.width;
    return chunk.subarray(offset, offset + this.width);
  }
}

/**
 * The root of a growing tree in O(log n) memory: the hashes of the complete subtrees along the
 * right edge (a "compact range" from 0). For the verifier, which streams every entry once.
 */
export class CompactTree {
  private readonly stack: Array<{ height: number; hash: Uint8Array }> = [];
  size = 0;

  constructor(private readonly hash: HashFn) {}

  append(leaf: Uint8Array): void {
    let node = { height: 0, hash: leaf };
    for (let top = this.stack.at(-1); top && top.height === node.height; top = this.stack.at(-1)) {
      this.stack.pop();
      node = { height: node.height + 1, hash: nodeHash(this.hash, top.hash, node.hash) };
    }
    this.stack.push(node);
    this.size += 1;
  }

  root(): Uint8Array {
    const last = this.stack.at(-1);
    if (!last) return emptyRoot(this.hash);
    let root = last.hash;
    for (let i = this.stack.length - 2; i >= 0; i -= 1) {
      const left = this.stack[i];
      if (left) root = nodeHash(this.hash, left.hash, root);
    }
    return root;
  }
}
