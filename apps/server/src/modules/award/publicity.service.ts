import { recordAudit } from '../../platform/audit/audit.js';
import { civilDateOf, type WorkingDayCalendar } from '../../platform/calendar/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor, Tx } from '../../platform/db/tables.js';
import type { Principal, RequestContext } from '../../platform/http/access.js';
import type { CommandResult } from '../../platform/idempotency/idempotency.js';
import type { EventBus } from '../../platform/module.js';
import { publishAnnouncement } from '../portal/index.js';
import { findSections } from '../project/index.js';
import { notifyUsers, procedureOf } from '../tendering/index.js';
import { awardError } from './award.errors.js';
import { awardUrl, hallSource, lockAward, openObjectionCount, requireOwner, requireSection, sectionBidders, tradeCategoryOf } from './award.repository.js';
import { AWARD_RULES, candidateOrderBinds } from './domain/award-rules.js';
import { byRank, candidateListProblem } from './domain/candidates.js';
import { earliestPublicityEnd, latestPublicityStart, objectionReplyDue, publicityLongEnough, resumedPublicityEnd } from './domain/timing.js';
import type { AwardPorts, SignedReport } from './ports.js';

export interface AwardServiceDeps {
  db: Executor;
  clock: Clock;
  calendar: WorkingDayCalendar;
  events: EventBus;
  ports: AwardPorts;
}

/** The signed report of the section with a usable candidate list (条例 53). */
export async function requireReport(deps: Pick<AwardServiceDeps, 'ports'>, tx: Tx, tenderId: string, sectionCode: string, options: { allowEmpty?: boolean } = {}): Promise<SignedReport> {
  const report = await deps.ports.reports.findSignedReport(tx, tenderId, sectionCode);
  if (!report) throw awardError('REPORT_NOT_FOUND');
  const problem = candidateListProblem(report.candidates);
  if (problem && !(problem === 'empty' && options.allowEmpty)) throw awardError('REPORT_CANDIDATES_INVALID', { problem });
  return { ...report, candidates: byRank(report.candidates) };
}

/** Whether the order of candidates binds the award for this section (条例 55 / GP条例 43). */
export async function orderBindsFor(tx: Tx, sector: 'engineering' | 'governmentProcurement', sectionCode: string): Promise<boolean> {
  const [project] = await findSections(tx, [sectionCode]);
  return candidateOrderBinds(sector, project?.fundingSource);
}

