/**
 * Merkle tree hashing and proof verification of RFC 6962 / RFC 9162 (§2.1), for any hash
 * function: SM3 in China (GM/T 0004), SHA-256 for the international variant. Pure TypeScript with
 * no platform imports, so the server (node:crypto) and the browser (sm-crypto-v2's `sm3`,
 * @noble/hashes' `sha256`) run the same code:
 *
 *   leaf hash = H(0x00 ‖ data)
 *   node hash = H(0x01 ‖ left ‖ right)
 *   MTH(D[n]) = H(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])), k = the largest power of two < n
 *   MTH({})   = H("")
 *
 * Tree sizes and indexes are JavaScript numbers: exact up to 2^53, far beyond any log size.
 */

/** A hash function: bytes in, digest out (synchronous; 32 bytes for SM3 and SHA-256). */
export type HashFn = (data: Uint8Array) => Uint8Array;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/** H(0x00 ‖ data): the hash of one log entry's bytes. */
export function leafHash(hash: HashFn, data: Uint8Array): Uint8Array {
  const input = new Uint8Array(data.length + 1);
  input[0] = LEAF_PREFIX;
  input.set(data, 1);
  return hash(input);
}

/** H(0x01 ‖ left ‖ right): the hash of an interior node. */
export function nodeHash(hash: HashFn, left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return hash(input);
}

/** MTH({}) = H(""), the root of the empty tree. */
export function emptyRoot(hash: HashFn): Uint8Array {
  return hash(new Uint8Array(0));
}

/** The largest power of two strictly smaller than n (n ≥ 2): where RFC 6962 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The outcome of a verification: `ok`, or the reason it failed (for logs and the UI). */
export type Verdict = { ok: true } | { ok: false; reason: string };

const OK: Verdict = { ok: true };
const fail = (reason: string): Verdict => ({ ok: false, reason });

/**
 * The root that an inclusion proof yields for `leafHash` at `index` in a tree of `size` leaves
 * (RFC 9162 §2.1.3.2), or an error reason when the proof has the wrong shape.
 */
export function rootFromInclusionProof(
  hash: HashFn,
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): { ok: true; root: Uint8Array } | { ok: false; reason: string } {
  if (!isCount(index) || !isCount(size)) return { ok: false, reason: 'the index and the tree size must be non-negative integers' };
  if (index >= size) return { ok: false, reason: `leaf index ${index} is not in a tree of ${size} leaves` };
  const width = hash(new Uint8Array(0)).length;
  if (leaf.length !== width) return { ok: false, reason: `the leaf hash has ${leaf.length} bytes, not ${width}` };
  if (proof.some((p) => p.length !== width)) return { ok: false, reason: `a proof element is not ${width} bytes long` };
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return { ok: false, reason: 'the proof is longer than the path from the leaf to the root' };
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(hash, p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(hash, r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return { ok: false, reason: 'the proof is shorter than the path from the leaf to the root' };
  return { ok: true, root: r };
}

/** Checks that `leafHash` is the leaf at `index` of the tree of `size` leaves whose root is `root`. */
export function verifyInclusion(
  hash: HashFn,
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Verdict {
  const computed = rootFromInclusionProof(hash, index, size, leaf, proof);
  if (!computed.ok) return computed;
  return equalBytes(computed.root, root) ? OK : fail('the proof leads to another root');
}

/**
 * The two roots a consistency proof yields (RFC 9162 §2.1.4.2): the root of the first `size1`
 * leaves and the root of all `size2` leaves, given the proof and the old root (which is the
 * first proof element when `size1` is a power of two and therefore omitted from the proof).
 */
export function rootsFromConsistencyProof(
  hash: HashFn,
  size1: number,
  size2: number,
  root1: Uint8Array,
  proof: readonly Uint8Array[],
): { ok: true; root1: Uint8Array; root2: Uint8Array } | { ok: false; reason: string } {
  if (!isCount(size1) || !isCount(size2)) return { ok: false, reason: 'the tree sizes must be non-negative integers' };
  if (size2 < size1) return { ok: false, reason: `the new tree (${size2}) is smaller than the old one (${size1})` };
  // A proof from the empty tree proves nothing (every tree extends it): refused, as in RFC 9162 and the vectors.
  if (size1 === 0) return { ok: false, reason: 'there is no consistency proof from the empty tree' };
  // Equal sizes: the roots must be equal and the proof empty; nothing is hashed, so (as in
  // transparency-dev/merkle, whose vectors rely on it) the hash width is not checked.
  if (size1 === size2) {
    return proof.length === 0 ? { ok: true, root1, root2: root1 } : { ok: false, reason: 'equal tree sizes take an empty proof' };
  }
  const width = hash(new Uint8Array(0)).length;
  if (root1.length !== width) return { ok: false, reason: `the old root has ${root1.length} bytes, not ${width}` };
  if (proof.some((p) => p.length !== width)) return { ok: false, reason: `a proof element is not ${width} bytes long` };
  if (proof.length === 0) return { ok: false, reason: 'the proof is empty' };
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  const [first, ...rest] = path;
  if (!first) return { ok: false, reason: 'the proof is empty' };
  let fr = first;
  let sr = first;
  for (const c of rest) {
    if (sn === 0) return { ok: false, reason: 'the proof is longer than needed' };
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(hash, c, fr);
      sr = nodeHash(hash, c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(hash, sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return { ok: false, reason: 'the proof is shorter than needed' };
  return { ok: true, root1: fr, root2: sr };
}

/** Checks that the tree of `size2` leaves with root `root2` extends the tree of `size1` leaves with root `root1`. */
export function verifyConsistency(
  hash: HashFn,
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): Verdict {
  const computed = rootsFromConsistencyProof(hash, size1, size2, root1, proof);
  if (!computed.ok) return computed;
  if (!equalBytes(computed.root1, root1)) return fail('the proof does not lead to the old root');
  if (!equalBytes(computed.root2, root2)) return fail('the proof does not lead to the new root');
  return OK;
}

/** Constant-time-ish equality of two byte strings (the lengths are public). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/**
 * The root of a whole small tree and every leaf's inclusion proof at once (RFC 9162 §2.1.1 and
 * §2.1.3.1, by their recursive definitions): for signing a batch with one signature whose members
 * each carry their path. O(n log n) hashes; meant for batches, not for the log (MerkleTree there).
 */
export function merkleRootAndPaths(hash: HashFn, leaves: readonly Uint8Array[]): { root: Uint8Array; paths: Uint8Array[][] } {
  if (leaves.length === 0) return { root: emptyRoot(hash), paths: [] };
  if (leaves.length === 1) return { root: leaves[0] as Uint8Array, paths: [[]] };
  const k = splitPoint(leaves.length);
  const left = merkleRootAndPaths(hash, leaves.slice(0, k));
  const right = merkleRootAndPaths(hash, leaves.slice(k));
  return {
    root: nodeHash(hash, left.root, right.root),
    paths: [...left.paths.map((path) => [...path, right.root]), ...right.paths.map((path) => [...path, left.root])],
  };
}
