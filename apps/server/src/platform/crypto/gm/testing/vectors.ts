import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The GM/T known-answer vectors of `shared/reference/gm-crypto`, which sits next to the
 * repository checkout (`<repo>/../shared/reference/gm-crypto`). Missing vectors fail the tests
 * loudly: a KAT suite that silently runs nothing proves nothing.
 */
export function repoRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && 'workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object)) return dir;
    if (dirname(dir) === dir) throw new Error(`No repository root (package.json with workspaces) above ${from}`);
  }
}

export const GM_VECTORS_DIR = join(repoRoot(), '..', 'shared', 'reference', 'gm-crypto');

export interface GmVectors {
  sm3: Array<{ id: string; message_hex: string; digest: string }>;
  sm4: Array<{
    id: string;
    mode: string;
    key: string;
    iv?: string;
    aad?: string;
    plaintext: string;
    ciphertext: string;
    tag?: string;
    iterations?: number;
  }>;
  sm2: {
    curves: Record<string, { p: string; a: string; b: string; Gx: string; Gy: string; n: string }>;
    signature: Array<{
      id: string;
      curve: string;
      user_id_ascii: string;
      private_key_dA: string;
      public_key_xA: string;
      public_key_yA: string;
      message_ascii: string;
      k: string;
      Z_A: string;
      e: string;
      r: string;
      s: string;
      signature_der?: string;
    }>;
    encryption: Array<{
      id: string;
      curve: string;
      recipient_private_key_dB: string;
      recipient_public_key_xB: string;
      recipient_public_key_yB: string;
      message_hex: string;
      k: string;
      C1_x: string;
      C1_y: string;
      C2: string;
      C3: string;
      ciphertext_C1C3C2: string;
      ciphertext_asn1_gmt0009: string;
    }>;
  };
}

export function loadGmVectors(dir = GM_VECTORS_DIR): GmVectors {
  const file = join(dir, 'gm-test-vectors.json');
  const sources = join(dir, 'SOURCES.md');
  if (!existsSync(file) || !existsSync(sources)) {
    throw new Error(`GM test vectors not found at ${dir} — check out the "shared" folder next to the repository (../shared/reference/gm-crypto).`);
  }
  const bytes = readFileSync(file);
  // SOURCES.md records the SHA-256 of the vector file: a changed file must come with changed sources.
  const recorded = /SHA-256 `([0-9a-f]{64})`/.exec(readFileSync(sources, 'utf8'))?.[1];
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (recorded !== actual) throw new Error(`gm-test-vectors.json has SHA-256 ${actual}, SOURCES.md records ${String(recorded)}`);
  return JSON.parse(bytes.toString('utf8')) as GmVectors;
}
