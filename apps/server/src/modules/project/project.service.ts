import {
  type CodeCheck,
  type CodeKind,
  CODE_SCHEME_VERSION,
  checkDealCode,
  checkInvestProjectCode,
  checkProjectCode,
  checkRegionCode,
  checkSectionCode,
  composeDealCode,
  composeProjectCode,
  composeSectionCode,
  composeTenderProjectCode,
  type ContractKind,
  describeCodeProblem,
  type FundingSource,
  investProjectCodeParts,
  type LifecycleAlertKind,
  type LifecycleStage,
  type ProjectCategory,
  regionAncestors,
} from '@ggzy/contracts';
import { recordAudit } from '../../platform/audit/audit.js';
import { civilDateOf, type WorkingDayCalendar } from '../../platform/calendar/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/tables.js';
import type { Locale } from '../../platform/errors.js';
import { type Principal, type RequestContext } from '../../platform/http/access.js';
import type { CommandResult } from '../../platform/idempotency/idempotency.js';
import type { EventBus } from '../../platform/module.js';
import { type AlertFinding, computeAlerts, type Dossier, type DossierEvent, entryDeadline, tradingFinishedOn } from './domain/alerts.js';
import { type CatalogueEntry, type CatalogueVersion, catalogueProblems, catalogueVersionAt, decideMustEnter, type MustEnterDecision, type ProjectFacts } from './domain/catalogue.js';
import { DEFAULT_CATALOGUE } from './domain/catalogue-default.js';
import { canonicalAmount } from '@ggzy/contracts';
import { alertMessage } from './domain/wording.js';
import { projectError } from './project.errors.js';
import { type AlertRow, type EventRow, type ProjectRow, projectLookups, projectRepository as repo } from './project.repository.js';


export interface ProjectServiceDeps {
  db: Executor;
  clock: Clock;
  calendar: WorkingDayCalendar;
  events: EventBus;
}

export interface RegistrationInput {
  name: string;
  investProjectCode?: string;
  approval: { kind: string; documentNumber: string; authority: string; date: string };
  fundingSource: FundingSource;
  regionCode: string;
  industryCode: string;
  category: ProjectCategory;
  contractKind?: ContractKind;
  estimatedAmount: string;
  tendererName: string;
  sections: Array<{ name: string; estimatedAmount: string }>;
}

export interface EventInput {
  stage: LifecycleStage;
  kind?: string;
  title: string;
  occurredOn: string;
  amount?: string;
  documentNumber?: string;
  evidenceFileKeys?: string[];
}

export interface DepartmentEventInput extends EventInput {
  investProjectCode?: string;
  projectCode?: string;
  sectionCode?: string;
  dealCode?: string;
  project?: { name: string; regionCode: string; category: ProjectCategory; contractKind?: ContractKind; fundingSource: FundingSource; estimatedAmount: string };
}

export interface TradingMilestone {
  sectionCode: string;
  kind: string;
  title: string;
  occurredOn: string;
}

const STAFF_ROLES = new Set(['centreStaff', 'supervisor', 'admin']);
const PROCURED = new Set<ProjectCategory>(['engineeringConstruction', 'governmentProcurement']);

/** The dossier a project's events and alerts are filed under: its investment project code, else its project code. */
export function dossierKeyOf(project: { invest_project_code: string | null; project_code: string }): string {
  return project.invest_project_code ? `I:${project.invest_project_code}` : `P:${project.project_code}`;
}

function validCode(kind: CodeKind, field: string, input: string, check: (s: string) => CodeCheck): string {
  const result = check(input);
  if (result.ok) return result.code;
  const first = result.problems[0];
  if (!first) return result.code;
  throw projectError(
    'CODE_INVALID',
    { zh: describeCodeProblem(kind, first, 'zh-CN'), en: describeCodeProblem(kind, first, 'en') },
    { field, problems: result.problems },
  );
}

function decisionDto(decision: MustEnterDecision) {
  const entry: CatalogueEntry | null = decision.mustEnter ? decision.entry : decision.closest;
  return {
    mustEnter: decision.mustEnter,
    version: decision.version,
    entryCode: entry?.code ?? null,
    entryNameZh: entry?.nameZh ?? null,
    entryNameEn: entry?.nameEn ?? null,
    basis: entry?.basis ?? null,
    reason: decision.mustEnter ? 'listed' : decision.reason,
  };
}
type DecisionDto = ReturnType<typeof decisionDto>;

