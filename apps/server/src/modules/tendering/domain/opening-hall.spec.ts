import { describe, expect, it } from 'vitest';
import { seedCommitment } from '../../../platform/crypto/seeded-stream.js';
import { canonicalFloatPointLetters, checkInRefusal, DEFAULT_CHECK_IN_LEAD_MINUTES, drawFloatPoint, FLOAT_POINTS, tenderStatusAfterOpenings, verifyFloatPoint } from './opening-hall.js';

const deadline = new Date('2026-12-18T01:30:00Z');
const at = (minutesFromDeadline: number) => new Date(deadline.getTime() + minutesFromDeadline * 60_000);
const seed = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');
const nonce = 'a1'.repeat(16);

describe('check-in (签到, lifecycles.md §3.1, EB7)', () => {
  it('opens the configured lead time before the deadline (default 30 minutes)', () => {
    expect(DEFAULT_CHECK_IN_LEAD_MINUTES).toBe(30);
    expect(checkInRefusal({ now: at(-31), deadline, leadMinutes: 30, openingStatus: null })).toEqual({ kind: 'tooEarly', opensAt: at(-30) });
    expect(checkInRefusal({ now: at(-30), deadline, leadMinutes: 30, openingStatus: null })).toBeNull();
    expect(checkInRefusal({ now: at(-50), deadline, leadMinutes: 60, openingStatus: null })).toBeNull();
  });
  it('stays open through the opening until it closes or fails', () => {
    for (const status of ['decrypting', 'fallback', 'published']) expect(checkInRefusal({ now: at(40), deadline, leadMinutes: 30, openingStatus: status })).toBeNull();
    for (const status of ['closed', 'failed']) expect(checkInRefusal({ now: at(40), deadline, leadMinutes: 30, openingStatus: status })).toEqual({ kind: 'over' });
  });
});

describe('float point (formulas.md §2)', () => {
  it('has the reference set A 1.5% … F 0.25%', () => {
    expect(FLOAT_POINTS.map((p) => `${p.letter} ${Number(p.rate) * 100}%`)).toEqual(['A 1.5%', 'B 1.25%', 'C 1%', 'D 0.75%', 'E 0.5%', 'F 0.25%']);
  });
  it('canonicalises a configured set and refuses unknown letters or a set of one', () => {
    expect(canonicalFloatPointLetters(['E', 'A', 'E', 'C'])).toEqual(['A', 'C', 'E']);
    expect(canonicalFloatPointLetters(undefined)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(() => canonicalFloatPointLetters(['A', 'G'])).toThrow(RangeError);
    expect(() => canonicalFloatPointLetters(['B'])).toThrow(RangeError);
  });
  it('draws reproducibly from seed and nonce, within the configured set', () => {
    const one = drawFloatPoint(seed, nonce, ['A', 'C', 'E']);
    expect(drawFloatPoint(seed, nonce, ['E', 'C', 'A'])).toEqual(one);
    expect(['A', 'C', 'E']).toContain(one.letter);
    expect(one.rate).toBe(FLOAT_POINTS.find((p) => p.letter === one.letter)?.rate);
  });
  it('is uniform over the set (chi-square over 6,000 nonces)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const { letter } = drawFloatPoint(seed, i.toString(16).padStart(32, '0'), ['A', 'B', 'C', 'D', 'E', 'F']);
      counts.set(letter, (counts.get(letter) ?? 0) + 1);
    }
    const chi = [...counts.values()].reduce((sum, c) => sum + (c - 1000) ** 2 / 1000, 0);
    expect(counts.size).toBe(6);
    expect(chi).toBeLessThan(20.5); // 5 degrees of freedom, p = 0.001
  });
  it('verifies against the commitment: another seed or another letter is refused', () => {
    const drawn = drawFloatPoint(seed, nonce, ['A', 'B', 'C', 'D', 'E', 'F']);
    const commitment = seedCommitment(seed);
    const input = { seedHex: seed.toString('hex'), commitment, nonce, letters: ['A', 'B', 'C', 'D', 'E', 'F'] as const, letter: drawn.letter };
    expect(verifyFloatPoint({ ...input, letters: [...input.letters] })).toBe(true);
    expect(verifyFloatPoint({ ...input, letters: [...input.letters], seedHex: 'ff'.repeat(32) })).toBe(false);
    expect(verifyFloatPoint({ ...input, letters: [...input.letters], letter: drawn.letter === 'A' ? 'B' : 'A' })).toBe(false);
  });
  it('refuses a malformed nonce', () => expect(() => drawFloatPoint(seed, 'XYZ', ['A', 'B'])).toThrow(RangeError));
});

describe('tender status from its sections (lifecycles.md §1)', () => {
  it('is opening until every section failed or went to evaluation', () => {
    expect(tenderStatusAfterOpenings(['failed', 'tendering'])).toBe('opening');
    expect(tenderStatusAfterOpenings(['failed', 'opening'])).toBe('opening');
    expect(tenderStatusAfterOpenings(['failed', 'evaluating'])).toBe('evaluating');
    expect(tenderStatusAfterOpenings(['failed', 'failed'])).toBe('failed');
  });
});
