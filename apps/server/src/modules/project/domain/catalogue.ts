import type { ContractKind, FundingSource, ProjectCategory } from '@ggzy/contracts';
import { compareAmounts } from '@ggzy/contracts';

/**
 * The must-trade catalogue (交易项目目录, rules.md §3 C1–C9d): versioned data, edited by an
 * administrator; each version has the date it takes effect and the reason for the change.
 * `decideMustEnter` is the one pure function that says whether a project must trade on the
 * platform, and why (which entry of which version).
 */
export interface CatalogueEntry {
  /** Stable id of the entry within the catalogue, e.g. 'ENG-WORKS'. */
  code: string;
  category: ProjectCategory;
  nameZh: string;
  nameEn: string;
  /** Only these contract kinds (engineering, procurement); absent: any. */
  contractKinds?: ContractKind[];
  /** Only projects funded from these sources; absent: any. */
  fundingSources?: FundingSource[];
  /** Inclusive lower bound of the estimated amount (yuan, decimal string); absent: any amount. */
  minAmount?: string;
  /** Article or rule the entry rests on. */
  basis: string;
}

export interface CatalogueVersion {
  version: number;
  /** 'YYYY-MM-DD': the version applies to projects approved on or after this day. */
  effectiveFrom: string;
  reason: string;
  /** 应进未进 deadline: working days after approval (PROJECT_RULES.entryDeadlineWorkingDays by default). */
  entryDeadlineWorkingDays: number;
  entries: CatalogueEntry[];
}

export interface ProjectFacts {
  category: ProjectCategory;
  contractKind: ContractKind | null;
  fundingSource: FundingSource;
  /** Yuan, decimal string. */
  estimatedAmount: string;
}

/** Why a project is not in the catalogue, judged against the closest entry of its category. */
export type NotListedReason = 'categoryNotListed' | 'contractKindNotCovered' | 'fundingNotCovered' | 'belowThreshold';

export type MustEnterDecision =
  | { mustEnter: true; version: number; entry: CatalogueEntry }
  | { mustEnter: false; version: number; reason: NotListedReason; closest: CatalogueEntry | null };

/** The version in force on `date`: the latest whose effectiveFrom ≤ date; else the earliest (older projects). */
export function catalogueVersionAt(versions: readonly CatalogueVersion[], date: string): CatalogueVersion | undefined {
  const sorted = versions.toSorted((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.version - b.version);
  let chosen: CatalogueVersion | undefined;
  for (const v of sorted) if (v.effectiveFrom <= date) chosen = v;
  return chosen ?? sorted[0];
}

function mismatch(entry: CatalogueEntry, facts: ProjectFacts): NotListedReason | undefined {
  if (entry.contractKinds && (facts.contractKind === null || !entry.contractKinds.includes(facts.contractKind))) return 'contractKindNotCovered';
  if (entry.fundingSources && !entry.fundingSources.includes(facts.fundingSource)) return 'fundingNotCovered';
  if (entry.minAmount !== undefined && compareAmounts(facts.estimatedAmount, entry.minAmount) < 0) return 'belowThreshold';
  return undefined;
}

// The order in which a near miss explains itself best: the most specific reason last.
const REASON_RANK: Record<NotListedReason, number> = { categoryNotListed: 0, contractKindNotCovered: 1, fundingNotCovered: 2, belowThreshold: 3 };

export function decideMustEnter(facts: ProjectFacts, catalogue: CatalogueVersion): MustEnterDecision {
  const candidates = catalogue.entries.filter((e) => e.category === facts.category);
  let closest: { entry: CatalogueEntry; reason: NotListedReason } | undefined;
  for (const entry of candidates) {
    const reason = mismatch(entry, facts);
    if (reason === undefined) return { mustEnter: true, version: catalogue.version, entry };
    if (!closest || REASON_RANK[reason] > REASON_RANK[closest.reason]) closest = { entry, reason };
  }
  return closest
    ? { mustEnter: false, version: catalogue.version, reason: closest.reason, closest: closest.entry }
    : { mustEnter: false, version: catalogue.version, reason: 'categoryNotListed', closest: null };
}

/** Checks an administrator's edit: unique entry codes, amounts well formed, a deadline of 1–120 working days. */
export function catalogueProblems(version: Omit<CatalogueVersion, 'version'>): string[] {
  const problems: string[] = [];
  const codes = new Set<string>();
  for (const entry of version.entries) {
    if (codes.has(entry.code)) problems.push(`duplicate entry code ${entry.code}`);
    codes.add(entry.code);
    if (entry.minAmount !== undefined && !/^\d{1,16}(\.\d{1,2})?$/.test(entry.minAmount)) problems.push(`entry ${entry.code}: minAmount "${entry.minAmount}" is not an amount`);
  }
  if (!Number.isInteger(version.entryDeadlineWorkingDays) || version.entryDeadlineWorkingDays < 1 || version.entryDeadlineWorkingDays > 120) {
    problems.push('entryDeadlineWorkingDays must be 1–120');
  }
  return problems;
}
