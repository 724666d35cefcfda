import { checkSectionCode, type Role, toFen } from '@ggzy/contracts';
import type { Selectable } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import { civilDateOf, endOfCivilDay, type WorkingDayCalendar } from '../../platform/calendar/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor, Tx } from '../../platform/db/tables.js';
import { type Principal, type RequestContext } from '../../platform/http/access.js';
import type { CommandResult } from '../../platform/idempotency/idempotency.js';
import type { EventBus } from '../../platform/module.js';
import { publishAnnouncement } from '../portal/index.js';
import { dateAfter, latestEventDate, postponedDeadline, satisfiesMinimum } from './domain/deadlines.js';
import { BID_SECURITY_LIMIT, maxBidSecurity } from './domain/money.js';
import { canonicalFloatPointLetters, DEFAULT_CHECK_IN_LEAD_MINUTES, type FloatPointLetter } from './domain/opening-hall.js';
import { isProcedureType, type ProcedureType, procedureOf } from './domain/procedures.js';
import { tenderingError } from './tendering.errors.js';
import { isRegistered, lockTender, notifyRegistered, setStatus, type TenderRow } from './tendering.repository.js';
import type { SectionOpeningConfig, SectionTable, TenderStatus } from './tendering.tables.js';
import './tendering.tables.js';
import { findSections } from '../project/index.js';


export interface SectionInput {
  sectionCode: string;
  name: string;
  estimatedAmount: string;
  ceilingPrice: string;
  security: { kind: SectionTable['security_kind']; amount: string };
  opening?: { checkInLeadMinutes?: number; floatPoint?: { mode: 'discountBase' | 'expression'; letters?: string[]; expression?: string } };
}

export interface TenderInput {
  procedureType: ProcedureType;
  title: string;
  regionCode: string;
  announcement: string;
  bidDeadline: string;
  sections: SectionInput[];
}

type SectionRow = Selectable<SectionTable>;

const OWNER_ROLES: readonly Role[] = ['tenderer', 'agency'];
const DAY_MS = 86_400_000;

export interface TenderingServiceDeps {
  db: Executor;
  clock: Clock;
  calendar: WorkingDayCalendar;
  events: EventBus;
}

