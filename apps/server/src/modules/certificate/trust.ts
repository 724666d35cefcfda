import type { Executor } from '../../platform/db/tables.js';
import { certificateRepository as repo } from './certificate.repository.js';
import type { TrustAnchor } from './x509/chain.js';
import { parseCertificate } from './x509/x509.js';

/**
 * The recognised foreign roots (mutual recognition), parsed once and kept in memory. Every check
 * first reads the one-row trust generation (a primary-key lookup); each import or removal bumps
 * it in its own transaction, so a change takes effect on every node at its next request —
 * nothing outlives the change.
 */
export function createTrust(db: Executor) {
  let cached: { generation: string; anchors: TrustAnchor[] } | undefined;
  return {
    async anchors(): Promise<TrustAnchor[]> {
      const generation = await repo.trustGeneration(db);
      if (cached?.generation === generation) return cached.anchors;
      const rows = await repo.listActiveTrustedRoots(db);
      const anchors = rows.map((row): TrustAnchor => ({
        certificate: parseCertificate(new Uint8Array(row.certificate_der)),
        source: 'recognised',
        id: row.id,
      }));
      cached = { generation, anchors };
      return anchors;
    },
    invalidate(): void {
      cached = undefined;
    },
  };
}

export type Trust = ReturnType<typeof createTrust>;
