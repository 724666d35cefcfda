import {
  emptyRoot,
  type HashFn,
  leafHash,
  nodeHash,
  rootFromInclusionProof,
  splitPoint,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from '@ggzy/contracts';
import { describe, expect, it } from 'vitest';
import { sha256, sm3 } from './hashes.js';
import { CompactTree, MerkleTree } from './tree.js';

/**
 * The in-memory tree against a naive reference written straight from RFC 9162 §2.1 (MTH, PATH,
 * PROOF over a list of leaves), for SM3 and SHA-256 and every tree size from 0 to 2,048:
 * roots always; every inclusion proof and every consistency pair for sizes up to 64, a sample
 * (first, last, split points and seeded random picks) above. Every generated proof must also
 * verify with the shared verifier of @ggzy/contracts, and fail for a neighbouring index or size.
 */
const MAX_SIZE = 2048;
const EXHAUSTIVE_UP_TO = 64;
const SAMPLES = 6;

function naive(hash: HashFn, leaves: readonly Uint8Array[]) {
  const memo = new Map<string, Uint8Array>();
  // MTH(D[start:end]); memoised because every size shares the same prefix of leaves.
  const mth = (start: number, end: number): Uint8Array => {
    const key = `${start}:${end}`;
    const known = memo.get(key);
    if (known) return known;
    const n = end - start;
    let result: Uint8Array;
    if (n === 0) result = emptyRoot(hash);
    else if (n === 1) result = leaves[start] ?? new Uint8Array();
    else {
      const k = splitPoint(n);
      result = nodeHash(hash, mth(start, start + k), mth(start + k, end));
    }
    memo.set(key, result);
    return result;
  };
  const path = (m: number, start: number, end: number): Uint8Array[] => {
    const n = end - start;
    if (n <= 1) return [];
    const k = splitPoint(n);
    return m < k ? [...path(m, start, start + k), mth(start + k, end)] : [...path(m - k, start + k, end), mth(start, start + k)];
  };
  const subproof = (m: number, start: number, end: number, b: boolean): Uint8Array[] => {
    const n = end - start;
    if (m === n) return b ? [] : [mth(start, end)];
    const k = splitPoint(n);
    return m <= k
      ? [...subproof(m, start, start + k, b), mth(start + k, end)]
      : [...subproof(m - k, start + k, end, false), mth(start, start + k)];
  };
  return {
    root: (n: number) => mth(0, n),
    inclusion: (m: number, n: number) => path(m, 0, n),
    consistency: (m: number, n: number) => (m === n ? [] : subproof(m, 0, n, true)),
  };
}

/** A small seeded PRNG (mulberry32), so a failure is reproducible. */
function random(seed: number) {
  let a = seed;
  return (below: number): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

function picks(n: number, next: (below: number) => number): number[] {
  if (n <= EXHAUSTIVE_UP_TO) return Array.from({ length: n }, (_, i) => i);
  const chosen = new Set([0, n - 1, splitPoint(n) - 1, splitPoint(n), Math.floor(n / 2)]);
  while (chosen.size < 5 + SAMPLES) chosen.add(next(n));
  return [...chosen].filter((i) => i >= 0 && i < n);
}

const hex = (list: readonly Uint8Array[]) => list.map(toHex);

/** A copy of the proof with the lowest bit of its first element's first byte flipped. */
function flipFirstBit(proof: readonly Uint8Array[]): Uint8Array[] {
  return proof.map((p, i) => (i === 0 ? Uint8Array.from(p, (b, k) => (k === 0 ? b ^ 1 : b)) : p));
}

describe.each([
  { name: 'SM3', hash: sm3 },
  { name: 'SHA-256', hash: sha256 },
])('Merkle tree with $name against the naive RFC 9162 reference', ({ hash }) => {
  const leaves = Array.from({ length: MAX_SIZE }, (_, i) => leafHash(hash, new TextEncoder().encode(`entry ${i}`)));
  const reference = naive(hash, leaves);
  const tree = new MerkleTree(hash);
  const compact = new CompactTree(hash);
  const next = random(20261127);

  it(`has the reference root at every size from 0 to ${MAX_SIZE}, also for every smaller size afterwards`, () => {
    expect(toHex(tree.root())).toBe(toHex(reference.root(0)));
    for (let n = 1; n <= MAX_SIZE; n += 1) {
      tree.append(leaves[n - 1] ?? new Uint8Array());
      compact.append(leaves[n - 1] ?? new Uint8Array());
      expect(toHex(tree.root())).toBe(toHex(reference.root(n)));
      expect(toHex(compact.root())).toBe(toHex(reference.root(n)));
    }
    for (let n = 0; n <= MAX_SIZE; n += 1) expect(toHex(tree.root(n))).toBe(toHex(reference.root(n)));
  });

  // Thousands of proofs per size class: plain comparisons collecting failures, one expect at the end.
  it('gives the reference inclusion proof for every leaf (small sizes) or a sample (larger); they verify, tampered ones do not', () => {
    const failures: string[] = [];
    let checked = 0;
    for (let n = 1; n <= MAX_SIZE; n += 1) {
      const root = tree.root(n);
      for (const m of picks(n, next)) {
        const proof = tree.inclusionProof(m, n);
        const leaf = tree.leaf(m);
        const derived = rootFromInclusionProof(hash, m, n, leaf, proof);
        const problems = [
          hex(proof).join() !== hex(reference.inclusion(m, n)).join() && 'differs from the reference',
          !verifyInclusion(hash, m, n, leaf, proof, root).ok && 'does not verify',
          !(derived.ok && toHex(derived.root) === toHex(root)) && 'leads to another root',
          n > 1 && verifyInclusion(hash, (m + 1) % n, n, leaf, proof, root).ok && 'verifies for the next index',
          proof.length > 0 && verifyInclusion(hash, m, n, leaf, flipFirstBit(proof), root).ok && 'verifies with a flipped bit',
          verifyInclusion(hash, m, n, flipFirstBit([leaf])[0] ?? leaf, proof, root).ok && 'verifies for another leaf',
        ].filter(Boolean);
        if (problems.length > 0) failures.push(`leaf ${m} of ${n}: ${problems.join(', ')}`);
        checked += 1;
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(checked).toBeGreaterThan(20_000);
  }, 120_000);

  it('gives the reference consistency proof for every pair (small sizes) or a sample (larger); they verify, tampered ones do not', () => {
    const failures: string[] = [];
    let checked = 0;
    for (let n = 1; n <= MAX_SIZE; n += 1) {
      const root2 = tree.root(n);
      for (const m of picks(n, next).map((i) => i + 1)) {
        const proof = tree.consistencyProof(m, n);
        const root1 = tree.root(m);
        const problems = [
          hex(proof).join() !== hex(reference.consistency(m, n)).join() && 'differs from the reference',
          !verifyConsistency(hash, m, n, root1, root2, proof).ok && 'does not verify',
          m < n && verifyConsistency(hash, m, n, root2, root1, proof).ok && 'verifies with the roots swapped',
          m < n && verifyConsistency(hash, m, n, root1, root2, flipFirstBit(proof)).ok && 'verifies with a flipped bit',
        ].filter(Boolean);
        if (problems.length > 0) failures.push(`${m} → ${n}: ${problems.join(', ')}`);
        checked += 1;
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(checked).toBeGreaterThan(20_000);
  }, 120_000);

  it('refuses proofs outside the tree', () => {
    expect(() => tree.inclusionProof(MAX_SIZE, MAX_SIZE)).toThrow(RangeError);
    expect(() => tree.inclusionProof(0, MAX_SIZE + 1)).toThrow(RangeError);
    expect(() => tree.consistencyProof(0, 5)).toThrow(RangeError);
    expect(() => tree.consistencyProof(6, 5)).toThrow(RangeError);
    expect(() => tree.root(MAX_SIZE + 1)).toThrow(RangeError);
  });
});

/** The reference values of domain/security.md §3.2 (the classic CT leaves), for both variants. */
describe('the §3.2 reference tree (CT test leaves)', () => {
  const data = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(
    (h) => new Uint8Array(Buffer.from(h, 'hex')),
  );
  const roots = {
    sha256: [
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ],
    sm3: [
      '1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b',
      '2daef60e7a0b8f5e024c81cd2ab3109f2b4f155cf83adeb2ae5532f74a157fdf',
      '0b990fe0c7ad70f1bf1a1262f2c7908ea48146b14253a6db99f2917ab1f5cc4d',
      '209ec96a210d662a964772680e8544d18cab7b88ffec3e00962220349b56ea56',
      '28e4e307ef6d2d0c62d84b11ef96e835efe490f35b93c8f024ecfe38c8dd4377',
      'bb10c996aeebbcdc69be3715fc847344de77442d37a5ab8213da9f41785b103b',
      '8723c1ab1f82ddfba4a3733ac0c80d936d9f4c208c7dbc8cc81ca9fff8584f66',
      'bd36c22a1ac6ff4308e0c3cc1a85bf0ffa30538ec60a55c70413ab15d45db4d2',
      'bc48ba7a709184b5f2a631e1adeb8dc2a0d4c018c1d6cc89b5664fe154c93b38',
    ],
  };
  const proofs = {
    sha256: {
      leaf2: '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
      inclusion2of5: [
        '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
        'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      ],
      consistency3to7: [
        '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
        '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
        'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
        '837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e',
      ],
    },
    sm3: {
      leaf2: 'c93540f0356ca5170858329e6d483f335894dac0de71c64ff8b51cba68cce396',
      inclusion2of5: [
        '796e7bd749551d8e3dbd787d5fdbc62771c9a04db51a53bdbc004211f606ee6a',
        '0b990fe0c7ad70f1bf1a1262f2c7908ea48146b14253a6db99f2917ab1f5cc4d',
        'a798bfdb4164a6c7b41a6faecc5c3155cf04d38929dcbd4fe21dea29071aac64',
      ],
      consistency3to7: [
        'c93540f0356ca5170858329e6d483f335894dac0de71c64ff8b51cba68cce396',
        '796e7bd749551d8e3dbd787d5fdbc62771c9a04db51a53bdbc004211f606ee6a',
        '0b990fe0c7ad70f1bf1a1262f2c7908ea48146b14253a6db99f2917ab1f5cc4d',
        '6f59d73facf2001681a4932aa0ec3c8006b2911c498c6dda229de1b618670d4e',
      ],
    },
  };

  it.each([
    { name: 'sha256' as const, hash: sha256 },
    { name: 'sm3' as const, hash: sm3 },
  ])('$name: roots of sizes 0–8, the inclusion proof of leaf 2 in 5 and the consistency proof 3 → 7', ({ name, hash }) => {
    const tree = new MerkleTree(hash);
    expect(toHex(tree.root())).toBe(roots[name][0]);
    data.forEach((d, i) => {
      tree.append(leafHash(hash, d));
      expect(toHex(tree.root()), `size ${i + 1}`).toBe(roots[name][i + 1]);
    });
    expect(toHex(tree.leaf(2))).toBe(proofs[name].leaf2);
    expect(hex(tree.inclusionProof(2, 5))).toEqual(proofs[name].inclusion2of5);
    expect(hex(tree.consistencyProof(3, 7))).toEqual(proofs[name].consistency3to7);
    // Flipping one bit of any element must fail.
    const proof = tree.inclusionProof(2, 5);
    proof.forEach((_, i) => {
      const tampered = proof.map((p, j) => (j === i ? Uint8Array.from(p, (b, k) => (k === 0 ? b ^ 1 : b)) : p));
      expect(verifyInclusion(hash, 2, 5, tree.leaf(2), tampered, tree.root(5)).ok).toBe(false);
    });
  });
});
