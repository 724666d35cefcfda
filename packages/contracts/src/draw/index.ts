/**
 * The expert draw (专家抽取, lifecycles.md §5) as a pure, re-runnable function, shared by the
 * server (which draws) and the browser (which re-runs a revealed draw to check it). No platform
 * imports: the HMAC-SM3 is passed in — node:crypto on the server, sm-crypto-v2 in the browser —
 * as merkle.ts takes its hash.
 *
 * Random source: a deterministic bit generator HMAC-SM3(seed, domain ‖ u64be(counter)), 32 bytes
 * per block, read as 32-bit unsigned integers; a uniform index in [0, n) uses rejection sampling
 * (no modulo bias). Candidates are sorted canonically by id, specialties by code, so the panel
 * depends only on the seed, the candidate list, the request, the exclusions and the recorded
 * supplementary rounds.
 *
 * Supplementary draws (补抽) continue the same stream: a replay runs the initial draw and then
 * every recorded round in order, each replacing the released experts in their specialty slot, so
 * anyone holding the revealed seed and the logged inputs gets the same final panel.
 */

/** HMAC-SM3(key, data), synchronous. */
export type HmacFn = (key: Uint8Array, data: Uint8Array) => Uint8Array;

/** The domain string of the expert draw's stream (one seed never serves two purposes). */
export const EXPERT_DRAW_DOMAIN = 'ggzy/expert-draw/v1';

export class SeededStream {
  private counter = 0n;
  private block: Uint8Array = new Uint8Array(0);
  private offset = 0;
  private readonly domain: Uint8Array;
  constructor(
    private readonly seed: Uint8Array,
    domain: string,
    private readonly hmac: HmacFn,
  ) {
    if (seed.length < 16) throw new RangeError('The draw seed must have at least 128 bits');
    this.domain = new TextEncoder().encode(domain);
  }

  private nextUint32(): number {
    if (this.offset + 4 > this.block.length) {
      const input = new Uint8Array(this.domain.length + 8);
      input.set(this.domain);
      new DataView(input.buffer).setBigUint64(this.domain.length, this.counter++);
      this.block = this.hmac(this.seed, input);
      this.offset = 0;
    }
    const value = new DataView(this.block.buffer, this.block.byteOffset, this.block.byteLength).getUint32(this.offset);
    this.offset += 4;
    return value;
  }

  /** Uniform integer in [0, n). */
  uniform(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 0xffffffff) throw new RangeError(`Cannot draw from ${n} items`);
    const limit = Math.floor(0x100000000 / n) * n;
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }
}

export interface DrawCandidate {
  id: string;
  specialties: readonly string[];
}

export interface DrawRequest {
  /** How many experts per specialty code. */
  slots: ReadonlyArray<{ specialty: string; count: number }>;
}

export interface DrawnMember {
  expertId: string;
  specialty: string;
  /** 1 normal draw, 2 supplementary (补抽), as ExpertDataTypeEnum. */
  drawType: 1 | 2;
  /** 0 = initial draw, k = k-th supplementary round. */
  round: number;
}

export interface SupplementaryRound {
  /** Experts who declined, did not answer or were recused in this round, in any order. */
  released: readonly string[];
}

export interface DrawOutcome {
  /** Every pick in draw order, including later released ones. */
  picks: DrawnMember[];
  /** The current panel: picks not released. */
  panel: DrawnMember[];
  /** Slots that could not be filled: the pool of that specialty is exhausted. */
  shortfall: Array<{ specialty: string; missing: number }>;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function canonicalCandidates(candidates: readonly DrawCandidate[]): DrawCandidate[] {
  const seen = new Set<string>();
  for (const c of candidates) {
    if (seen.has(c.id)) throw new RangeError(`Candidate ${c.id} is listed twice`);
    seen.add(c.id);
  }
  return [...candidates].map((c) => ({ id: c.id, specialties: [...new Set(c.specialties)].toSorted() })).toSorted(byId);
}

function canonicalSlots(request: DrawRequest) {
  const merged = new Map<string, number>();
  for (const s of request.slots) {
    if (!Number.isInteger(s.count) || s.count < 1) throw new RangeError(`Count for ${s.specialty} must be a positive integer`);
    merged.set(s.specialty, (merged.get(s.specialty) ?? 0) + s.count);
  }
  return [...merged.entries()].toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([specialty, count]) => ({ specialty, count }));
}

/** The bytes whose SM3 is the candidate-list hash logged before the draw: canonical candidates and exclusions. */
export function candidateListBytes(candidates: readonly DrawCandidate[], excluded: ReadonlySet<string> | readonly string[]): Uint8Array {
  const list = canonicalCandidates(candidates);
  const exclusions = [...excluded].toSorted();
  return new TextEncoder().encode(JSON.stringify({ v: 1, candidates: list, excluded: exclusions }));
}

/**
 * The draw. `excluded` are expert ids removed by avoidance; `rounds` are the supplementary rounds
 * recorded so far (none for the first draw).
 */
export function drawPanel(
  hmac: HmacFn,
  seed: Uint8Array,
  candidates: readonly DrawCandidate[],
  request: DrawRequest,
  excluded: ReadonlySet<string> | readonly string[],
  rounds: readonly SupplementaryRound[] = [],
): DrawOutcome {
  const stream = new SeededStream(seed, EXPERT_DRAW_DOMAIN, hmac);
  const pool = canonicalCandidates(candidates);
  const out = new Set<string>(excluded);
  const picks: DrawnMember[] = [];
  const shortfall = new Map<string, number>();

  const pickOne = (specialty: string, drawType: 1 | 2, round: number): boolean => {
    const eligible = pool.filter((c) => !out.has(c.id) && c.specialties.includes(specialty));
    if (eligible.length === 0) return false;
    const chosen = eligible[stream.uniform(eligible.length)];
    if (!chosen) return false;
    out.add(chosen.id);
    picks.push({ expertId: chosen.id, specialty, drawType, round });
    return true;
  };

  for (const slot of canonicalSlots(request)) {
    for (let i = 0; i < slot.count; i++) if (!pickOne(slot.specialty, 1, 0)) shortfall.set(slot.specialty, (shortfall.get(slot.specialty) ?? 0) + 1);
  }
  const released = new Set<string>();
  rounds.forEach((r, index) => {
    const current = new Set(picks.filter((p) => !released.has(p.expertId)).map((p) => p.expertId));
    // Replacements in draw order of the released picks (not the order the caller listed them).
    const leaving = picks.filter((p) => r.released.includes(p.expertId) && current.has(p.expertId));
    for (const id of r.released) if (!current.has(id)) throw new RangeError(`Expert ${id} is not on the current panel`);
    for (const p of leaving) {
      released.add(p.expertId);
      if (!pickOne(p.specialty, 2, index + 1)) shortfall.set(p.specialty, (shortfall.get(p.specialty) ?? 0) + 1);
    }
  });
  return {
    picks,
    panel: picks.filter((p) => !released.has(p.expertId)),
    shortfall: [...shortfall.entries()].map(([specialty, missing]) => ({ specialty, missing })),
  };
}
