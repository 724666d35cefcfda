/**
 * The live opening hall's pure rules (lifecycles.md §3.1): when a bidder may check in (签到), the
 * float point (浮动点) set and its verifiable draw (formulas.md §2), and what the hall's public
 * events may carry.
 */
import { SeededStream, seedCommitment } from '../../../platform/crypto/seeded-stream.js';

/** Check-in opens this long before the deadline unless the section configures otherwise (lifecycles.md §3.1: "a configurable lead time"; no statutory value). */
export const DEFAULT_CHECK_IN_LEAD_MINUTES = 30;

export type CheckInRefusal = { kind: 'tooEarly'; opensAt: Date } | { kind: 'over' };

/**
 * A bidder may check in from `leadMinutes` before the deadline until the opening closes (or fails).
 * Absence never invalidates a bid (EB7/EB9): this only records attendance.
 */
export function checkInRefusal(input: { now: Date; deadline: Date; leadMinutes: number; openingStatus: string | null }): CheckInRefusal | null {
  const opensAt = new Date(input.deadline.getTime() - input.leadMinutes * 60_000);
  if (input.now < opensAt) return { kind: 'tooEarly', opensAt };
  if (input.openingStatus === 'closed' || input.openingStatus === 'failed') return { kind: 'over' };
  return null;
}

/** The reference float-point set (formulas.md §2, enum `FloatPoint`): letter → k as a decimal fraction. */
export const FLOAT_POINTS = [
  { letter: 'A', rate: '0.015' },
  { letter: 'B', rate: '0.0125' },
  { letter: 'C', rate: '0.01' },
  { letter: 'D', rate: '0.0075' },
  { letter: 'E', rate: '0.005' },
  { letter: 'F', rate: '0.0025' },
] as const;
export type FloatPointLetter = (typeof FLOAT_POINTS)[number]['letter'];
export const FLOAT_POINT_LETTERS: readonly FloatPointLetter[] = FLOAT_POINTS.map((p) => p.letter);

/** How the drawn k enters the evaluation benchmark (formulas.md §2; `none` = no float point configured). */
export type FloatPointMode = 'discountBase' | 'expression';

export interface FloatPointConfig {
  mode: FloatPointMode;
  /** The configured set, a subset of A–F, in canonical (letter) order. */
  letters: FloatPointLetter[];
  expression?: string;
}

/** Canonical form of a configured set: letters of A–F, sorted, no repeats, at least two (a draw from one is no draw). */
export function canonicalFloatPointLetters(letters: readonly string[] | undefined): FloatPointLetter[] {
  const chosen = new Set(letters ?? FLOAT_POINT_LETTERS);
  for (const l of chosen) if (!(FLOAT_POINT_LETTERS as readonly string[]).includes(l)) throw new RangeError(`Unknown float point ${l}`);
  if (chosen.size < 2) throw new RangeError('A float point is drawn from at least two values');
  return FLOAT_POINT_LETTERS.filter((l) => chosen.has(l));
}

export const FLOAT_POINT_DRAW_DOMAIN = 'ggzy/float-point/v1';
export const FLOAT_POINT_ALGORITHM =
  'ggzy/float-point/v1: seed committed as SM3(seed) when the opening starts; the drawer gives a nonce; index = uniform(n) from HMAC-SM3(seed, "ggzy/float-point/v1:" ‖ nonce-hex ‖ u64be(counter)) with rejection sampling over the configured letters in A–F order';

export interface FloatPointDraw {
  letter: FloatPointLetter;
  rate: string;
  /** Index in the configured letters. */
  index: number;
}

/**
 * The draw: uniform over the configured set (formulas.md §2). The seed is committed before the
 * drawer's nonce is known, so neither the platform (fixed seed) nor the drawer (seed unknown)
 * can choose the outcome; anyone with the revealed seed and the nonce recomputes it.
 */
export function drawFloatPoint(seed: Uint8Array, nonceHex: string, letters: readonly FloatPointLetter[]): FloatPointDraw {
  if (!/^[0-9a-f]{32,128}$/.test(nonceHex)) throw new RangeError('The nonce is 16 to 64 bytes of lower-case hex');
  const set = canonicalFloatPointLetters(letters);
  const index = new SeededStream(seed, `${FLOAT_POINT_DRAW_DOMAIN}:${nonceHex}`).uniform(set.length);
  const letter = set[index] as FloatPointLetter;
  const rate = FLOAT_POINTS.find((p) => p.letter === letter)?.rate ?? '';
  return { letter, rate, index };
}

/** What anyone can check afterwards: the seed matches the commitment and gives the announced letter. */
export function verifyFloatPoint(input: { seedHex: string; commitment: string; nonce: string; letters: readonly FloatPointLetter[]; letter: string }): boolean {
  const seed = Buffer.from(input.seedHex, 'hex');
  if (seedCommitment(seed) !== input.commitment) return false;
  return drawFloatPoint(seed, input.nonce, input.letters).letter === input.letter;
}

/**
 * The hall's event kinds, in the order they usually come (lifecycles.md §3.1). Before the record
 * is published no event carries a price or any other opened content: counts, names and methods only.
 */
export const OPENING_EVENT_KINDS = [
  'opened',
  'failed',
  'checkedIn',
  'ceilingPricePublished',
  'floatPointDrawn',
  'decrypted',
  'fallbackCalled',
  'custodianShare',
  'fallbackDone',
  'recordPublished',
  'response',
  'answered',
  'closed',
] as const;
export type OpeningEventKind = (typeof OPENING_EVENT_KINDS)[number];

/**
 * The tender's status from its sections' (lifecycles.md §1, per section: opening → failed |
 * evaluating): `opening` while any section is still before or in its opening, then `evaluating`
 * if at least one section opened, `failed` if every section failed (流标).
 */
export function tenderStatusAfterOpenings(sectionStatuses: readonly string[]): 'opening' | 'evaluating' | 'failed' {
  if (sectionStatuses.some((s) => s !== 'failed' && s !== 'evaluating')) return 'opening';
  return sectionStatuses.includes('evaluating') ? 'evaluating' : 'failed';
}
