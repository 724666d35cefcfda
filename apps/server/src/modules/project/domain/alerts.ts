import { LIFECYCLE_STAGES, type LifecycleAlertKind, type LifecycleStage } from '@ggzy/contracts';
import type { WorkingDayCalendar } from '../../../platform/calendar/index.js';

/**
 * Lifecycle alerts (预警), computed from one dossier — every recorded event of one project,
 * keyed by its investment project code or, without one, its project code — and the catalogue
 * decision. Pure: the service materialises the result after each event and once a day.
 *
 * | kind                 | 预警                     | rule                                                                                   |
 * |----------------------|--------------------------|----------------------------------------------------------------------------------------|
 * | notEntered           | 应进未进                 | catalogue project approved, not registered within N working days (C5, C9d)             |
 * | builtBeforeTendering | 先建设后招标             | contract, construction, payment… dated before trading finished (C9d, 法 49)             |
 * | outOfOrder           | 环节倒置                 | a later stage dated before an earlier one (approval → … → transfer to fixed assets)     |
 * | unresolvedCode       | 赋码无法关联             | an event whose codes match no project, section or deal of the platform                 |
 */
export interface DossierEvent {
  id: string;
  stage: LifecycleStage;
  /** For the trading stage: 'entryRegistered', 'entryAccepted', 'tradingCompleted', … */
  kind: string;
  occurredOn: string;
  departmentCode: string | null;
  resolved: boolean;
  unresolvedReason: string | null;
  /** The code the event named that did not resolve. */
  unresolvedCode: string | null;
}

export interface Dossier {
  /** Registered project, if any. */
  project: {
    /** Day the entry request was first submitted (the project entered the platform). */
    enteredOn: string;
    mustEnter: boolean;
    /** Every section's trading completed, on this day (the latest); null while any section is still trading. */
    tradingFinishedOn: string | null;
  } | null;
  /** Approval / ratification / filing, from the department or the registration (the earliest). */
  approval: { on: string; mustEnter: boolean; eventIds: string[] } | null;
  events: readonly DossierEvent[];
}

export interface AlertContext {
  today: string;
  calendar: WorkingDayCalendar;
  entryDeadlineWorkingDays: number;
}

export interface AlertFinding {
  kind: LifecycleAlertKind;
  level: 'red' | 'yellow';
  /** One open alert per (dossier, kind, subject): '' for dossier-wide alerts, the event id for unresolved codes. */
  subject: string;
  /** Parameters of the reason text (service and web word them). */
  reason: Record<string, string | number | string[]>;
  /** Event ids the finding rests on. */
  evidence: string[];
  departmentCode: string | null;
}

const ORDER = new Map<LifecycleStage, number>(LIFECYCLE_STAGES.map((s, i) => [s, i]));
const AFTER_TRADING = new Set<LifecycleStage>(['contract', 'performance', 'finalAccounts', 'completionAcceptance', 'fundDisbursement', 'fixedAssetTransfer']);

/** The entry deadline, or null when the calendar does not know the year yet (rules.md T7: no guessing). */
export function entryDeadline(approvalOn: string, context: Pick<AlertContext, 'calendar' | 'entryDeadlineWorkingDays'>): string | null {
  try {
    return context.calendar.addWorkingDays(approvalOn, context.entryDeadlineWorkingDays);
  } catch {
    return null;
  }
}

export function computeAlerts(dossier: Dossier, context: AlertContext): AlertFinding[] {
  return [...notEntered(dossier, context), ...builtBeforeTendering(dossier), ...outOfOrder(dossier), ...unresolved(dossier)];
}

