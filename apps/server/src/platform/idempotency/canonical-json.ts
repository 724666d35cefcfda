import { createHash } from 'node:crypto';
import { canonicalJson } from '@ggzy/contracts';

/**
 * Canonical JSON (sorted keys, JSON.stringify otherwise) lives in @ggzy/contracts: the browser
 * signs and verifies the same bytes (bid manifests, receipts). This module keeps the server's
 * import path and adds the idempotency hash.
 *
 * Two requests that mean the same thing (same fields, keys in another order) must get the same
 * idempotency hash, or a client library that rebuilds its JSON on retry would be told its key
 * was reused.
 */
export { canonicalJson };

/** SHA-256 (hex) of the canonical JSON of a request body: what an idempotency key is bound to. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}