/** Candidate publicity (中标候选人公示, E49) and objections to the result during it (E50). */
export function createPublicityService(deps: AwardServiceDeps) {
  const { clock, calendar, events } = deps;

  async function publish(tx: Tx, principal: Principal, tenderId: string, sectionCode: string, input: { endsAt?: string }, ctx: RequestContext): Promise<CommandResult> {
    const section = await requireSection(tx, tenderId, sectionCode);
    requireOwner(section, principal);
    const procedure = procedureOf(section.procedureType);
    if (procedure.sector === 'governmentProcurement') throw awardError('PUBLICITY_NOT_FOR_GP');
    const report = await requireReport(deps, tx, tenderId, sectionCode);
    const now = clock.now();
    const latest = latestPublicityStart(calendar, report.reportedAt);
    const rule = AWARD_RULES.publicityStart;
    if (civilDateOf(now) > latest) throw awardError('PUBLICITY_START_TOO_LATE', { days: rule.days, latest, article: rule.article });
    const earliest = earliestPublicityEnd(calendar, now);
    const endsAt = input.endsAt ? new Date(input.endsAt) : earliest.defaultEnd;
    const duration = AWARD_RULES.publicityDuration;
    if (!publicityLongEnough(calendar, now, endsAt)) throw awardError('PUBLICITY_TOO_SHORT', { days: duration.days, earliest: earliest.date, article: duration.article });
    const inserted = await tx
      .insertInto('award.section_award')
      .values({
        tender_id: tenderId,
        section_code: sectionCode,
        procedure_type: section.procedureType,
        sector: procedure.sector,
        order_binds: await orderBindsFor(tx, procedure.sector, sectionCode),
        state: 'publicity',
        candidates: JSON.stringify(report.candidates),
        report_sm3: report.reportSm3,
        report_log_index: report.logIndex,
        report_received_at: report.reportedAt,
        publicity_starts_at: now,
        publicity_ends_at: endsAt,
        suspended_at: null,
        passed_over: '[]',
        winner_rank: null,
        notice_id: null,
        failure_reason: null,
        retender_tender_id: null,
        created_by: principal.userId,
        created_at: now,
      })
      .onConflict((c) => c.columns(['tender_id', 'section_code']).doNothing())
      .returning(['tender_id'])
      .executeTakeFirst();
    if (!inserted) throw awardError('AWARD_EXISTS');
    await publishAnnouncement(tx, {
      title: `${section.title}（${section.section.name}）中标候选人公示`,
      category: tradeCategoryOf(procedure.sector),
      regionCode: section.regionCode,
      publishedAt: now,
      url: awardUrl(tenderId, sectionCode),
      source: hallSource.publicity(tenderId, sectionCode),
    });
    const bidders = await sectionBidders(tx, tenderId, sectionCode, report.candidates);
    const message = `${section.title}（${section.section.name}）中标候选人公示至 ${endsAt.toISOString()}；对评标结果有异议的，应当在公示期间提出（${rule.article}）`;
    await notifyUsers(tx, tenderId, bidders.map((b) => ({ recipientId: b.bidderId, kind: 'awardPublicity', message })), now);
    await events.publish(tx, 'award.publicity.published', { tenderId, sectionCode, startsAt: now.toISOString(), endsAt: endsAt.toISOString() });
    const body = { tenderId, sectionCode, state: 'publicity', startsAt: now.toISOString(), endsAt: endsAt.toISOString(), candidates: report.candidates, latestStart: latest, earliestEnd: earliest.date, article: rule.article };
    await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: 'award.publicity.publish', target: tenderId, outcome: 'success', ip: ctx.ip, at: now, detail: { sectionCode, endsAt: endsAt.toISOString(), reportSm3: report.reportSm3, candidates: report.candidates.map((c) => ({ rank: c.rank, bidderId: c.bidderId, price: c.price })) } });
    return { statusCode: 201, body };
  }

  /** An objection to the result, only during publicity (E50); the award is suspended until every one is answered. */
  async function object(tx: Tx, principal: Principal, tenderId: string, sectionCode: string, input: { text: string }, ctx: RequestContext): Promise<CommandResult> {
    const award = await lockAward(tx, tenderId, sectionCode);
    const bidders = await sectionBidders(tx, tenderId, sectionCode, award.candidates);
    // An objection suspends the award, so only a party whose standing the platform can check may
    // raise one here: the section's bidders. Other interested parties (条例 54) go to the supervisor.
    if (!bidders.some((b) => b.bidderId === principal.userId)) throw awardError('OBJECTION_NOT_A_BIDDER', { article: AWARD_RULES.objectionReply.article });
    if (award.state !== 'publicity' && award.state !== 'suspended') throw awardError('AWARD_WRONG_STATE', { state: award.state, action: 'take objections' });
    const now = clock.now();
    const { publicity_starts_at: startsAt, publicity_ends_at: endsAt } = award;
    const rule = AWARD_RULES.objectionReply;
    if (!startsAt || !endsAt || now < startsAt || now >= endsAt)
      throw awardError('OBJECTION_OUTSIDE_PUBLICITY', { startsAt: startsAt?.toISOString() ?? '-', endsAt: endsAt?.toISOString() ?? '-', article: rule.article });
    const section = await requireSection(tx, tenderId, sectionCode);
    const replyDue = objectionReplyDue(calendar, now);
    const row = await tx
      .insertInto('award.objection')
      .values({ tender_id: tenderId, section_code: sectionCode, objector_id: principal.userId, objector_name: principal.username, is_bidder: true, text: input.text, raised_at: now, reply_due: replyDue, reply: null, replied_at: null, replied_by: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (award.state === 'publicity') await tx.updateTable('award.section_award').set({ state: 'suspended', suspended_at: now, version: award.version + 1 }).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).execute();
    await notifyUsers(tx, tenderId, [{ recipientId: section.ownerId, kind: 'awardObjection', message: `收到对评标结果的异议，应于 ${replyDue.toISOString()} 前答复；答复前暂停招标投标活动（${rule.article}）` }], now);
    const body = { ...objectionDto(row), suspended: true, article: rule.article };
    await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: 'award.objection.raise', target: row.id, outcome: 'success', ip: ctx.ip, at: now, detail: { tenderId, sectionCode, replyDue: replyDue.toISOString() } });
    return { statusCode: 201, body };
  }

  /** The tenderer answers; with none left open the publicity resumes and its end moves by the days suspended. */
  async function answer(tx: Tx, principal: Principal, tenderId: string, sectionCode: string, objectionId: string, input: { reply: string }, ctx: RequestContext): Promise<CommandResult> {
    const section = await requireSection(tx, tenderId, sectionCode);
    requireOwner(section, principal);
    const award = await lockAward(tx, tenderId, sectionCode);
    const objection = await tx.selectFrom('award.objection').selectAll().where('id', '=', objectionId).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).executeTakeFirst();
    if (!objection) throw awardError('OBJECTION_NOT_FOUND');
    if (objection.replied_at) throw awardError('OBJECTION_ANSWERED');
    const now = clock.now();
    const answered = await tx.updateTable('award.objection').set({ reply: input.reply, replied_at: now, replied_by: principal.userId }).where('id', '=', objectionId).returningAll().executeTakeFirstOrThrow();
    const stillOpen = await openObjectionCount(tx, tenderId, sectionCode);
    let endsAt = award.publicity_ends_at;
    const resumes = stillOpen === 0 && award.state === 'suspended' && award.suspended_at !== null && endsAt !== null;
    if (resumes && award.suspended_at && endsAt) {
      endsAt = resumedPublicityEnd(endsAt, award.suspended_at, now);
      await tx.updateTable('award.section_award').set({ state: 'publicity', suspended_at: null, publicity_ends_at: endsAt, version: award.version + 1 }).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).execute();
    }
    await notifyUsers(tx, tenderId, [{ recipientId: objection.objector_id, kind: 'awardObjectionAnswered', message: input.reply }], now);
    const body = { ...objectionDto(answered), resumed: resumes, publicityEndsAt: endsAt?.toISOString() ?? null, answeredLate: now > objection.reply_due };
    await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: 'award.objection.answer', target: objectionId, outcome: 'success', ip: ctx.ip, at: now, detail: { tenderId, sectionCode, resumed: resumes, publicityEndsAt: endsAt?.toISOString() ?? null } });
    return { statusCode: 200, body };
  }

  return { publish, object, answer };
}

export type PublicityService = ReturnType<typeof createPublicityService>;

export function objectionDto(o: { id: string; objector_name: string; is_bidder: boolean; text: string; raised_at: Date; reply_due: Date; reply: string | null; replied_at: Date | null }) {
  return {
    id: o.id,
    objectorName: o.objector_name,
    isBidder: o.is_bidder,
    text: o.text,
    raisedAt: o.raised_at.toISOString(),
    replyDue: o.reply_due.toISOString(),
    reply: o.reply,
    repliedAt: o.replied_at?.toISOString() ?? null,
  };
}