function notEntered(dossier: Dossier, context: AlertContext): AlertFinding[] {
  const { approval, project } = dossier;
  if (!approval) return [];
  const mustEnter = project ? project.mustEnter : approval.mustEnter;
  if (!mustEnter) return [];
  const deadline = entryDeadline(approval.on, context);
  if (deadline === null) return [];
  const approvalEvent = dossier.events.find((e) => approval.eventIds.includes(e.id));
  const base = { approvedOn: approval.on, deadline, workingDays: context.entryDeadlineWorkingDays };
  if (!project) {
    if (context.today <= deadline) return [];
    return [{ kind: 'notEntered', level: 'red', subject: '', reason: { ...base, enteredOn: '' }, evidence: approval.eventIds, departmentCode: approvalEvent?.departmentCode ?? null }];
  }
  if (project.enteredOn <= deadline) return [];
  return [{ kind: 'notEntered', level: 'yellow', subject: '', reason: { ...base, enteredOn: project.enteredOn }, evidence: approval.eventIds, departmentCode: approvalEvent?.departmentCode ?? null }];
}

function builtBeforeTendering(dossier: Dossier): AlertFinding[] {
  const subjectToTrading = dossier.project !== null || dossier.approval?.mustEnter === true;
  if (!subjectToTrading) return [];
  const finished = dossier.project?.tradingFinishedOn ?? null;
  const early = dossier.events.filter((e) => e.resolved && AFTER_TRADING.has(e.stage) && (finished === null || e.occurredOn < finished));
  if (early.length === 0) return [];
  const first = early.toSorted((a, b) => a.occurredOn.localeCompare(b.occurredOn))[0];
  return [
    {
      kind: 'builtBeforeTendering',
      level: 'red',
      subject: '',
      reason: { stages: [...new Set(early.map((e) => e.stage))], firstOn: first?.occurredOn ?? '', tradingFinishedOn: finished ?? '' },
      evidence: early.map((e) => e.id),
      departmentCode: first?.departmentCode ?? null,
    },
  ];
}

function outOfOrder(dossier: Dossier): AlertFinding[] {
  // Trading is judged by builtBeforeTendering; the other stages must follow each other in time.
  const events = dossier.events.filter((e) => e.resolved && e.stage !== 'trading');
  const pairs: Array<{ earlier: DossierEvent; later: DossierEvent }> = [];
  for (const a of events) {
    for (const b of events) {
      if ((ORDER.get(a.stage) ?? 0) < (ORDER.get(b.stage) ?? 0) && a.occurredOn > b.occurredOn) pairs.push({ earlier: a, later: b });
    }
  }
  if (pairs.length === 0) return [];
  const evidence = [...new Set(pairs.flatMap((p) => [p.later.id, p.earlier.id]))];
  const first = pairs[0];
  return [
    {
      kind: 'outOfOrder',
      level: 'yellow',
      subject: '',
      reason: {
        pairs: pairs.map((p) => `${p.later.stage}@${p.later.occurredOn}<${p.earlier.stage}@${p.earlier.occurredOn}`),
        stage: first?.later.stage ?? '',
        stageOn: first?.later.occurredOn ?? '',
        before: first?.earlier.stage ?? '',
        beforeOn: first?.earlier.occurredOn ?? '',
      },
      evidence,
      departmentCode: first?.later.departmentCode ?? null,
    },
  ];
}

function unresolved(dossier: Dossier): AlertFinding[] {
  return dossier.events
    .filter((e) => !e.resolved)
    .map((e) => ({
      kind: 'unresolvedCode' as const,
      level: 'red' as const,
      subject: e.id,
      reason: { code: e.unresolvedCode ?? '', why: e.unresolvedReason ?? '', stage: e.stage, occurredOn: e.occurredOn },
      evidence: [e.id],
      departmentCode: e.departmentCode,
    }));
}

/** The day trading finished: when every section has a 'tradingCompleted' event, the latest of them. */
export function tradingFinishedOn(sectionCodes: readonly string[], completions: ReadonlyArray<{ sectionCode: string | null; occurredOn: string }>): string | null {
  if (sectionCodes.length === 0) return null;
  let latest = '';
  for (const code of sectionCodes) {
    const days = completions.filter((c) => c.sectionCode === code).map((c) => c.occurredOn);
    if (days.length === 0) return null;
    const first = days.toSorted()[0] ?? '';
    if (first > latest) latest = first;
  }
  return latest;
}