function eventDto(row: EventRow) {
  return {
    id: row.id,
    stage: row.stage as LifecycleStage,
    kind: row.kind,
    title: row.title,
    occurredOn: row.occurred_on,
    amount: row.amount,
    documentNumber: row.document_number,
    source: row.source as 'platform' | 'department' | 'manual',
    departmentCode: row.department_code,
    departmentName: row.department_name,
    recordedByName: row.recorded_by_name,
    investProjectCode: row.invest_project_code,
    projectCode: row.project_code,
    sectionCode: row.section_code,
    dealCode: row.deal_code,
    evidenceFileKeys: stringArray(row.evidence_file_keys),
    resolved: row.resolved,
    unresolvedReason: row.unresolved_reason,
    recordedAt: row.recorded_at.toISOString(),
  };
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function createProjectService(deps: ProjectServiceDeps) {
  const { db, clock, calendar, events } = deps;
  const today = () => civilDateOf(clock.now());

  // -------------------------------------------------------------------------------------------
  // Catalogue

  async function catalogueVersions(executor: Executor = db): Promise<CatalogueVersion[]> {
    const rows = await repo.listCatalogueVersions(executor);
    return rows.map((r) => ({
      version: r.version,
      effectiveFrom: r.effective_from,
      reason: r.reason,
      entryDeadlineWorkingDays: r.entry_deadline_working_days,
      entries: Array.isArray(r.entries) ? (r.entries as CatalogueEntry[]) : [],
    }));
  }

  async function catalogueAt(executor: Executor, date: string): Promise<CatalogueVersion> {
    const version = catalogueVersionAt(await catalogueVersions(executor), date);
    if (!version) throw projectError('CATALOGUE_MISSING');
    return version;
  }

  async function listCatalogue() {
    const rows = await repo.listCatalogueVersions(db);
    return rows.map((r) => ({
      version: r.version,
      effectiveFrom: r.effective_from,
      reason: r.reason,
      entryDeadlineWorkingDays: r.entry_deadline_working_days,
      entries: Array.isArray(r.entries) ? (r.entries as CatalogueEntry[]) : [],
      createdAt: r.created_at.toISOString(),
    }));
  }

  async function insertVersion(tx: Executor, draft: Omit<CatalogueVersion, 'version'>, createdBy: string | null) {
    const problems = catalogueProblems(draft);
    if (problems.length > 0) throw projectError('CATALOGUE_INVALID', { problems: problems.join('; ') });
    const version = await repo.nextCounterValue(tx, 'catalogue');
    const entries = draft.entries.map((e) => (e.minAmount === undefined ? e : { ...e, minAmount: canonicalAmount(e.minAmount) }));
    return repo.insertCatalogueVersion(tx, {
      version,
      effective_from: draft.effectiveFrom,
      reason: draft.reason,
      entry_deadline_working_days: draft.entryDeadlineWorkingDays,
      entries,
      created_by: createdBy,
      created_at: clock.now(),
    });
  }

  /** The shipped catalogue as version 1, once. */
  async function ensureDefaultCatalogue(tx: Executor): Promise<void> {
    if ((await repo.listCatalogueVersions(tx)).length > 0) return;
    // Version 1 exactly once, even when two nodes start together.
    await repo.insertDefaultCatalogueVersion(tx, {
      version: 1,
      effective_from: DEFAULT_CATALOGUE.effectiveFrom,
      reason: DEFAULT_CATALOGUE.reason,
      entry_deadline_working_days: DEFAULT_CATALOGUE.entryDeadlineWorkingDays,
      entries: DEFAULT_CATALOGUE.entries,
      created_by: null,
      created_at: clock.now(),
    });
  }

  async function addCatalogueVersion(tx: Executor, principal: Principal, draft: Omit<CatalogueVersion, 'version'>, ctx: RequestContext): Promise<CommandResult> {
    const row = await insertVersion(tx, draft, principal.userId);
    await events.publish(tx, 'project.catalogue.changed', { version: row.version, effectiveFrom: row.effective_from });
    await recordAudit(tx, {
      actorId: principal.userId,
      actorName: principal.username,
      action: 'project.catalogue.version',
      target: `catalogue:${row.version}`,
      outcome: 'success',
      ip: ctx.ip,
      detail: { effectiveFrom: row.effective_from, reason: row.reason, entries: draft.entries.length, entryDeadlineWorkingDays: draft.entryDeadlineWorkingDays },
      at: row.created_at,
    });
    return {
      statusCode: 201,
      body: { version: row.version, effectiveFrom: row.effective_from, reason: row.reason, entryDeadlineWorkingDays: row.entry_deadline_working_days, entries: row.entries, createdAt: row.created_at.toISOString() },
    };
  }

  async function decide(facts: ProjectFacts, date: string = today()) {
    return decisionDto(decideMustEnter({ ...facts, estimatedAmount: canonicalAmount(facts.estimatedAmount) }, await catalogueAt(db, date)));
  }

  // -------------------------------------------------------------------------------------------
  // Registration (入场登记) and codes (统一赋码)

  async function checkRegistration(executor: Executor, input: RegistrationInput) {
    const investProjectCode = input.investProjectCode?.trim() ? validCode('investProjectCode', 'investProjectCode', input.investProjectCode, checkInvestProjectCode) : null;
    if (input.category === 'engineeringConstruction' && investProjectCode === null) throw projectError('INVEST_PROJECT_CODE_REQUIRED');
    const regionCode = validCode('regionCode', 'regionCode', input.regionCode, checkRegionCode);
    if (!(await repo.regionExists(executor, regionCode))) throw projectError('REGION_UNKNOWN', { regionCode });
    if (PROCURED.has(input.category) && !input.contractKind) throw projectError('CONTRACT_KIND_REQUIRED');
    if (input.approval.date > today()) throw projectError('DATE_IN_FUTURE', { date: input.approval.date });
    const catalogue = await catalogueAt(executor, input.approval.date);
    const contractKind = PROCURED.has(input.category) ? (input.contractKind ?? null) : null;
    const decision = decideMustEnter(
      { category: input.category, contractKind, fundingSource: input.fundingSource, estimatedAmount: canonicalAmount(input.estimatedAmount) },
      catalogue,
    );
    return { investProjectCode, regionCode, contractKind, decision, catalogue };
  }

  function projectColumns(input: RegistrationInput, checked: Awaited<ReturnType<typeof checkRegistration>>) {
    return {
      invest_project_code: checked.investProjectCode,
      name: input.name.trim(),
      region_code: checked.regionCode,
      industry_code: input.industryCode,
      category: input.category,
      contract_kind: checked.contractKind,
      funding_source: input.fundingSource,
      estimated_amount: canonicalAmount(input.estimatedAmount),
      approval_kind: input.approval.kind,
      approval_document_number: input.approval.documentNumber.trim(),
      approval_authority: input.approval.authority.trim(),
      approval_date: input.approval.date,
      tenderer_name: input.tendererName.trim(),
      must_enter: checked.decision.mustEnter,
      must_enter_decision: JSON.stringify(decisionDto(checked.decision)),
      catalogue_version: checked.catalogue.version,
    };
  }

  /** A new section with its code and its first deal code (round 1, today's daily serial). */
  async function addSection(tx: Executor, project: ProjectRow, tenderProject: { id: string; tender_project_code: string }, sequence: number, input: { name: string; estimatedAmount: string }) {
    const now = clock.now();
    const date = civilDateOf(now);
    const sectionCode = composeSectionCode(tenderProject.tender_project_code, sequence);
    const dailySerial = await repo.nextCounterValue(tx, `deal:${date}`);
    return repo.insertSection(
      tx,
      {
        project_id: project.id,
        tender_project_id: tenderProject.id,
        section_code: sectionCode,
        sequence,
        name: input.name.trim(),
        estimated_amount: canonicalAmount(input.estimatedAmount),
        round: 1,
        deal_code: composeDealCode(sectionCode, 1, date, dailySerial),
        withdrawn_at: null,
        created_at: now,
      },
      now,
    );
  }

  async function register(tx: Executor, principal: Principal, input: RegistrationInput, ctx: RequestContext): Promise<CommandResult> {
    const checked = await checkRegistration(tx, input);
    const now = clock.now();
    const serial = await repo.nextCounterValue(tx, `project:${checked.regionCode}`);
    const projectCode = composeProjectCode(checked.regionCode, serial);
    const project = await repo.insertProject(tx, {
      project_code: projectCode,
      code_scheme: CODE_SCHEME_VERSION,
      ...projectColumns(input, checked),
      registered_by: principal.userId,
      registered_by_name: principal.username,
      status: 'pending',
      return_reasons: null,
      submitted_at: now,
      first_submitted_at: now,
      reviewed_at: null,
      reviewed_by: null,
      created_at: now,
    });
    const tenderProject = await repo.insertTenderProject(tx, {
      project_id: project.id,
      tender_project_code: composeTenderProjectCode(projectCode, 1),
      sequence: 1,
      name: project.name,
      created_at: now,
    });
    for (const [index, section] of input.sections.entries()) await addSection(tx, project, tenderProject, index + 1, section);

    const key = dossierKeyOf(project);
    await repo.attachDossierEvents(tx, key, project.id, project.project_code);
    // The registrant's approval document opens the timeline; entry is the first trading event.
    await insertEvent(tx, {
      key,
      project,
      stage: 'approval',
      kind: 'declaredAtEntry',
      title: `${project.approval_authority} ${project.approval_document_number}`,
      occurredOn: project.approval_date,
      documentNumber: project.approval_document_number,
      source: 'platform',
      principal,
      detail: { mustEnter: decisionDto(checked.decision), approvalKind: project.approval_kind },
    });
    await insertEvent(tx, { key, project, stage: 'trading', kind: 'entryRegistered', title: '进场登记', occurredOn: civilDateOf(now), source: 'platform', principal });
    await refreshDossier(tx, key);
    await events.publish(tx, 'project.registered', { projectId: project.id, projectCode, investProjectCode: project.invest_project_code, regionCode: project.region_code });
    await recordAudit(tx, {
      actorId: principal.userId,
      actorName: principal.username,
      action: 'project.register',
      target: `project:${projectCode}`,
      outcome: 'success',
      ip: ctx.ip,
      detail: { investProjectCode: project.invest_project_code, sections: input.sections.length, mustEnter: checked.decision.mustEnter, catalogueVersion: checked.catalogue.version },
      at: now,
    });
    return { statusCode: 201, body: await projectDto(tx, project) };
  }


  /** A returned entry, changed and submitted again: it keeps every code it was given. */
  async function resubmit(tx: Executor, principal: Principal, id: string, input: RegistrationInput, ctx: RequestContext): Promise<CommandResult> {
    const current = await ownProject(tx, principal, id);
    if (current.status !== 'returned') throw projectError('PROJECT_NOT_RETURNED');
    const checked = await checkRegistration(tx, input);
    const now = clock.now();
    const oldKey = dossierKeyOf(current);
    const project = await repo.updateProject(tx, id, { ...projectColumns(input, checked), status: 'pending', submitted_at: now, reviewed_at: null, reviewed_by: null });
    const [tenderProject] = await repo.listTenderProjects(tx, id);
    if (!tenderProject) throw projectError('PROJECT_NOT_FOUND');
    const sections = await repo.listSections(tx, id);
    for (const [index, draft] of input.sections.entries()) {
      const existing = sections[index];
      if (existing) {
        await repo.updateSection(tx, existing.id, { name: draft.name.trim(), estimated_amount: canonicalAmount(draft.estimatedAmount), withdrawn_at: null });
      } else {
        await addSection(tx, project, tenderProject, index + 1, draft);
      }
    }
    // Sections dropped from the request are withdrawn, never deleted: their codes stay taken.
    for (const extra of sections.slice(input.sections.length)) await repo.updateSection(tx, extra.id, { withdrawn_at: extra.withdrawn_at ?? now });
    const key = dossierKeyOf(project);
    if (key !== oldKey) await refreshDossier(tx, oldKey);
    await repo.attachDossierEvents(tx, key, project.id, project.project_code);
    await refreshDossier(tx, key);
    await events.publish(tx, 'project.resubmitted', { projectId: id, projectCode: project.project_code });
    await recordAudit(tx, {
      actorId: principal.userId,
      actorName: principal.username,
      action: 'project.resubmit',
      target: `project:${project.project_code}`,
      outcome: 'success',
      ip: ctx.ip,
      detail: { sections: input.sections.length },
      at: now,
    });
    return { statusCode: 200, body: await projectDto(tx, project) };
  }

  async function review(tx: Executor, principal: Principal, id: string, decision: { decision: 'accept' } | { decision: 'return'; reasons: string[] }, ctx: RequestContext): Promise<CommandResult> {
    const project = await repo.findProjectForUpdate(tx, id);
    if (!project) throw projectError('PROJECT_NOT_FOUND');
    if (project.status !== 'pending') throw projectError('PROJECT_ALREADY_REVIEWED', { status: project.status });
    const now = clock.now();
    const reasons = decision.decision === 'return' ? decision.reasons.map((r) => r.trim()).filter((r) => r.length > 0) : [];
    if (decision.decision === 'return' && reasons.length === 0) throw projectError('RETURN_REASON_REQUIRED');
    const updated = await repo.updateProject(tx, id, {
      status: decision.decision === 'accept' ? 'accepted' : 'returned',
      return_reasons: decision.decision === 'accept' ? null : JSON.stringify(reasons),
      reviewed_at: now,
      reviewed_by: principal.userId,
    });
    const key = dossierKeyOf(updated);
    if (decision.decision === 'accept') {
      await insertEvent(tx, { key, project: updated, stage: 'trading', kind: 'entryAccepted', title: '进场登记审核通过', occurredOn: civilDateOf(now), source: 'platform', principal });
      await refreshDossier(tx, key);
    }
    await events.publish(tx, decision.decision === 'accept' ? 'project.accepted' : 'project.returned', { projectId: id, projectCode: updated.project_code, reasons });
    await recordAudit(tx, {
      actorId: principal.userId,
      actorName: principal.username,
      action: decision.decision === 'accept' ? 'project.accept' : 'project.return',
      target: `project:${updated.project_code}`,
      outcome: 'success',
      ip: ctx.ip,
      detail: { reasons },
      at: now,
    });
    return { statusCode: 200, body: await projectDto(tx, updated) };
  }


  async function visibleProject(principal: Principal, id: string): Promise<ProjectRow> {
    const project = await repo.findProject(db, id);
    if (!project) throw projectError('PROJECT_NOT_FOUND');
    if (!principal.roles.some((r) => STAFF_ROLES.has(r)) && project.registered_by !== principal.userId) throw projectError('PROJECT_NOT_YOURS');
    return project;
  }

  async function getProject(principal: Principal, id: string) {
    return projectDto(db, await visibleProject(principal, id));
  }

  async function listProjects(principal: Principal, query: { scope?: 'mine' | 'all'; status?: 'pending' | 'returned' | 'accepted'; limit: number }) {
    const staff = principal.roles.some((r) => STAFF_ROLES.has(r));
    const mine = query.scope === 'mine' || !staff;
    const rows = await repo.listProjects(db, {
      ...(mine ? { registeredBy: principal.userId } : {}),
      ...(query.status ? { status: query.status } : {}),
      limit: query.limit,
      // The review queue is worked oldest first.
      oldestFirst: query.status === 'pending',
    });
    return rows.map((r) => ({
      id: r.id,
      projectCode: r.project_code,
      investProjectCode: r.invest_project_code,
      name: r.name,
      regionCode: r.region_code,
      category: r.category as ProjectCategory,
      estimatedAmount: r.estimated_amount,
      tendererName: r.tenderer_name,
      registeredByName: r.registered_by_name,
      status: r.status as 'pending' | 'returned' | 'accepted',
      mustEnter: r.must_enter,
      sectionCount: Number(r.section_count ?? 0),
      openAlerts: Number(r.open_alerts ?? 0),
      submittedAt: r.submitted_at.toISOString(),
    }));
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle events

  async function insertEvent(
    tx: Executor,
    e: {
      key: string;
      project: ProjectRow | null;
      stage: LifecycleStage;
      kind: string;
      title: string;
      occurredOn: string;
      source: 'platform' | 'department' | 'manual';
      principal: Principal | null;
      investProjectCode?: string | null;
      sectionCode?: string | null;
      dealCode?: string | null;
      amount?: string | null;
      documentNumber?: string | null;
      department?: { code: string; name: string; regionCode: string } | null;
      evidenceFileKeys?: string[];
      detail?: Record<string, unknown>;
      unresolved?: { reason: string; code: string } | null;
      regionCode?: string | null;
    },
  ) {
    return repo.insertEvent(tx, {
      dossier_key: e.key,
      invest_project_code: e.project?.invest_project_code ?? e.investProjectCode ?? null,
      project_id: e.project?.id ?? null,
      project_code: e.project?.project_code ?? null,
      section_code: e.sectionCode ?? null,
      deal_code: e.dealCode ?? null,
      stage: e.stage,
      kind: e.kind,
      title: e.title,
      occurred_on: e.occurredOn,
      amount: e.amount ? canonicalAmount(e.amount) : null,
      document_number: e.documentNumber ?? null,
      source: e.source,
      department_code: e.department?.code ?? null,
      department_name: e.department?.name ?? null,
      region_code: e.project?.region_code ?? e.regionCode ?? e.department?.regionCode ?? null,
      recorded_by: e.principal?.userId ?? null,
      recorded_by_name: e.principal?.username ?? null,
      evidence_file_keys: JSON.stringify(e.evidenceFileKeys ?? []),
      detail: JSON.stringify(e.detail ?? {}),
      resolved: !e.unresolved,
      unresolved_reason: e.unresolved?.reason ?? null,
      unresolved_code: e.unresolved?.code ?? null,
      recorded_at: clock.now(),
    });
  }

  async function checkEventDates(input: EventInput) {
    if (input.occurredOn > today()) throw projectError('DATE_IN_FUTURE', { date: input.occurredOn });
  }




  /** A stage reported by a department system (authenticated by its API token). */
  async function recordDepartmentEvent(tx: Executor, principal: Principal, input: DepartmentEventInput, ctx: RequestContext, locale: Locale): Promise<CommandResult> {
    if (input.stage === 'trading') throw projectError('STAGE_NOT_ALLOWED');
    const department = await departmentOf(tx, principal);
    await checkEventDates(input);
    const codes = {
      investProjectCode: input.investProjectCode ? validCode('investProjectCode', 'investProjectCode', input.investProjectCode, checkInvestProjectCode) : null,
      projectCode: input.projectCode ? validCode('projectCode', 'projectCode', input.projectCode, checkProjectCode) : null,
      sectionCode: input.sectionCode ? validCode('sectionCode', 'sectionCode', input.sectionCode, checkSectionCode) : null,
      dealCode: input.dealCode ? validCode('dealCode', 'dealCode', input.dealCode, checkDealCode) : null,
    };
    if (!codes.investProjectCode && !codes.projectCode && !codes.sectionCode && !codes.dealCode) throw projectError('EVENT_CODE_REQUIRED');
    const evidence = input.evidenceFileKeys ?? [];
    await checkEvidence(tx, evidence);
    const resolution = await resolveCodes(tx, codes, input.stage);
    const key = resolution.project
      ? dossierKeyOf(resolution.project)
      : codes.investProjectCode
        ? `I:${codes.investProjectCode}`
        : `X:${codes.dealCode ?? codes.sectionCode ?? codes.projectCode ?? ''}`;
    const detail: Record<string, unknown> = {};
    let regionCode: string | null = null;
    if (input.stage === 'approval' && input.project) {
      detail.project = input.project;
      detail.mustEnter = decisionDto(
        decideMustEnter(
          { category: input.project.category, contractKind: input.project.contractKind ?? null, fundingSource: input.project.fundingSource, estimatedAmount: canonicalAmount(input.project.estimatedAmount) },
          await catalogueAt(tx, input.occurredOn),
        ),
      );
      regionCode = input.project.regionCode;
    } else if (codes.investProjectCode) {
      const region = investProjectCodeParts(codes.investProjectCode).region;
      if (checkRegionCode(region).ok) regionCode = region;
    }
    const row = await insertEvent(tx, {
      key,
      project: resolution.project,
      stage: input.stage,
      kind: input.kind ?? input.stage,
      title: input.title,
      occurredOn: input.occurredOn,
      source: 'department',
      principal,
      investProjectCode: codes.investProjectCode,
      sectionCode: resolution.sectionCode ?? codes.sectionCode,
      dealCode: codes.dealCode,
      amount: input.amount ?? null,
      documentNumber: input.documentNumber ?? null,
      department,
      evidenceFileKeys: evidence,
      detail,
      unresolved: resolution.unresolved,
      regionCode,
    });
    const alerts = await refreshDossier(tx, key);
    await events.publish(tx, 'project.lifecycle.recorded', { eventId: row.id, dossierKey: key, stage: row.stage, source: 'department', department: department.code, resolved: row.resolved });
    await recordAudit(tx, {
      actorId: principal.userId,
      actorName: principal.username,
      action: 'project.lifecycle.department',
      target: `lifecycle:${row.id}`,
      outcome: 'success',
      ip: ctx.ip,
      detail: { dossierKey: key, stage: row.stage, department: department.code, resolved: row.resolved, evidence },
      at: row.recorded_at,
    });
    return { statusCode: 201, body: { event: eventDto(row), alerts: await alertDtos(tx, alerts, locale) } };
  }

  /** A stage entered by hand (by the registrant or staff) with evidence files. */
  async function recordManualEvent(tx: Executor, principal: Principal, projectId: string, input: EventInput & { sectionCode?: string }, ctx: RequestContext, locale: Locale): Promise<CommandResult> {
    const project = await repo.findProjectForUpdate(tx, projectId);
    if (!project) throw projectError('PROJECT_NOT_FOUND');
    const staff = principal.roles.some((r) => r === 'centreStaff' || r === 'admin');
    if (!staff && project.registered_by !== principal.userId) throw projectError('PROJECT_NOT_YOURS');
    // Trading is the platform's own record; by hand only trading-centre staff may complete it (offline legacy trades).
    if (input.stage === 'trading' && !staff) throw projectError('STAGE_NOT_ALLOWED');
    await checkEventDates(input);
    const evidence = input.evidenceFileKeys ?? [];
    if (evidence.length === 0) throw projectError('EVIDENCE_REQUIRED');
    await checkEvidence(tx, evidence);
    let sectionCode: string | null = null;
    if (input.sectionCode) {
      sectionCode = validCode('sectionCode', 'sectionCode', input.sectionCode, checkSectionCode);
      const section = await repo.findSectionByCode(tx, sectionCode);
      if (!section || section.project_id !== project.id) throw projectError('PROJECT_NOT_FOUND');
    }
    const key = dossierKeyOf(project);
    const row = await insertEvent(tx, {
      key,
      project,
      stage: input.stage,
      kind: input.kind ?? input.stage,
      title: input.title,
      occurredOn: input.occurredOn,
      source: 'manual',
      principal,
      sectionCode,
      amount: input.amount ?? null,
      documentNumber: input.documentNumber ?? null,
      evidenceFileKeys: evidence,
    });
    const alerts = await refreshDossier(tx, key);
    await events.publish(tx, 'project.lifecycle.recorded', { eventId: row.id, dossierKey: key, stage: row.stage, source: 'manual' });
    await recordAudit(tx, {
      actorId: principal.userId,
      actorName: principal.username,
      action: 'project.lifecycle.manual',
      target: `lifecycle:${row.id}`,
      outcome: 'success',
      ip: ctx.ip,
      detail: { projectCode: project.project_code, stage: row.stage, kind: row.kind, sectionCode, evidence },
      at: row.recorded_at,
    });
    return { statusCode: 201, body: { event: eventDto(row), alerts: await alertDtos(tx, alerts, locale) } };
  }

  /**
   * For the platform's trading modules (through index.ts): a trading milestone of a section,
   * e.g. 'noticePublished', 'awarded', 'tradingCompleted', in the caller's transaction.
   */
  async function recordTradingMilestone(tx: Executor, milestone: TradingMilestone): Promise<void> {
    const section = await repo.findSectionByCode(tx, milestone.sectionCode);
    if (!section) throw projectError('PROJECT_NOT_FOUND');
    const project = await repo.findProject(tx, section.project_id);
    if (!project) throw projectError('PROJECT_NOT_FOUND');
    const key = dossierKeyOf(project);
    await insertEvent(tx, { key, project, stage: 'trading', kind: milestone.kind, title: milestone.title, occurredOn: milestone.occurredOn, source: 'platform', principal: null, sectionCode: section.section_code, dealCode: section.deal_code });
    await refreshDossier(tx, key);
  }

  // -------------------------------------------------------------------------------------------
  // Dossiers and alerts

  async function loadDossier(executor: Executor, key: string) {
    const rows = await repo.listEventsOfDossier(executor, key);
    const projects = key.startsWith('I:')
      ? await projectLookups.listProjectsByInvestCode(executor, key.slice(2))
      : key.startsWith('P:')
        ? [await repo.findProjectByCode(executor, key.slice(2))].filter((p): p is ProjectRow => p !== undefined)
        : [];
    const completions = rows.filter((r) => r.stage === 'trading' && r.kind === 'tradingCompleted').map((r) => ({ sectionCode: r.section_code, occurredOn: r.occurred_on }));
    let finished: string | null = null;
    let unfinished = projects.length === 0;
    for (const project of projects) {
      const sections = (await repo.listSections(executor, project.id)).filter((s) => s.withdrawn_at === null).map((s) => s.section_code);
      const on = tradingFinishedOn(sections, completions);
      if (on === null) unfinished = true;
      else if (finished === null || on > finished) finished = on;
    }
    const approvals = rows.filter((r) => r.stage === 'approval').toSorted((a, b) => a.occurred_on.localeCompare(b.occurred_on));
    const firstApproval = approvals[0];
    const approvalMustEnter = approvals.some((r) => record(record(r.detail).mustEnter).mustEnter === true);
    const dossierEvents: DossierEvent[] = rows.map((r) => ({
      id: r.id,
      stage: r.stage as LifecycleStage,
      kind: r.kind,
      occurredOn: r.occurred_on,
      departmentCode: r.department_code,
      resolved: r.resolved,
      unresolvedReason: r.unresolved_reason,
      unresolvedCode: r.unresolved_code,
    }));
    const enteredOn = projects.map((p) => civilDateOf(p.first_submitted_at)).toSorted()[0];
    const dossier: Dossier = {
      project: enteredOn === undefined ? null : { enteredOn, mustEnter: projects.some((p) => p.must_enter), tradingFinishedOn: unfinished ? null : finished },
      approval: firstApproval ? { on: firstApproval.occurred_on, mustEnter: approvalMustEnter, eventIds: approvals.filter((a) => a.occurred_on === firstApproval.occurred_on).map((a) => a.id) } : null,
      events: dossierEvents,
    };
    const catalogue = firstApproval ? catalogueVersionAt(await catalogueVersions(executor), firstApproval.occurred_on) : undefined;
    return { dossier, rows, projects, catalogue };
  }

  /**
   * Recomputes the alerts of one dossier and makes the stored ones match: new findings are
   * raised, changed ones updated, vanished ones resolved. Returns the open alerts.
   */
  async function refreshDossier(tx: Executor, key: string): Promise<AlertRow[]> {
    const { dossier, rows, projects, catalogue } = await loadDossier(tx, key);
    const findings = computeAlerts(dossier, { today: today(), calendar, entryDeadlineWorkingDays: catalogue?.entryDeadlineWorkingDays ?? DEFAULT_CATALOGUE.entryDeadlineWorkingDays });
    const open = await repo.listOpenAlertsOfDossier(tx, key);
    const now = clock.now();
    const project = projects[0] ?? null;
    const departments = await repo.departmentNames(tx);
    const regionOf = (finding: AlertFinding) => {
      if (project) return project.region_code;
      const byEvidence = rows.find((r) => finding.evidence.includes(r.id) && r.region_code)?.region_code;
      return byEvidence ?? rows.find((r) => r.region_code)?.region_code ?? null;
    };
    const result: AlertRow[] = [];
    for (const finding of findings) {
      const existing = open.find((a) => a.kind === finding.kind && a.subject === finding.subject);
      const fields = {
        level: finding.level,
        project_id: project?.id ?? null,
        invest_project_code: project?.invest_project_code ?? (key.startsWith('I:') ? key.slice(2) : null),
        project_name: project?.name ?? projectNameFromApproval(rows),
        region_code: regionOf(finding),
        department_code: finding.departmentCode,
        department_name: finding.departmentCode ? (departments.get(finding.departmentCode) ?? null) : null,
        reason: JSON.stringify(finding.reason),
        evidence: JSON.stringify(finding.evidence),
        updated_at: now,
      };
      if (existing) {
        await repo.updateAlert(tx, existing.id, fields);
        result.push({ ...existing, ...fields, reason: finding.reason, evidence: finding.evidence });
      } else {
        const inserted = await repo.insertAlert(tx, { dossier_key: key, kind: finding.kind, subject: finding.subject, raised_at: now, resolved_at: null, ...fields });
        await events.publish(tx, 'project.alert.raised', { alertId: inserted.id, kind: finding.kind, dossierKey: key, regionCode: inserted.region_code });
        result.push(inserted);
      }
    }
    for (const stale of open) {
      if (!findings.some((f) => f.kind === stale.kind && f.subject === stale.subject)) await repo.updateAlert(tx, stale.id, { resolved_at: now, updated_at: now });
    }
    return result;
  }


  /** The daily job: 应进未进 deadlines pass without any event, so every open dossier is looked at again. */
  async function refreshAllDossiers(): Promise<number> {
    const keys = await repo.activeDossiers(db);
    for (const key of keys) await db.transaction().execute((tx) => refreshDossier(tx, key));
    return keys.length;
  }


  async function listAlerts(query: { kind?: string; regionCode?: string; departmentCode?: string; includeResolved?: boolean; limit: number }, locale: Locale) {
    const regionPrefix = query.regionCode ? regionPrefixOf(query.regionCode) : undefined;
    const rows = await repo.listAlerts(db, { ...query, ...(regionPrefix ? { regionPrefix } : {}) });
    return alertDtos(db, rows, locale);
  }

  async function alertSummary() {
    const facets = await repo.openAlertFacets(db);
    const names = new Map(facets.map((f) => [f.department_code, f.department_name]));
    return {
      total: facets.length,
      byKind: countBy(facets, (f) => f.kind),
      byRegion: countBy(facets, (f) => (f.region_code ? (regionAncestors(f.region_code).prefecture ?? f.region_code) : null)),
      byDepartment: countBy(facets, (f) => f.department_code).map((c) => ({ ...c, name: names.get(c.key) ?? null })),
    };
  }

  async function timeline(principal: Principal, projectId: string, locale: Locale) {
    const project = await visibleProject(principal, projectId);
    const key = dossierKeyOf(project);
    const { dossier, rows, catalogue } = await loadDossier(db, key);
    const alerts = await repo.listAlerts(db, { dossierKey: key, limit: 100 });
    const deadline = dossier.approval ? entryDeadline(dossier.approval.on, { calendar, entryDeadlineWorkingDays: catalogue?.entryDeadlineWorkingDays ?? DEFAULT_CATALOGUE.entryDeadlineWorkingDays }) : null;
    return { dossierKey: key, events: rows.map(eventDto), alerts: await alertDtos(db, alerts, locale), entryDeadline: deadline, tradingFinishedOn: dossier.project?.tradingFinishedOn ?? null };
  }

  // -------------------------------------------------------------------------------------------
  // Department clients (admin)


  async function addDepartmentClient(
    tx: Executor,
    principal: Principal | null,
    input: { username: string; departmentCode: string; departmentKind: string; departmentName: string; regionCode: string },
    ctx: RequestContext,
  ): Promise<CommandResult> {
    const existing = await repo.findActiveDepartmentClient(tx, input.username);
    if (existing) throw projectError('DEPARTMENT_CLIENT_EXISTS', { username: input.username, department: existing.department_name });
    const now = clock.now();
    const row = await repo.insertDepartmentClient(tx, {
      username: input.username,
      department_code: input.departmentCode,
      department_kind: input.departmentKind,
      department_name: input.departmentName,
      region_code: input.regionCode,
      created_by: principal?.userId ?? '00000000-0000-0000-0000-000000000000',
      created_at: now,
    });
    await recordAudit(tx, {
      actorId: principal?.userId ?? null,
      actorName: principal?.username ?? 'seed',
      action: 'project.departmentClient.add',
      target: `departmentClient:${row.id}`,
      outcome: 'success',
      ip: ctx.ip,
      detail: { username: row.username, department: row.department_code },
      at: now,
    });
    return { statusCode: 201, body: clientDto(row) };
  }

  async function revokeDepartmentClient(tx: Executor, principal: Principal, id: string, ctx: RequestContext): Promise<CommandResult> {
    const now = clock.now();
    const row = await repo.revokeDepartmentClient(tx, id, now);
    if (!row) throw projectError('DEPARTMENT_CLIENT_NOT_FOUND');
    await recordAudit(tx, {
      actorId: principal.userId,
      actorName: principal.username,
      action: 'project.departmentClient.revoke',
      target: `departmentClient:${row.id}`,
      outcome: 'success',
      ip: ctx.ip,
      detail: { username: row.username, department: row.department_code },
      at: now,
    });
    return { statusCode: 200, body: clientDto(row) };
  }

  async function listDepartmentClients() {
    return (await repo.listDepartmentClients(db)).map(clientDto);
  }

  async function myDepartment(principal: Principal) {
    const client = await repo.findActiveDepartmentClient(db, principal.username);
    return client ? clientDto(client) : null;
  }

  return {
    listCatalogue,
    addCatalogueVersion,
    ensureDefaultCatalogue,
    decide,
    register,
    resubmit,
    review,
    getProject,
    listProjects,
    recordDepartmentEvent,
    recordManualEvent,
    recordTradingMilestone,
    refreshDossier,
    refreshAllDossiers,
    listAlerts,
    alertSummary,
    timeline,
    addDepartmentClient,
    revokeDepartmentClient,
    listDepartmentClients,
    myDepartment,
  };
}

export type ProjectService = ReturnType<typeof createProjectService>;

/** Region filter: a province or prefecture code covers the codes beneath it. */
function regionPrefixOf(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

type Resolution = { project: ProjectRow | null; sectionCode: string | null; unresolved: { reason: string; code: string } | null };
const fail = (reason: string, code: string): Resolution => ({ project: null, sectionCode: null, unresolved: { reason, code } });

function countBy<T>(items: readonly T[], keyOf: (item: T) => string | null) {
  const counts = new Map<string | null, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return [...counts].map(([key, n]) => ({ key, count: n })).toSorted((a, b) => b.count - a.count || String(a.key).localeCompare(String(b.key)));
}
async function projectDto(executor: Executor, project: ProjectRow) {
  const [tenderProjects, sections] = await Promise.all([repo.listTenderProjects(executor, project.id), repo.listSections(executor, project.id)]);
  return {
    id: project.id,
    projectCode: project.project_code,
    codeScheme: project.code_scheme,
    investProjectCode: project.invest_project_code,
    name: project.name,
    regionCode: project.region_code,
    industryCode: project.industry_code,
    category: project.category as ProjectCategory,
    contractKind: project.contract_kind as ContractKind | null,
    fundingSource: project.funding_source as FundingSource,
    estimatedAmount: project.estimated_amount,
    approval: { kind: project.approval_kind, documentNumber: project.approval_document_number, authority: project.approval_authority, date: project.approval_date },
    tendererName: project.tenderer_name,
    registeredBy: project.registered_by,
    registeredByName: project.registered_by_name,
    status: project.status as 'pending' | 'returned' | 'accepted',
    returnReasons: stringArray(project.return_reasons),
    mustEnter: record(project.must_enter_decision) as DecisionDto,
    tenderProjects: tenderProjects.map((t) => ({ tenderProjectCode: t.tender_project_code, sequence: t.sequence, name: t.name })),
    sections: sections.map((s) => ({
      id: s.id,
      sectionCode: s.section_code,
      tenderProjectCode: s.tender_project_code,
      sequence: s.sequence,
      name: s.name,
      estimatedAmount: s.estimated_amount,
      round: s.round,
      dealCode: s.deal_code,
      withdrawn: s.withdrawn_at !== null,
    })),
    submittedAt: project.submitted_at.toISOString(),
    reviewedAt: project.reviewed_at?.toISOString() ?? null,
    createdAt: project.created_at.toISOString(),
  };
}

function clientDto(row: { id: string; username: string; department_code: string; department_kind: string; department_name: string; region_code: string; created_at: Date; revoked_at: Date | null }) {
  return {
    id: row.id,
    username: row.username,
    departmentCode: row.department_code,
    departmentKind: row.department_kind,
    departmentName: row.department_name,
    regionCode: row.region_code,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

function projectNameFromApproval(rows: readonly EventRow[]): string | null {
  for (const row of rows) {
    const name = record(record(row.detail).project).name;
    if (typeof name === 'string') return name;
  }
  return null;
}

/**
 * Where an event's codes lead: the project (and section) they name, or why they lead nowhere.
 * Malformed codes are refused (400); well-formed codes that match nothing are recorded and
 * raise the unresolvedCode alert, so that a department's report is never lost.
 */
async function resolveCodes(tx: Executor, codes: { investProjectCode: string | null; projectCode: string | null; sectionCode: string | null; dealCode: string | null }, stage: LifecycleStage) {
  let project: ProjectRow | undefined;
  let sectionCode = codes.sectionCode;
  if (codes.dealCode) {
    const section = await repo.findSectionByDealCode(tx, codes.dealCode);
    if (!section) return fail('dealCodeUnknown', codes.dealCode);
    if (codes.sectionCode && codes.sectionCode !== section.section_code) return fail('codesDisagree', codes.sectionCode);
    sectionCode = section.section_code;
    project = await repo.findProject(tx, section.project_id);
  } else if (codes.sectionCode) {
    const section = await repo.findSectionByCode(tx, codes.sectionCode);
    if (!section) return fail('sectionCodeUnknown', codes.sectionCode);
    project = await repo.findProject(tx, section.project_id);
  } else if (codes.projectCode) {
    project = await repo.findProjectByCode(tx, codes.projectCode);
    if (!project) return fail('projectCodeUnknown', codes.projectCode);
  }
  if (project) {
    if (codes.projectCode && codes.projectCode !== project.project_code) return fail('codesDisagree', codes.projectCode);
    if (codes.investProjectCode && project.invest_project_code && codes.investProjectCode !== project.invest_project_code) return fail('codesDisagree', codes.investProjectCode);
    return { project, sectionCode, unresolved: null };
  }
  if (!codes.investProjectCode) throw projectError('EVENT_CODE_REQUIRED');
  const registered = await repo.findProjectByInvestCode(tx, codes.investProjectCode);
  if (registered) return { project: registered, sectionCode: null, unresolved: null };
  // An approval opens a dossier before the project enters; later stages need an approval or a project.
  if (stage === 'approval' || (await repo.dossierHasApproval(tx, `I:${codes.investProjectCode}`))) return { project: null, sectionCode: null, unresolved: null };
  return fail('investProjectCodeUnknown', codes.investProjectCode);
}

async function checkEvidence(executor: Executor, keys: readonly string[]) {
  const [missing] = await repo.missingFiles(executor, keys);
  if (missing !== undefined) throw projectError('EVIDENCE_NOT_FOUND', { key: missing });
}

async function departmentOf(executor: Executor, principal: Principal) {
  const client = await repo.findActiveDepartmentClient(executor, principal.username);
  if (!client) throw projectError('DEPARTMENT_CLIENT_REQUIRED');
  return { code: client.department_code, name: client.department_name, regionCode: client.region_code };
}

async function ownProject(tx: Executor, principal: Principal, id: string): Promise<ProjectRow> {
  const project = await repo.findProjectForUpdate(tx, id);
  if (!project) throw projectError('PROJECT_NOT_FOUND');
  if (project.registered_by !== principal.userId) throw projectError('PROJECT_NOT_YOURS');
  return project;
}

async function alertDtos(executor: Executor, rows: readonly AlertRow[], locale: Locale) {
  const ids = [...new Set(rows.flatMap((r) => stringArray(r.evidence)))];
  const evidence = new Map((await repo.listEventsByIds(executor, ids)).map((e) => [e.id, e]));
  return rows.map((r) => {
    const reason = record(r.reason);
    return {
      id: r.id,
      kind: r.kind as LifecycleAlertKind,
      level: r.level as 'red' | 'yellow',
      projectId: r.project_id,
      projectName: r.project_name,
      investProjectCode: r.invest_project_code,
      dossierKey: r.dossier_key,
      regionCode: r.region_code,
      departmentCode: r.department_code,
      departmentName: r.department_name,
      reason,
      message: alertMessage(r.kind as LifecycleAlertKind, reason, locale),
      evidence: stringArray(r.evidence).flatMap((id) => {
        const e = evidence.get(id);
        return e ? [{ eventId: e.id, stage: e.stage, title: e.title, occurredOn: e.occurred_on, evidenceFileKeys: stringArray(e.evidence_file_keys) }] : [];
      }),
      raisedAt: r.raised_at.toISOString(),
      resolvedAt: r.resolved_at?.toISOString() ?? null,
    };
  });
}