/** Tenders from announcement to the bid deadline: review, publication, documents, clarifications, objections. */
export function createTenderingService(deps: TenderingServiceDeps) {
  const { db, clock, calendar, events } = deps;

  /** 法 24 / GP法 35 and their equivalents: documents issued `issuedAt` leave enough time before `deadline`. */
  function checkDeadline(procedureType: ProcedureType, issuedAt: Date, deadline: Date) {
    const period = procedureOf(procedureType).documentIssueToDeadline;
    if (!period || satisfiesMinimum(calendar, issuedAt, deadline, period)) return;
    throw tenderingError('DEADLINE_TOO_EARLY', {
      earliest: dateAfter(calendar, civilDateOf(issuedAt), period),
      article: period.article,
      days: period.days,
      unit: period.counting === 'calendar' ? '日' : '个工作日',
    });
  }

  async function create(tx: Tx, principal: Principal, input: TenderInput, ctx: RequestContext): Promise<CommandResult> {
    const now = clock.now();
    const deadline = new Date(input.bidDeadline);
    checkSections(input.sections);
    await requireEnteredSections(tx, input.sections);
    // Documents would be issued no earlier than now: refuse a deadline that cannot be met already.
    checkDeadline(input.procedureType, now, deadline);
    const owner = await tx.selectFrom('identity.user').select(['display_name']).where('id', '=', principal.userId).executeTakeFirst();
    const tender = await tx
      .insertInto('tendering.tender')
      .values({
        procedure_type: input.procedureType,
        title: input.title,
        region_code: input.regionCode,
        announcement: input.announcement,
        status: 'draft',
        owner_id: principal.userId,
        owner_name: owner?.display_name ?? principal.username,
        documents_issued_at: null,
        bid_deadline: deadline,
        review_reason: null,
        reviewed_by: null,
        published_at: null,
        suspended_at: null,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('tendering.section')
      .values(
        input.sections.map((s) => ({
          tender_id: tender.id,
          section_code: s.sectionCode,
          name: s.name,
          estimated_amount: s.estimatedAmount,
          ceiling_price: s.ceilingPrice,
          security_kind: s.security.kind,
          security_amount: s.security.amount,
          opening_config: openingConfigOf(s),
        })),
      )
      .execute();
    const body = await tenderDto(tx, tender);
    await audit(tx, principal, 'tendering.tender.create', tender.id, ctx, {
      procedureType: input.procedureType,
      bidDeadline: deadline.toISOString(),
    });
    return { statusCode: 201, body };
  }

  async function submitForReview(tx: Tx, principal: Principal, id: string, ctx: RequestContext): Promise<CommandResult> {
    const tender = await lockTender(tx, id);
    requireOwner(tender, principal);
    requireStatus(tender, ['draft'], 'submitted for review');
    checkDeadline(procedureTypeOf(tender), clock.now(), tender.bid_deadline);
    const updated = await setStatus(tx, tender, { status: 'pendingReview', review_reason: null });
    const body = await tenderDto(tx, updated);
    await audit(tx, principal, 'tendering.tender.submit', id, ctx);
    return { statusCode: 200, body };
  }

  /** Trading-centre staff approve (publish) or reject (back to draft, reason required). */
  async function review(
    tx: Tx,
    principal: Principal,
    id: string,
    decision: { approve: boolean; reason?: string },
    ctx: RequestContext,
  ): Promise<CommandResult> {
    const tender = await lockTender(tx, id);
    requireStatus(tender, ['pendingReview'], 'reviewed');
    const now = clock.now();
    if (!decision.approve) {
      if (!decision.reason) throw tenderingError('REVIEW_REASON_REQUIRED');
      const returned = await setStatus(tx, tender, { status: 'draft', review_reason: decision.reason, reviewed_by: principal.userId });
      const body = await tenderDto(tx, returned);
      await audit(tx, principal, 'tendering.tender.reject', id, ctx, { reason: decision.reason });
      return { statusCode: 200, body };
    }
    // Publication issues the documents now: the statutory period runs from here.
    checkDeadline(procedureTypeOf(tender), now, tender.bid_deadline);
    const published = await setStatus(tx, tender, {
      status: 'published',
      reviewed_by: principal.userId,
      published_at: now,
      documents_issued_at: now,
      review_reason: null,
    });
    const procedure = procedureOf(procedureTypeOf(tender));
    await publishAnnouncement(tx, {
      title: tender.title,
      category: procedure.sector === 'engineering' ? 'engineeringConstruction' : 'governmentProcurement',
      regionCode: tender.region_code,
      publishedAt: now,
      url: `/tenders/${tender.id}`,
      source: `tendering.tender:${tender.id}`,
    });
    await events.publish(tx, 'tendering.tender.published', { tenderId: id, bidDeadline: tender.bid_deadline.toISOString() });
    const body = await tenderDto(tx, published);
    await audit(tx, principal, 'tendering.tender.publish', id, ctx, { bidDeadline: tender.bid_deadline.toISOString() });
    return { statusCode: 200, body };
  }

  /**
   * A bidder obtains the documents (获取招标文件). The registration is kept from everyone but the
   * system until the opening (法 22): no route lists it, and the audit entry names only the bidder.
   */
  async function registerForDocuments(tx: Tx, principal: Principal, id: string, ctx: RequestContext): Promise<CommandResult> {
    const tender = await lockTender(tx, id);
    requireStatus(tender, ['published'], 'registered for');
    const now = clock.now();
    if (now >= tender.bid_deadline) throw tenderingError('TENDER_WRONG_STATE', { status: 'closed', action: 'registered for' });
    // A custodian of the key that guards the bids may not bid (opening-key-custodians.ts).
    const user = await tx
      .selectFrom('identity.user as u')
      .select((eb) => ['u.display_name', eb.exists(eb.selectFrom('tendering.opening_key_share as s').select('s.x').where('s.tender_id', '=', id).whereRef('s.custodian_id', '=', 'u.id')).as('holds_share')])
      .where('u.id', '=', principal.userId)
      .executeTakeFirst();
    if (user?.holds_share) throw tenderingError('SHARE_HOLDER_CANNOT_BID');
    await tx
      .insertInto('tendering.document_registration')
      .values({ tender_id: id, bidder_id: principal.userId, bidder_name: user?.display_name ?? principal.username, registered_at: now })
      .onConflict((c) => c.columns(['tender_id', 'bidder_id']).doNothing())
      .execute();
    const registration = await tx
      .selectFrom('tendering.document_registration')
      .select(['registered_at'])
      .where('tender_id', '=', id)
      .where('bidder_id', '=', principal.userId)
      .executeTakeFirstOrThrow();
    const body = { tenderId: id, registeredAt: registration.registered_at.toISOString() };
    await audit(tx, principal, 'tendering.documents.obtain', id, ctx);
    return { statusCode: 200, body };
  }

  /**
   * A clarification or amendment (澄清/修改). A substantive one less than the statutory minimum
   * before the deadline (条例 21: 15 days) moves the deadline in the same command, and every bidder
   * who obtained the documents is notified.
   */
  async function clarify(
    tx: Tx,
    principal: Principal,
    id: string,
    input: { text: string; substantive: boolean },
    ctx: RequestContext,
  ): Promise<CommandResult> {
    const tender = await lockTender(tx, id);
    requireOwner(tender, principal);
    requireStatus(tender, ['published'], 'clarified');
    const now = clock.now();
    if (now >= tender.bid_deadline) throw tenderingError('TENDER_WRONG_STATE', { status: 'closed', action: 'clarified' });
    const period = procedureOf(procedureTypeOf(tender)).clarificationBeforeDeadline;
    const deadlineAfter = input.substantive && period ? postponedDeadline(calendar, now, tender.bid_deadline, period) : tender.bid_deadline;
    const moved = deadlineAfter.getTime() !== tender.bid_deadline.getTime();
    const clarification = await tx
      .insertInto('tendering.clarification')
      .values({
        tender_id: id,
        text: input.text,
        substantive: input.substantive,
        issued_at: now,
        deadline_before: tender.bid_deadline,
        deadline_after: deadlineAfter,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (moved) await setStatus(tx, tender, { bid_deadline: deadlineAfter });
    const message = moved
      ? `招标文件澄清/修改：投标截止时间顺延至 ${deadlineAfter.toISOString()}（${period?.article ?? ''}）`
      : '招标文件澄清/修改已发布';
    const notified = await notifyRegistered(tx, id, moved ? 'deadlineMoved' : 'clarification', message, now);
    if (moved) await events.publish(tx, 'tendering.tender.deadline-moved', { tenderId: id, bidDeadline: deadlineAfter.toISOString() });
    const body = {
      id: clarification.id,
      tenderId: id,
      text: clarification.text,
      substantive: clarification.substantive,
      issuedAt: now.toISOString(),
      deadlineBefore: tender.bid_deadline.toISOString(),
      deadlineAfter: deadlineAfter.toISOString(),
      deadlineMoved: moved,
      article: moved ? (period?.article ?? null) : null,
      notified,
    };
    await audit(tx, principal, 'tendering.tender.clarify', id, ctx, {
      clarificationId: clarification.id,
      deadlineMoved: moved,
      deadlineAfter: deadlineAfter.toISOString(),
    });
    return { statusCode: 201, body };
  }

  /**
   * An objection to the documents (异议, 条例 22): at least 10 days before the deadline; the reply is
   * due within 3 days; tendering is suspended until it is answered.
   */
  async function object(tx: Tx, principal: Principal, id: string, text: string, ctx: RequestContext): Promise<CommandResult> {
    const tender = await lockTender(tx, id);
    requireStatus(tender, ['published', 'suspended'], 'objected to');
    if (!(await isRegistered(tx, id, principal.userId))) throw tenderingError('NOT_REGISTERED');
    const now = clock.now();
    const rule = procedureOf(procedureTypeOf(tender)).documentObjection;
    if (rule.beforeDeadline) {
      const latest = latestEventDate(calendar, tender.bid_deadline, rule.beforeDeadline);
      if (civilDateOf(now) > latest)
        throw tenderingError('OBJECTION_TOO_LATE', { days: rule.beforeDeadline.days, latest, article: rule.beforeDeadline.article });
    }
    const replyDue = endOfCivilDay(dateAfter(calendar, civilDateOf(now), rule.reply));
    const objection = await tx
      .insertInto('tendering.objection')
      .values({ tender_id: id, bidder_id: principal.userId, text, raised_at: now, reply_due: replyDue, replied_at: null, reply: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    const suspends = rule.suspendsActivity && tender.status === 'published';
    if (suspends) await setStatus(tx, tender, { status: 'suspended', suspended_at: now });
    const body = { ...objectionDto(objection), suspended: rule.suspendsActivity, article: rule.article };
    await audit(tx, principal, 'tendering.objection.raise', id, ctx, {
      objectionId: objection.id,
      replyDue: replyDue.toISOString(),
      suspended: suspends,
    });
    return { statusCode: 201, body };
  }

  /**
   * The tenderer answers an objection. When no objection is left open, tendering resumes and the
   * deadline is extended by the whole days it was suspended (the suspension froze the clock;
   * design decision after lifecycles.md "Suspension").
   */
  async function answerObjection(
    tx: Tx,
    principal: Principal,
    id: string,
    objectionId: string,
    reply: string,
    ctx: RequestContext,
  ): Promise<CommandResult> {
    const tender = await lockTender(tx, id);
    requireOwner(tender, principal);
    const objection = await tx
      .selectFrom('tendering.objection')
      .selectAll()
      .where('id', '=', objectionId)
      .where('tender_id', '=', id)
      .executeTakeFirst();
    if (!objection) throw tenderingError('OBJECTION_NOT_FOUND');
    if (objection.replied_at) throw tenderingError('OBJECTION_ANSWERED');
    const now = clock.now();
    const answered = await tx
      .updateTable('tendering.objection')
      .set({ replied_at: now, reply })
      .where('id', '=', objectionId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const open = await tx
      .selectFrom('tendering.objection')
      .select(['id'])
      .where('tender_id', '=', id)
      .where('replied_at', 'is', null)
      .execute();
    let resumedDeadline: Date | null = null;
    if (open.length === 0 && tender.status === 'suspended' && tender.suspended_at) {
      const frozenDays = Math.ceil((now.getTime() - tender.suspended_at.getTime()) / DAY_MS);
      resumedDeadline = new Date(tender.bid_deadline.getTime() + frozenDays * DAY_MS);
      await setStatus(tx, tender, { status: 'published', suspended_at: null, bid_deadline: resumedDeadline });
      await notifyRegistered(tx, id, 'resumed', `异议已答复，招标投标活动恢复；投标截止时间为 ${resumedDeadline.toISOString()}`, now);
    }
    await tx
      .insertInto('tendering.notification')
      .values({ recipient_id: objection.bidder_id, tender_id: id, kind: 'objectionAnswered', message: reply, created_at: now })
      .execute();
    const body = {
      ...objectionDto(answered),
      resumed: resumedDeadline !== null,
      bidDeadline: (resumedDeadline ?? tender.bid_deadline).toISOString(),
    };
    await audit(tx, principal, 'tendering.objection.answer', id, ctx, { objectionId, resumed: resumedDeadline !== null });
    return { statusCode: 200, body };
  }

  async function audit(
    tx: Tx,
    principal: Principal,
    action: string,
    target: string,
    ctx: RequestContext,
    detail?: Record<string, unknown>,
  ) {
    await recordAudit(tx, {
      actorId: principal.userId,
      actorName: principal.username,
      action,
      target,
      outcome: 'success',
      ip: ctx.ip,
      at: clock.now(),
      ...(detail ? { detail } : {}),
    });
  }

  /** Public: published (or later) tenders only; owners and staff see their drafts too. */
  async function getTender(principal: Principal | undefined, id: string) {
    const tender = await db.selectFrom('tendering.tender').selectAll().where('id', '=', id).executeTakeFirst();
    if (!tender) throw tenderingError('TENDER_NOT_FOUND');
    const isPublic = tender.published_at !== null;
    const mayRead =
      isPublic ||
      (principal &&
        (principal.userId === tender.owner_id || principal.roles.includes('centreStaff') || principal.roles.includes('supervisor')));
    if (!mayRead) throw tenderingError('TENDER_NOT_FOUND');
    return tenderDto(db, tender);
  }

  async function listTenders(principal: Principal, query: { scope: 'mine' | 'review' | 'published'; limit: number }) {
    let q = db.selectFrom('tendering.tender').selectAll();
    if (query.scope === 'mine') q = q.where('owner_id', '=', principal.userId).orderBy('created_at', 'desc');
    else if (query.scope === 'review') {
      if (!principal.roles.includes('centreStaff')) return [];
      q = q.where('status', '=', 'pendingReview').orderBy('created_at', 'asc');
    } else q = q.where('published_at', 'is not', null).orderBy('published_at', 'desc');
    const rows = await q.limit(query.limit).execute();
    return Promise.all(rows.map((row) => tenderDto(db, row)));
  }

  async function clarifications(id: string) {
    const rows = await db.selectFrom('tendering.clarification').selectAll().where('tender_id', '=', id).orderBy('issued_at').execute();
    return rows.map((c) => ({
      id: c.id,
      text: c.text,
      substantive: c.substantive,
      issuedAt: c.issued_at.toISOString(),
      deadlineBefore: c.deadline_before.toISOString(),
      deadlineAfter: c.deadline_after.toISOString(),
    }));
  }

  async function notifications(principal: Principal) {
    const rows = await db
      .selectFrom('tendering.notification')
      .selectAll()
      .where('recipient_id', '=', principal.userId)
      .orderBy('created_at', 'desc')
      .limit(100)
      .execute();
    return rows.map((n) => ({ id: n.id, tenderId: n.tender_id, kind: n.kind, message: n.message, createdAt: n.created_at.toISOString() }));
  }

  /** Objections: the owner sees all of a tender's, a bidder their own. */
  async function objections(principal: Principal, id: string) {
    const tender = await db.selectFrom('tendering.tender').select(['owner_id']).where('id', '=', id).executeTakeFirst();
    if (!tender) throw tenderingError('TENDER_NOT_FOUND');
    let q = db.selectFrom('tendering.objection').selectAll().where('tender_id', '=', id);
    const all = tender.owner_id === principal.userId || principal.roles.includes('centreStaff') || principal.roles.includes('supervisor');
    if (!all) q = q.where('bidder_id', '=', principal.userId);
    const rows = await q.orderBy('raised_at').execute();
    return rows.map(objectionDto);
  }

  /**
   * The rules a tender form shows as the user types, computed by the same code that refuses a
   * wrong tender: the earliest deadline date if documents were issued now (server time), the
   * clarification period and the bid security limit.
   */
  function rules(procedureType: ProcedureType) {
    const now = clock.now();
    const procedure = procedureOf(procedureType);
    const period = procedure.documentIssueToDeadline;
    return {
      procedureType,
      serverTime: now.toISOString(),
      issuedOn: civilDateOf(now),
      earliestDeadlineDate: period ? dateAfter(calendar, civilDateOf(now), period) : null,
      documentIssueToDeadline: period,
      clarificationBeforeDeadline: procedure.clarificationBeforeDeadline,
      bidSecurity: BID_SECURITY_LIMIT,
    };
  }

  /** Whether the bidder obtained the documents (法 22 keeps the list confidential; one's own entry is not). */
  async function myRegistration(principal: Principal, id: string) {
    await getTender(undefined, id);
    const row = await db
      .selectFrom('tendering.document_registration')
      .select(['registered_at'])
      .where('tender_id', '=', id)
      .where('bidder_id', '=', principal.userId)
      .executeTakeFirst();
    return { tenderId: id, registeredAt: row?.registered_at.toISOString() ?? null };
  }

  return {
    create,
    rules,
    myRegistration,
    submitForReview,
    review,
    registerForDocuments,
    isRegistered,
    clarify,
    object,
    answerObjection,
    getTender,
    listTenders,
    clarifications,
    notifications,
    objections,
    ownerRoles: OWNER_ROLES,
  };
}

export type TenderingService = ReturnType<typeof createTenderingService>;

function requireOwner(tender: TenderRow, principal: Principal) {
  if (tender.owner_id !== principal.userId) throw tenderingError('TENDER_NOT_OWNER');
}

function requireStatus(tender: TenderRow, allowed: readonly TenderStatus[], action: string) {
  if (tender.status === 'suspended' && !allowed.includes('suspended')) throw tenderingError('TENDER_SUSPENDED');
  if (!allowed.includes(tender.status)) throw tenderingError('TENDER_WRONG_STATE', { status: tender.status, action });
}

/** 应进必进 the other way round: only sections whose project entered the platform are tendered. */
async function requireEnteredSections(tx: Tx, sections: readonly SectionInput[]) {
  const found = await findSections(
    tx,
    sections.map((s) => s.sectionCode),
  );
  for (const { sectionCode } of sections) {
    const section = found.find((f) => f.sectionCode === sectionCode);
    if (!section) throw tenderingError('SECTION_NOT_REGISTERED', { code: sectionCode });
    if (section.withdrawn) throw tenderingError('SECTION_WITHDRAWN', { code: sectionCode });
    if (!section.projectAccepted) throw tenderingError('PROJECT_NOT_ACCEPTED', { code: sectionCode });
  }
}

function checkSections(sections: readonly SectionInput[]) {
  for (const section of sections) {
    const check = checkSectionCode(section.sectionCode);
    if (!check.ok)
      throw tenderingError(
        'SECTION_CODE_INVALID',
        { code: section.sectionCode, reason: check.problems.map((p) => p.code).join(', ') },
        check.problems,
      );
    const limit = maxBidSecurity(section.estimatedAmount);
    if (toFen(section.security.amount) > toFen(limit)) {
      throw tenderingError('SECURITY_TOO_HIGH', { section: section.name, amount: section.security.amount, limit });
    }
  }
}

function procedureTypeOf(tender: TenderRow): ProcedureType {
  const type = tender.procedure_type;
  if (isProcedureType(type)) return type;
  throw new Error(`Unknown procedure type in the database: ${type}`);
}

function objectionDto(o: {
  id: string;
  tender_id: string;
  text: string;
  raised_at: Date;
  reply_due: Date;
  replied_at: Date | null;
  reply: string | null;
}) {
  return {
    id: o.id,
    tenderId: o.tender_id,
    text: o.text,
    raisedAt: o.raised_at.toISOString(),
    replyDue: o.reply_due.toISOString(),
    repliedAt: o.replied_at?.toISOString() ?? null,
    reply: o.reply,
  };
}

async function tenderDto(executor: Executor, tender: TenderRow) {
  // When the opening-key ceremony was held rides along with the sections: one round trip.
  const sections: Array<SectionRow & { opening_key_at: Date | null }> = await executor
    .selectFrom('tendering.section')
    .selectAll()
    .select((eb) => eb.selectFrom('tendering.opening_key').select('created_at').where('tender_id', '=', tender.id).as('opening_key_at'))
    .where('tender_id', '=', tender.id)
    .orderBy('section_code')
    .execute();
  const procedure = procedureOf(procedureTypeOf(tender));
  return {
    id: tender.id,
    procedureType: procedure.type,
    procedureName: procedure.nameZh,
    sector: procedure.sector,
    title: tender.title,
    regionCode: tender.region_code,
    announcement: tender.announcement,
    status: tender.status,
    ownerName: tender.owner_name,
    bidDeadline: tender.bid_deadline.toISOString(),
    documentsIssuedAt: tender.documents_issued_at?.toISOString() ?? null,
    publishedAt: tender.published_at?.toISOString() ?? null,
    reviewReason: tender.review_reason,
    openingKeyAt: sections[0]?.opening_key_at?.toISOString() ?? null,
    version: tender.version,
    sections: sections.map((s) => ({
      id: s.id,
      sectionCode: s.section_code,
      name: s.name,
      estimatedAmount: s.estimated_amount,
      ceilingPrice: s.ceiling_price,
      security: { kind: s.security_kind, amount: s.security_amount },
      status: s.status,
      opening: {
        checkInLeadMinutes: s.opening_config?.checkInLeadMinutes ?? DEFAULT_CHECK_IN_LEAD_MINUTES,
        floatPoint: s.opening_config?.floatPoint ? { mode: s.opening_config.floatPoint.mode, letters: s.opening_config.floatPoint.letters as FloatPointLetter[], expression: s.opening_config.floatPoint.expression ?? null } : null,
      },
    })),
  };
}

/** The section's opening settings as stored (null = defaults, no float point); the float-point set in canonical order. */
function openingConfigOf(section: SectionInput): string | null {
  const input = section.opening;
  if (!input) return null;
  const config: SectionOpeningConfig = {};
  if (input.checkInLeadMinutes !== undefined) config.checkInLeadMinutes = input.checkInLeadMinutes;
  if (input.floatPoint) {
    const { mode, expression } = input.floatPoint;
    if ((mode === 'expression') !== (expression !== undefined)) throw tenderingError('OPENING_CONFIG_INVALID', { section: section.name, reason: 'expression ⇔ mode expression' });
    let letters: FloatPointLetter[];
    try {
      letters = canonicalFloatPointLetters(input.floatPoint.letters);
    } catch (error) {
      throw tenderingError('OPENING_CONFIG_INVALID', { section: section.name, reason: (error as Error).message });
    }
    config.floatPoint = { mode, letters, ...(expression !== undefined ? { expression } : {}) };
  }
  return JSON.stringify(config);
}
