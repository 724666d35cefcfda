import type { WorkingDayCalendar } from '../../platform/calendar/index.js';
import type { Clock } from '../../platform/clock.js';
import { sm2 } from '../../platform/crypto/gm/index.js';
import type { Executor } from '../../platform/db/tables.js';
import type { Principal } from '../../platform/http/access.js';
import { procedureOf } from '../tendering/index.js';
import { awardError } from './award.errors.js';
import { type AwardRow, findAward, requireSection, sectionBidders, type TenderSection } from './award.repository.js';
import { FALLBACK_REASON_TEXT } from './domain/award-rules.js';
import { noticeKindOf, type SignedAwardNotice, verifyAwardNotice } from './domain/notice.js';
import { awardDeadlines } from './domain/timing.js';
import { objectionDto } from './publicity.service.js';

const OVERSEERS = ['centreStaff', 'supervisor'] as const;

const overseer = (principal: Principal, section: TenderSection) => section.ownerId === principal.userId || OVERSEERS.some((r) => principal.roles.includes(r));

/** Reads: the participants' view, the public publicity and result pages, the notice and its log entry. */
export function createAwardViews(deps: { db: Executor; clock: Clock; calendar: WorkingDayCalendar; signingKey: () => Promise<{ publicKey: string }> }) {
  const { db, clock, calendar } = deps;

  async function requireAward(tenderId: string, sectionCode: string): Promise<AwardRow> {
    const award = await findAward(db, tenderId, sectionCode);
    if (!award) throw awardError('AWARD_NOT_STARTED');
    return award;
  }

  /** The tenderer, centre staff, supervisors and the section's bidders. */
  async function view(principal: Principal, tenderId: string, sectionCode: string) {
    const section = await requireSection(db, tenderId, sectionCode);
    const award = await requireAward(tenderId, sectionCode);
    const full = overseer(principal, section);
    if (!full && !(await sectionBidders(db, tenderId, sectionCode, award.candidates)).some((b) => b.bidderId === principal.userId)) throw awardError('NOT_AN_AWARD_PARTICIPANT');
    const current = award.notice_id ? await db.selectFrom('award.notice').select(['issued_at']).where('id', '=', award.notice_id).executeTakeFirst() : undefined;
    let objections = db.selectFrom('award.objection').selectAll().where('tender_id', '=', tenderId).where('section_code', '=', sectionCode);
    if (!full) objections = objections.where('objector_id', '=', principal.userId);
    return {
      tenderId,
      sectionCode,
      procedureType: section.procedureType,
      sector: award.sector,
      state: award.state,
      orderBinds: award.order_binds,
      candidates: award.candidates,
      report: { sm3: award.report_sm3, logIndex: award.report_log_index === null ? null : Number(award.report_log_index), receivedAt: award.report_received_at.toISOString() },
      publicity: publicityOf(award),
      objections: (await objections.orderBy('raised_at').execute()).map(objectionDto),
      passedOver: award.passed_over.map((p) => ({ ...p, reasonText: FALLBACK_REASON_TEXT[p.reason] })),
      winnerRank: award.winner_rank,
      noticeIssuedAt: current?.issued_at.toISOString() ?? null,
      failureReason: award.failure_reason,
      retenderTenderId: award.retender_tender_id,
      deadlines: awardDeadlines(calendar, award.sector, award.report_received_at, current?.issued_at ?? null),
    };
  }

  function publicityOf(award: AwardRow) {
    if (!award.publicity_starts_at || !award.publicity_ends_at) return null;
    const now = clock.now();
    return {
      startsAt: award.publicity_starts_at.toISOString(),
      endsAt: award.publicity_ends_at.toISOString(),
      running: now >= award.publicity_starts_at && now < award.publicity_ends_at,
      suspended: award.state === 'suspended',
    };
  }

  /** Public (中标候选人公示): ranked candidates with prices and scores, and the period. */
  async function publicPublicity(tenderId: string, sectionCode: string) {
    const award = await findAward(db, tenderId, sectionCode);
    const publicity = award ? publicityOf(award) : null;
    if (!award || !publicity) throw awardError('PUBLICITY_NOT_PUBLISHED');
    const section = await requireSection(db, tenderId, sectionCode);
    return {
      tenderId,
      tenderTitle: section.title,
      sectionCode,
      sectionName: section.section.name,
      tenderer: section.ownerName,
      candidates: award.candidates.map((c) => ({ rank: c.rank, bidderName: c.bidderName, price: c.price, score: c.score })),
      ...publicity,
    };
  }

  /** Public (中标/成交结果公告, or the failure): once the notice is issued or the section failed. */
  async function publicResult(tenderId: string, sectionCode: string) {
    const award = await findAward(db, tenderId, sectionCode);
    if (!award || (award.state !== 'awarded' && award.state !== 'failed' && award.state !== 'retendered')) throw awardError('RESULT_NOT_PUBLISHED');
    const section = await requireSection(db, tenderId, sectionCode);
    const kind = noticeKindOf(section.procedureType);
    const winner = award.state === 'awarded' ? award.candidates.find((c) => c.rank === award.winner_rank) : undefined;
    const current = award.notice_id ? await db.selectFrom('award.notice').select(['issued_at']).where('id', '=', award.notice_id).executeTakeFirst() : undefined;
    return {
      tenderId,
      tenderTitle: section.title,
      sectionCode,
      sectionName: section.section.name,
      procedureName: procedureOf(section.procedureType).nameZh,
      title: winner ? kind.resultTitle : '招标失败公告',
      outcome: winner ? ('awarded' as const) : ('failed' as const),
      winner: winner ? { bidderName: winner.bidderName, price: winner.price, score: winner.score, rank: winner.rank } : null,
      announcedAt: current?.issued_at.toISOString() ?? null,
      failureReason: winner ? null : award.failure_reason,
    };
  }

  /** The notice in force (or a given revoked one's history is in the log): the winner, the tenderer, staff and supervisors. */
  async function notice(principal: Principal, tenderId: string, sectionCode: string) {
    const section = await requireSection(db, tenderId, sectionCode);
    const award = await requireAward(tenderId, sectionCode);
    if (!award.notice_id) throw awardError('NO_NOTICE');
    const row = await db.selectFrom('award.notice').selectAll().where('id', '=', award.notice_id).executeTakeFirstOrThrow();
    if (!overseer(principal, section) && row.winner_id !== principal.userId) throw awardError('NOTICE_NOT_YOURS');
    const entry = await db.selectFrom('platform.audit_event').select(['id', 'leaf_sm3']).where('action', '=', 'award.notice.issue').where('target', '=', row.id).executeTakeFirstOrThrow();
    return { notice: row.document, status: row.status, logIndex: Number(entry.id), leafHashSm3: entry.leaf_sm3.toString('hex') };
  }

  async function noticeKey() {
    const key = await deps.signingKey();
    return { algorithm: 'SM2' as const, publicKey: sm2.normalisePublicKey(key.publicKey) };
  }

  /** Anyone holding a notice: is it signed by the platform key, and is it the one the log recorded? */
  async function verify(document: Record<string, unknown>) {
    const { publicKey } = await deps.signingKey();
    const shaped = typeof document.signature === 'string' && typeof document.platformPublicKey === 'string' && typeof document.noticeId === 'string';
    const signatureValid = shaped && verifyAwardNotice(document as unknown as SignedAwardNotice, publicKey);
    if (!signatureValid) return { valid: false, signatureValid: false, logIndex: null, status: null };
    const noticeId = String(document.noticeId);
    const entry = await db.selectFrom('platform.audit_event').select(['id', 'detail']).where('action', '=', 'award.notice.issue').where('target', '=', noticeId).executeTakeFirst();
    const logged = entry !== undefined && (entry.detail as { signature?: unknown } | null)?.signature === document.signature;
    const row = await db.selectFrom('award.notice').select(['status']).where('id', '=', noticeId).executeTakeFirst();
    return { valid: logged, signatureValid, logIndex: entry ? Number(entry.id) : null, status: row?.status ?? null };
  }

  return { view, publicPublicity, publicResult, notice, noticeKey, verify };
}

export type AwardViews = ReturnType<typeof createAwardViews>;
