/**
 * The expert draw (专家抽取, lifecycles.md §5) as a pure, re-runnable function.
 *
 * Random source: a deterministic bit generator HMAC-SM3(seed, "ggzy/expert-draw/v1" ‖ counter)
 * (counter = 64-bit big-endian block number, 32 bytes per block) read as a stream of 32-bit
 * unsigned integers; a uniform index in [0, n) uses rejection sampling (no modulo bias).
 * Candidates are sorted canonically by id, specialties by code, so the panel depends only on the
 * seed, the candidate list, the request, the exclusions and the recorded supplementary rounds.
 *
 * Supplementary draws (补抽) continue the same stream: a replay runs the initial draw and then
 * every recorded round in order, each replacing the released experts in their specialty slot, so
 * anyone holding the revealed seed and the logged inputs gets the same final panel.
 */
import {
  candidateListBytes,
  canonicalCandidates,
  type DrawCandidate,
  type DrawOutcome,
  drawPanel as sharedDrawPanel,
  type DrawRequest,
  EXPERT_DRAW_DOMAIN,
  type SupplementaryRound,
} from '@ggzy/contracts';
import { sm3Hex } from '../../../platform/crypto/gm/index.js';
import { hmacSm3, SeededStream, seedCommitment } from '../../../platform/crypto/seeded-stream.js';

// The pure draw lives in @ggzy/contracts so that the browser re-runs a revealed draw with the same code.
export { canonicalCandidates, seedCommitment };
export type { DrawCandidate, DrawnMember, DrawOutcome, DrawRequest, SupplementaryRound } from '@ggzy/contracts';

/** The kernel's seeded stream under this draw's domain string. */
export class DrawStream extends SeededStream {
  constructor(seed: Uint8Array) {
    super(seed, EXPERT_DRAW_DOMAIN);
  }
}

/** SM3 over the canonical JSON of the candidate list and exclusions: logged before the draw. */
export function candidateListHash(candidates: readonly DrawCandidate[], excluded: ReadonlySet<string> | readonly string[]): string {
  return sm3Hex(Buffer.from(candidateListBytes(candidates, excluded)));
}

/**
 * The draw. `excluded` are expert ids removed by avoidance (avoidance.ts); `rounds` are the
 * supplementary rounds recorded so far (none for the first draw).
 */
export function drawPanel(seed: Uint8Array, candidates: readonly DrawCandidate[], request: DrawRequest, excluded: ReadonlySet<string> | readonly string[], rounds: readonly SupplementaryRound[] = []): DrawOutcome {
  return sharedDrawPanel(hmacSm3, seed, candidates, request, excluded, rounds);
}

export interface DrawRecord {
  seedHex: string;
  seedCommitment: string;
  candidateHash: string;
  candidates: readonly DrawCandidate[];
  excluded: readonly string[];
  request: DrawRequest;
  rounds: readonly SupplementaryRound[];
}

/** What anyone can do with a revealed draw: check the seed against its commitment, the inputs against their hash, and re-run it. */
export function verifyDraw(record: DrawRecord): { commitmentMatches: boolean; candidateHashMatches: boolean; outcome: DrawOutcome } {
  const seed = Buffer.from(record.seedHex, 'hex');
  return {
    commitmentMatches: seedCommitment(seed) === record.seedCommitment,
    candidateHashMatches: candidateListHash(record.candidates, record.excluded) === record.candidateHash,
    outcome: drawPanel(seed, record.candidates, record.request, record.excluded, record.rounds),
  };
}
