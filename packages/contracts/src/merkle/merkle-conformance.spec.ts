import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromBase64 } from './encoding.js';
import { verifyConsistency, verifyInclusion } from './merkle.js';

/**
 * Conformance with the transparency-dev/merkle test vectors (RFC 6962 / 9162, SHA-256), copied
 * to ../shared/reference/merkle next to the repository: 196 probes, 12 valid, the rest tampered
 * (bit flips, wrong index or size, garbage before or after the proof, wrong roots, …). Every
 * probe must give exactly its expected verdict.
 */
const REPO_ROOT = resolve(import.meta.dirname, '../../../..');
const VECTORS = resolve(REPO_ROOT, '../shared/reference/merkle');

if (!existsSync(join(VECTORS, 'inclusion')) || !existsSync(join(VECTORS, 'consistency'))) {
  throw new Error(
    `The Merkle test vectors are missing: expected ${VECTORS}/{inclusion,consistency} (the repository is checked out next to shared/).`,
  );
}

const sha256 = (data: Uint8Array): Uint8Array => createHash('sha256').update(data).digest();

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

interface InclusionProbe {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

interface ConsistencyProbe {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

const load = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const bytes = (b64: string) => fromBase64(b64);

const inclusion = jsonFiles(join(VECTORS, 'inclusion')).map((path) => ({ name: relative(VECTORS, path), probe: load<InclusionProbe>(path) }));
const consistency = jsonFiles(join(VECTORS, 'consistency')).map((path) => ({
  name: relative(VECTORS, path),
  probe: load<ConsistencyProbe>(path),
}));

describe('Merkle proof vectors of transparency-dev/merkle (shared/reference/merkle)', () => {
  it('are all there: 196 probes, 12 of them valid', () => {
    expect(inclusion.length + consistency.length).toBe(196);
    expect([...inclusion, ...consistency].filter((v) => !v.probe.wantErr)).toHaveLength(12);
  });

  it.each(inclusion)('inclusion $name', ({ probe }) => {
    const verdict = verifyInclusion(sha256, probe.leafIdx, probe.treeSize, bytes(probe.leafHash), (probe.proof ?? []).map(bytes), bytes(probe.root));
    expect(verdict.ok, `${probe.desc}: ${verdict.ok ? 'accepted' : verdict.reason}`).toBe(!probe.wantErr);
  });

  it.each(consistency)('consistency $name', ({ probe }) => {
    const verdict = verifyConsistency(
      sha256,
      probe.size1,
      probe.size2,
      bytes(probe.root1),
      bytes(probe.root2),
      (probe.proof ?? []).map(bytes),
    );
    expect(verdict.ok, `${probe.desc}: ${verdict.ok ? 'accepted' : verdict.reason}`).toBe(!probe.wantErr);
  });
});
