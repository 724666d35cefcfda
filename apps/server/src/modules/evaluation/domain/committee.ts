/**
 * Committee composition (评标委员会, rules.md E34/G33) and the chair vote (评标组长推选,
 * lifecycles.md §4) as pure functions.
 */
export const COMMITTEE_ARTICLE = '《招标投标法》第三十七条';

export type MemberKind = 'expert' | 'tendererRepresentative';

export interface CommitteeMember {
  id: string;
  kind: MemberKind;
}

export type CommitteeProblemCode = 'TOO_FEW_MEMBERS' | 'EVEN_MEMBER_COUNT' | 'TOO_FEW_EXPERTS' | 'DUPLICATE_MEMBER';

export interface CommitteeProblem {
  code: CommitteeProblemCode;
  /** The rule row and the article it comes from. */
  rule: 'E34' | 'G33';
  article: string;
  message: string;
}

export interface CommitteeRules {
  /** 5 by default (法 37); 7 for GP procurements ≥ 10 million yuan or complex (G33). */
  minimumMembers: number;
}

/** 招标投标法 第三十七条: ≥ 5 members, an odd number, technical and economic experts ≥ two thirds. */
export function committeeProblems(members: readonly CommitteeMember[], rules: CommitteeRules = { minimumMembers: 5 }): CommitteeProblem[] {
  const problems: CommitteeProblem[] = [];
  const rule = rules.minimumMembers > 5 ? 'G33' : 'E34';
  const article = rule === 'G33' ? '财政部令第87号' : COMMITTEE_ARTICLE;
  const ids = new Set(members.map((m) => m.id));
  if (ids.size !== members.length) problems.push({ code: 'DUPLICATE_MEMBER', rule: 'E34', article: COMMITTEE_ARTICLE, message: 'A person sits on the committee only once' });
  const size = members.length;
  const experts = members.filter((m) => m.kind === 'expert').length;
  if (size < rules.minimumMembers) problems.push({ code: 'TOO_FEW_MEMBERS', rule, article, message: `${size} members; at least ${rules.minimumMembers} required` });
  if (size % 2 === 0) problems.push({ code: 'EVEN_MEMBER_COUNT', rule: 'E34', article: COMMITTEE_ARTICLE, message: `${size} members; the number must be odd` });
  // experts / size ≥ 2/3, in integers.
  if (3 * experts < 2 * size) problems.push({ code: 'TOO_FEW_EXPERTS', rule: 'E34', article: COMMITTEE_ARTICLE, message: `${experts} of ${size} are experts; at least two thirds required` });
  return problems;
}

/** The least number of drawn experts for a committee of `size` with `representatives` tenderer representatives, or a problem list. */
export function expertsNeeded(size: number, representatives: number, rules: CommitteeRules = { minimumMembers: 5 }): { experts: number; problems: CommitteeProblem[] } {
  const members: CommitteeMember[] = [
    ...Array.from({ length: representatives }, (_, i) => ({ id: `r${i}`, kind: 'tendererRepresentative' as const })),
    ...Array.from({ length: Math.max(0, size - representatives) }, (_, i) => ({ id: `e${i}`, kind: 'expert' as const })),
  ];
  return { experts: Math.max(0, size - representatives), problems: committeeProblems(members, rules) };
}

// ---------------------------------------------------------------------------------------------
// Chair vote

export interface ChairVote {
  voterId: string;
  candidateId: string;
}

export type ChairVoteResult =
  | { outcome: 'elected'; chairId: string; counts: Record<string, number> }
  | { outcome: 'noMajority'; counts: Record<string, number> }
  | { outcome: 'incomplete'; missing: string[]; counts: Record<string, number> };

/**
 * One round of the chair vote: every member votes once for a member (themselves included); a
 * candidate with more than half of all members' votes is elected; otherwise the round is
 * recorded and a new round starts (chair → chair in lifecycles.md §4).
 */
export function tallyChairVote(memberIds: readonly string[], votes: readonly ChairVote[]): ChairVoteResult {
  const members = new Set(memberIds);
  const seen = new Set<string>();
  const counts: Record<string, number> = {};
  for (const v of votes) {
    if (!members.has(v.voterId)) throw new RangeError(`${v.voterId} is not a committee member`);
    if (!members.has(v.candidateId)) throw new RangeError(`${v.candidateId} is not a committee member`);
    if (seen.has(v.voterId)) throw new RangeError(`${v.voterId} voted twice in one round`);
    seen.add(v.voterId);
    counts[v.candidateId] = (counts[v.candidateId] ?? 0) + 1;
  }
  const missing = memberIds.filter((m) => !seen.has(m));
  if (missing.length > 0) return { outcome: 'incomplete', missing, counts };
  const winner = Object.entries(counts).find(([, n]) => 2 * n > memberIds.length);
  return winner ? { outcome: 'elected', chairId: winner[0], counts } : { outcome: 'noMajority', counts };
}
