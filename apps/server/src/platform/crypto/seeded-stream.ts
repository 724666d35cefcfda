import { type HmacFn, SeededStream as SharedSeededStream } from '@ggzy/contracts';
import { hmacSm3 as gmHmacSm3, sm3Hex } from './gm/index.js';

/** The platform's HMAC-SM3 (crypto/gm), typed for the shared pure draw code of @ggzy/contracts. */
export const hmacSm3: HmacFn = gmHmacSm3;

/**
 * The random source of every auditable draw (expert panel, float point): a deterministic bit
 * generator HMAC-SM3(seed, domain ‖ u64be(counter)), 32 bytes per block, read as 32-bit unsigned
 * integers; a uniform index in [0, n) uses rejection sampling (no modulo bias). The domain string
 * names the draw and its version, so one seed never yields the same stream for two purposes.
 * Anyone holding the revealed seed gets the same numbers.
 * The code is @ggzy/contracts' (the browser re-runs a revealed draw with it); this is node's HMAC-SM3.
 */
export class SeededStream extends SharedSeededStream {
  constructor(seed: Uint8Array, domain: string) {
    super(seed, domain, hmacSm3);
  }
}

/** SM3(seed) as hex: the commitment published before a draw, checked against the seed revealed after it. */
export function seedCommitment(seed: Uint8Array): string {
  return sm3Hex(seed);
}
