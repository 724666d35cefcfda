import { describe, expect, it } from 'vitest';
import { committeeProblems, type CommitteeMember, expertsNeeded, tallyChairVote } from './committee.js';

const members = (experts: number, reps: number): CommitteeMember[] => [
  ...Array.from({ length: experts }, (_, i) => ({ id: `e${i}`, kind: 'expert' as const })),
  ...Array.from({ length: reps }, (_, i) => ({ id: `r${i}`, kind: 'tendererRepresentative' as const })),
];
const codes = (m: CommitteeMember[], min = 5) => committeeProblems(m, { minimumMembers: min }).map((p) => p.code);

describe('committee composition — 招标投标法 第三十七条 (≥ 5 members, odd, experts ≥ 2/3)', () => {
  it('5 experts, and 4 experts + 1 representative, are valid', () => {
    expect(codes(members(5, 0))).toEqual([]);
    expect(codes(members(4, 1))).toEqual([]);
    expect(codes(members(5, 2))).toEqual([]); // 5/7 ≥ 2/3
  });
  it('fewer than 5 members violates 第三十七条', () => {
    const problems = committeeProblems(members(3, 0));
    expect(problems.map((p) => p.code)).toEqual(['TOO_FEW_MEMBERS']);
    expect(problems[0]?.article).toBe('《招标投标法》第三十七条');
  });
  it('an even number of members violates 第三十七条', () => expect(codes(members(6, 0))).toEqual(['EVEN_MEMBER_COUNT']));
  it('experts below two thirds violate 第三十七条 (3 of 5; 4 of 7)', () => {
    expect(codes(members(3, 2))).toEqual(['TOO_FEW_EXPERTS']);
    expect(codes(members(4, 3))).toEqual(['TOO_FEW_EXPERTS']);
    expect(codes(members(6, 3))).toEqual([]); // exactly 2/3
  });
  it('GP committees of large procurements need ≥ 7 (G33)', () => {
    expect(committeeProblems(members(5, 0), { minimumMembers: 7 })[0]).toMatchObject({ code: 'TOO_FEW_MEMBERS', rule: 'G33' });
  });
  it('duplicates are refused', () => expect(codes([...members(4, 0), { id: 'e0', kind: 'expert' }])).toContain('DUPLICATE_MEMBER'));
  it('expertsNeeded', () => expect(expertsNeeded(5, 1)).toEqual({ experts: 4, problems: [] }));
});

describe('chair vote', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  it('elects with more than half of all members', () => {
    expect(tallyChairVote(ids, [{ voterId: 'a', candidateId: 'a' }, { voterId: 'b', candidateId: 'a' }, { voterId: 'c', candidateId: 'a' }, { voterId: 'd', candidateId: 'b' }, { voterId: 'e', candidateId: 'c' }])).toMatchObject({ outcome: 'elected', chairId: 'a' });
  });
  it('a split round has no majority; an incomplete round names who is missing', () => {
    expect(tallyChairVote(ids, [{ voterId: 'a', candidateId: 'a' }, { voterId: 'b', candidateId: 'a' }, { voterId: 'c', candidateId: 'b' }, { voterId: 'd', candidateId: 'b' }, { voterId: 'e', candidateId: 'c' }]).outcome).toBe('noMajority');
    expect(tallyChairVote(ids, [{ voterId: 'a', candidateId: 'b' }])).toMatchObject({ outcome: 'incomplete', missing: ['b', 'c', 'd', 'e'] });
  });
  it('refuses double votes and outsiders', () => {
    expect(() => tallyChairVote(ids, [{ voterId: 'a', candidateId: 'b' }, { voterId: 'a', candidateId: 'c' }])).toThrow(Error);
    expect(() => tallyChairVote(ids, [{ voterId: 'z', candidateId: 'b' }])).toThrow(Error);
  });
});
