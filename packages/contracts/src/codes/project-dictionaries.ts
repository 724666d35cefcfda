/**
 * Dictionaries of project entry and the lifecycle (domain/rules.md §3 C2, codes.md §7), shared by
 * the server, the web app and department systems.
 */

/** The must-trade catalogue's categories (rules.md C2: twelve categories plus "others"). */
export const PROJECT_CATEGORIES = [
  'engineeringConstruction',
  'governmentProcurement',
  'landUseRight',
  'miningRight',
  'stateOwnedPropertyRight',
  'publicInstitutionAsset',
  'confiscatedAsset',
  'concessionRight',
  'environmentalRight',
  'internationalTender',
  'forestRight',
  'ruralCollectiveProperty',
  'other',
] as const;
export type ProjectCategory = (typeof PROJECT_CATEGORIES)[number];

/** Where the money comes from (rules.md C9a decides must-tender scope on it). */
export const FUNDING_SOURCES = ['stateBudget', 'stateOwnedCapital', 'internationalLoan', 'mixedStateControlled', 'private', 'other'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/** What is procured (rules.md C9b thresholds differ per kind); null for rights and assets. */
export const CONTRACT_KINDS = ['works', 'goods', 'services'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];

/** How the project was authorised (审批 / 核准 / 备案). */
export const APPROVAL_KINDS = ['approval', 'ratification', 'filing'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

/**
 * The stages of unified coding (统一赋码), in their natural order: approval → trading → contract
 * → performance (construction) → final accounts (决算) → completion acceptance (竣工验收) →
 * fund disbursement (资金拨付) → transfer to fixed assets (投转固).
 */
export const LIFECYCLE_STAGES = [
  'approval',
  'trading',
  'contract',
  'performance',
  'finalAccounts',
  'completionAcceptance',
  'fundDisbursement',
  'fixedAssetTransfer',
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** Alerts on a project's lifecycle (supervision, rules.md C9d). */
export const LIFECYCLE_ALERT_KINDS = ['notEntered', 'builtBeforeTendering', 'outOfOrder', 'unresolvedCode'] as const;
export type LifecycleAlertKind = (typeof LIFECYCLE_ALERT_KINDS)[number];

/** Supervising departments that report lifecycle stages (行政监督 and the approval/finance/audit bodies). */
export const DEPARTMENT_KINDS = ['development', 'housing', 'transport', 'water', 'naturalResources', 'finance', 'audit', 'stateAssets', 'other'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

export const isOneOf =
  <T extends string>(list: readonly T[]) =>
  (value: string): value is T =>
    (list as readonly string[]).includes(value);
