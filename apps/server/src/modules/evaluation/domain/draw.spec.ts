import { describe, expect, it } from 'vitest';
import { candidateListHash, type DrawCandidate, drawPanel, DrawStream, seedCommitment } from './draw.js';

const seed = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');
const candidates: DrawCandidate[] = Array.from({ length: 12 }, (_, i) => ({ id: `e${String(i).padStart(2, '0')}`, specialties: i % 3 === 0 ? ['4811', '4812'] : i % 3 === 1 ? ['4812'] : ['4710'] }));
const request = { slots: [{ specialty: '4812', count: 3 }, { specialty: '4710', count: 2 }] };

describe('DrawStream', () => {
  it('is deterministic and uniform enough (chi-square over 6 cells)', () => {
    const a = new DrawStream(seed);
    const b = new DrawStream(seed);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 6000; i++) {
      const x = a.uniform(6);
      expect(b.uniform(6)).toBe(x);
      counts[x] = (counts[x] ?? 0) + 1;
    }
    const chi = counts.reduce((s, c) => s + (c - 1000) ** 2 / 1000, 0);
    expect(chi).toBeLessThan(20.5); // p ≈ 0.001 for 5 degrees of freedom
  });
  it('refuses short seeds', () => expect(() => new DrawStream(new Uint8Array(8))).toThrow(Error));
});

describe('drawPanel', () => {
  it('gives the same panel for the same inputs, whatever the candidate order', () => {
    const one = drawPanel(seed, candidates, request, []);
    const two = drawPanel(seed, [...candidates].toReversed(), { slots: [...request.slots].toReversed() }, []);
    expect(two).toEqual(one);
    expect(one.panel).toHaveLength(5);
    expect(new Set(one.panel.map((p) => p.expertId)).size).toBe(5);
    for (const p of one.panel) expect(candidates.find((c) => c.id === p.expertId)?.specialties).toContain(p.specialty);
  });

  it('a different seed gives (almost surely) a different panel', () => {
    const other = drawPanel(Buffer.alloc(32, 7), candidates, request, []);
    expect(other.panel.map((p) => p.expertId)).not.toEqual(drawPanel(seed, candidates, request, []).panel.map((p) => p.expertId));
  });

  it('never draws an excluded expert', () => {
    const excluded = ['e00', 'e01', 'e03'];
    for (let s = 0; s < 30; s++) {
      const outcome = drawPanel(Buffer.alloc(32, s), candidates, request, excluded);
      for (const p of outcome.picks) expect(excluded).not.toContain(p.expertId);
    }
  });

  it('supplementary draw continues the stream: the first picks stay, released slots are refilled in the same specialty', () => {
    const first = drawPanel(seed, candidates, request, []);
    const leaving = first.panel[1];
    if (!leaving) throw new Error('panel too small');
    const second = drawPanel(seed, candidates, request, [], [{ released: [leaving.expertId] }]);
    expect(second.picks.slice(0, 5)).toEqual(first.picks);
    expect(second.panel).toHaveLength(5);
    expect(second.panel.map((p) => p.expertId)).not.toContain(leaving.expertId);
    expect(second.picks[5]).toMatchObject({ specialty: leaving.specialty, drawType: 2, round: 1 });
    // re-running with the same rounds is stable
    expect(drawPanel(seed, candidates, request, [], [{ released: [leaving.expertId] }])).toEqual(second);
  });

  it('reports a shortfall when the pool of a specialty is exhausted', () => {
    const outcome = drawPanel(seed, candidates, { slots: [{ specialty: '4811', count: 6 }] }, []);
    expect(outcome.panel).toHaveLength(4);
    expect(outcome.shortfall).toEqual([{ specialty: '4811', missing: 2 }]);
  });

  it('refuses to release someone not on the panel', () => {
    expect(() => drawPanel(seed, candidates, request, [], [{ released: ['nobody'] }])).toThrow(Error);
  });

  it('commitment and candidate-list hash are SM3 hex and order-independent', () => {
    expect(seedCommitment(seed)).toMatch(/^[0-9a-f]{64}$/);
    expect(candidateListHash(candidates, ['e01', 'e00'])).toBe(candidateListHash([...candidates].toReversed(), ['e00', 'e01']));
    expect(candidateListHash(candidates, ['e01'])).not.toBe(candidateListHash(candidates, []));
  });
});
