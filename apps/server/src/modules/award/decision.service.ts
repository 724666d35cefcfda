import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../platform/audit/audit.js';
import { civilDateOf } from '../../platform/calendar/index.js';
import { sm2, sm3Hex } from '../../platform/crypto/gm/index.js';
import type { Executor, Tx } from '../../platform/db/tables.js';
import type { Principal, RequestContext } from '../../platform/http/access.js';
import type { CommandResult } from '../../platform/idempotency/idempotency.js';
import type { KeyStore } from '../../platform/keys/key-store.js';
import { publishAnnouncement } from '../portal/index.js';
import type { TradingMilestone } from '../project/index.js';
import { notifyUsers, procedureOf, type TenderInput } from '../tendering/index.js';
import { awardError } from './award.errors.js';
import { type AwardRow, awardUrl, findAward, hallSource, lockAward, openObjectionCount, requireOwner, requireSection, sectionBidders, type TenderSection, tradeCategoryOf } from './award.repository.js';
import { FALLBACK_ARTICLE, FALLBACK_REASON_TEXT, type FallbackReason } from './domain/award-rules.js';
import { type Candidate, nextWinner, type PassOver, passOverProblem } from './domain/candidates.js';
import { AWARD_NOTICE_FORMAT, type AwardNotice, awardNoticeSigningBytes, noticeKindOf, signAwardNotice } from './domain/notice.js';
import { contractDue } from './domain/timing.js';
import type { SignedReport } from './ports.js';
import { type AwardServiceDeps, orderBindsFor, requireReport } from './publicity.service.js';

export const NOTICE_KEY_NAME = 'award.notice.sm2';

export interface DecisionServiceDeps extends AwardServiceDeps {
  keys: KeyStore;
  /** The project module's trading milestone (tradingCompleted once the notice is issued). */
  milestone(tx: Executor, milestone: TradingMilestone): Promise<void>;
  /** A new draft tender through tendering's create command. */
  draftTender(tx: Tx, principal: Principal, input: TenderInput, ctx: RequestContext): Promise<CommandResult>;
}

type SigningKey = { privateKey: string; publicKey: string };
type PassOverInput = { rank: number; reason: FallbackReason; note: string };

/** 法 42: every bid rejected by the committee ⇒ the report has no candidate and the tender must be held again. */
const ALL_REJECTED = '评标委员会否决了所有投标，依法重新招标（招标投标法 第四十二条）';

const PASS_OVER_PROBLEM_TEXT = {
  unknownRank: '没有该排名的中标候选人',
  alreadyPassedOver: '该候选人已被跳过',
  reasonNotLegal: '国有资金占控股或者主导地位的项目（及政府采购项目）只能以法定情形跳过排名在先的候选人',
  notNextInOrder: '应当按照排序依次确定，排名在先的候选人尚未被跳过',
} as const;

/** Winner determination in candidate order (E51/G15), the signed award notice with simultaneous result notices (E53), failure and re-tender. */
export function createDecisionService(deps: DecisionServiceDeps) {
  const { clock, calendar, events, keys } = deps;

  async function signingKey(): Promise<SigningKey> {
    return keys.getOrCreate(NOTICE_KEY_NAME, () => ({ algorithm: 'SM2', ...sm2.generateKeyPair() }));
  }

  /** Engineering: after publicity with no open objection. GP: straight from the report (no publicity, lifecycles §6.2). */
  async function decide(tx: Tx, principal: Principal, tenderId: string, sectionCode: string, input: { passOver?: PassOverInput[] }, key: SigningKey, ctx: RequestContext): Promise<CommandResult> {
    const section = await requireSection(tx, tenderId, sectionCode);
    requireOwner(section, principal);
    const sector = procedureOf(section.procedureType).sector;
    const now = clock.now();
    let award: AwardRow;
    const existing = await findAward(tx, tenderId, sectionCode);
    if (sector === 'engineering' && existing) {
      award = await lockAward(tx, tenderId, sectionCode);
      await requireDecidable(tx, award, now);
    } else {
      if (existing) throw awardError('AWARD_EXISTS');
      const report = await requireReport(deps, tx, tenderId, sectionCode, { allowEmpty: true });
      // Engineering candidates are published first (E49); only a report rejecting every bid comes here directly.
      if (sector === 'engineering' && report.candidates.length > 0) throw awardError('AWARD_NOT_STARTED');
      award = await createFromReport(tx, principal, section, report, now);
      if (report.candidates.length === 0) return fail(tx, principal, section, award, [], ctx, ALL_REJECTED);
    }
    const passedOver = applyPassOvers(award, [], input.passOver ?? [], now);
    return settle(tx, principal, section, award, passedOver, key, ctx, 'award.decision');
  }

  /** After the notice: the winner gives up, cannot perform or fails the performance security (条例 55, 74) ⇒ the next candidate, or failure. */
  async function fallback(tx: Tx, principal: Principal, tenderId: string, sectionCode: string, input: { reason: FallbackReason; note: string }, key: SigningKey, ctx: RequestContext): Promise<CommandResult> {
    const section = await requireSection(tx, tenderId, sectionCode);
    requireOwner(section, principal);
    const award = await lockAward(tx, tenderId, sectionCode);
    if (award.state !== 'awarded' || award.winner_rank === null || award.notice_id === null) throw awardError('AWARD_WRONG_STATE', { state: award.state, action: 'fall back to the next candidate' });
    const now = clock.now();
    const passedOver = applyPassOvers(award, award.passed_over, [{ rank: award.winner_rank, reason: input.reason, note: input.note }], now);
    await tx.updateTable('award.notice').set({ status: 'revoked', revoked_at: now, revoke_reason: `${FALLBACK_REASON_TEXT[input.reason]}：${input.note}` }).where('id', '=', award.notice_id).execute();
    return settle(tx, principal, section, award, passedOver, key, ctx, 'award.fallback');
  }

  /** A failed section is tendered again: a new draft tender for the same section (lifecycles §1 failed → draft). */
  async function retender(tx: Tx, principal: Principal, tenderId: string, sectionCode: string, input: { bidDeadline: string; title?: string; announcement?: string }, ctx: RequestContext): Promise<CommandResult> {
    const section = await requireSection(tx, tenderId, sectionCode);
    requireOwner(section, principal);
    const award = await lockAward(tx, tenderId, sectionCode);
    if (award.state !== 'failed') throw awardError('AWARD_WRONG_STATE', { state: award.state, action: 'be tendered again' });
    const draft = await deps.draftTender(tx, principal, {
      procedureType: section.procedureType,
      title: input.title ?? `${section.title}（重新招标）`,
      regionCode: section.regionCode,
      announcement: input.announcement ?? section.announcement,
      bidDeadline: input.bidDeadline,
      sections: [section.section],
    }, ctx);
    const newTenderId = (draft.body as { id: string }).id;
    await tx.updateTable('award.section_award').set({ state: 'retendered', retender_tender_id: newTenderId, version: award.version + 1 }).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).execute();
    const body = { tenderId, sectionCode, state: 'retendered', retenderTenderId: newTenderId, tender: draft.body };
    await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: 'award.section.retender', target: tenderId, outcome: 'success', ip: ctx.ip, at: clock.now(), detail: { sectionCode, retenderTenderId: newTenderId } });
    return { statusCode: 201, body };
  }

  /** The next candidate gets a signed notice and everyone else the result at the same instant; none left ⇒ failed. */
  async function settle(tx: Tx, principal: Principal, section: TenderSection, award: AwardRow, passedOver: PassOver[], key: SigningKey, ctx: RequestContext, action: string): Promise<CommandResult> {
    const winner = nextWinner(award.candidates, passedOver);
    return winner ? issueNotice(tx, principal, section, award, winner, passedOver, key, ctx, action) : fail(tx, principal, section, award, passedOver, ctx);
  }

  async function issueNotice(tx: Tx, principal: Principal, section: TenderSection, award: AwardRow, winner: Candidate, passedOver: PassOver[], key: SigningKey, ctx: RequestContext, action: string): Promise<CommandResult> {
    const { tenderId, section: { sectionCode } } = section;
    const now = clock.now();
    const sector = procedureOf(section.procedureType).sector;
    const kind = noticeKindOf(section.procedureType);
    const previous = await tx.selectFrom('award.notice').select((eb) => eb.fn.max('sequence').as('n')).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).executeTakeFirst();
    const sequence = Number(previous?.n ?? 0) + 1;
    const contract = contractDue(calendar, sector, now);
    const nameOf = (rank: number) => award.candidates.find((c) => c.rank === rank)?.bidderName ?? '';
    const notice: AwardNotice = {
      format: AWARD_NOTICE_FORMAT,
      noticeId: randomUUID(),
      kind: kind.kind,
      title: kind.title,
      sequence,
      tenderId,
      tenderTitle: section.title,
      procedureType: section.procedureType,
      sectionCode,
      sectionName: section.section.name,
      tenderer: { id: section.ownerId, name: section.ownerName },
      winner: { bidderId: winner.bidderId, bidderName: winner.bidderName, rank: winner.rank, price: winner.price, score: winner.score },
      passedOver: passedOver.map((p) => ({ rank: p.rank, bidderName: nameOf(p.rank), reason: p.reason, note: p.note })),
      report: { sm3: award.report_sm3, logIndex: award.report_log_index === null ? null : Number(award.report_log_index) },
      issuedAt: now.toISOString(),
      contractDue: contract.due,
      contractArticle: contract.article,
      signatureAlgorithm: 'SM2-SM3',
      platformPublicKey: sm2.normalisePublicKey(key.publicKey),
    };
    const signed = signAwardNotice(notice, key.privateKey);
    await tx.insertInto('award.notice').values({ id: notice.noticeId, tender_id: tenderId, section_code: sectionCode, sequence, winner_id: winner.bidderId, document: JSON.stringify(signed), status: 'issued', issued_at: now, revoked_at: null, revoke_reason: null }).execute();
    await tx.updateTable('award.section_award').set({ state: 'awarded', winner_rank: winner.rank, notice_id: notice.noticeId, passed_over: JSON.stringify(passedOver), version: award.version + 1 }).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).execute();
    // 法 45 (E53): the notice to the winner and the result to every other bidder, at one instant.
    const bidders = await sectionBidders(tx, tenderId, sectionCode, award.candidates);
    const label = `${section.title}（${section.section.name}）`;
    await notifyUsers(
      tx,
      tenderId,
      bidders.map((b) =>
        b.bidderId === winner.bidderId
          ? { recipientId: b.bidderId, kind: 'awardNotice', message: `${label}：您已被确定为${kind.kind === 'award' ? '中标人' : '成交供应商'}，请下载${kind.title}，并于 ${contract.due} 前签订书面合同（${contract.article}）` }
          : { recipientId: b.bidderId, kind: 'awardResult', message: `${label}${kind.resultTitle}：${winner.bidderName}，${kind.kind === 'award' ? '中标' : '成交'}价 ${winner.price} 元。感谢参与。` },
      ),
      now,
    );
    await publishAnnouncement(tx, { title: `${label}${kind.resultTitle}`, category: tradeCategoryOf(sector), regionCode: section.regionCode, publishedAt: now, url: awardUrl(tenderId, sectionCode), source: hallSource.result(tenderId, sectionCode) });
    if (sequence === 1) await deps.milestone(tx, { sectionCode, kind: 'tradingCompleted', title: `发出${kind.title}`, occurredOn: civilDateOf(now) });
    await events.publish(tx, 'award.notice.issued', { tenderId, sectionCode, noticeId: notice.noticeId, sequence, winnerId: winner.bidderId, issuedAt: now.toISOString() });
    const noticeSm3 = sm3Hex(awardNoticeSigningBytes(notice));
    const position = await recordAudit(tx, {
      actorId: principal.userId,
      actorName: principal.username,
      action: 'award.notice.issue',
      target: notice.noticeId,
      outcome: 'success',
      ip: ctx.ip,
      at: now,
      detail: { tenderId, sectionCode, sequence, via: action, winnerId: winner.bidderId, rank: winner.rank, passedOver, noticeSm3, signature: signed.signature, platformPublicKey: notice.platformPublicKey },
    });
    return { statusCode: 200, body: { tenderId, sectionCode, state: 'awarded', winnerRank: winner.rank, notice: signed, logIndex: position.index, notified: bidders.length } };
  }

  async function fail(tx: Tx, principal: Principal, section: TenderSection, award: AwardRow, passedOver: PassOver[], ctx: RequestContext, reason?: string): Promise<CommandResult> {
    const { tenderId, section: { sectionCode } } = section;
    const now = clock.now();
    const sector = procedureOf(section.procedureType).sector;
    const reasons = passedOver.map((p) => `第${p.rank}名${FALLBACK_REASON_TEXT[p.reason]}`).join('；');
    const failureReason = reason ?? `中标候选人均不符合中标条件（${reasons}），依法重新招标（${FALLBACK_ARTICLE}）`;
    await tx.updateTable('award.section_award').set({ state: 'failed', winner_rank: null, notice_id: null, passed_over: JSON.stringify(passedOver), failure_reason: failureReason, version: award.version + 1 }).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).execute();
    const bidders = await sectionBidders(tx, tenderId, sectionCode, award.candidates);
    const label = `${section.title}（${section.section.name}）`;
    await notifyUsers(tx, tenderId, bidders.map((b) => ({ recipientId: b.bidderId, kind: 'awardFailed', message: `${label}：${failureReason}` })), now);
    await publishAnnouncement(tx, { title: `${label}招标失败公告`, category: tradeCategoryOf(sector), regionCode: section.regionCode, publishedAt: now, url: awardUrl(tenderId, sectionCode), source: hallSource.result(tenderId, sectionCode) });
    await events.publish(tx, 'award.section.failed', { tenderId, sectionCode, reason: failureReason });
    await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: 'award.section.fail', target: tenderId, outcome: 'success', ip: ctx.ip, at: now, detail: { sectionCode, passedOver, failureReason } });
    return { statusCode: 200, body: { tenderId, sectionCode, state: 'failed', failureReason, passedOver, notified: bidders.length } };
  }

  return { signingKey, decide, fallback, retender };
}

export type DecisionService = ReturnType<typeof createDecisionService>;

async function createFromReport(tx: Tx, principal: Principal, section: TenderSection, report: SignedReport, now: Date): Promise<AwardRow> {
  const sector = procedureOf(section.procedureType).sector;
  return tx
    .insertInto('award.section_award')
    .values({
      tender_id: section.tenderId,
      section_code: section.section.sectionCode,
      procedure_type: section.procedureType,
      sector,
      order_binds: await orderBindsFor(tx, sector, section.section.sectionCode),
      state: 'publicity',
      candidates: JSON.stringify(report.candidates),
      report_sm3: report.reportSm3,
      report_log_index: report.logIndex,
      report_received_at: report.reportedAt,
      publicity_starts_at: null,
      publicity_ends_at: null,
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
    .returningAll()
    .executeTakeFirst()
    .then((row) => {
      if (!row) throw awardError('AWARD_EXISTS');
      return row;
    });
}

function applyPassOvers(award: AwardRow, existing: readonly PassOver[], added: readonly PassOverInput[], now: Date): PassOver[] {
  const passedOver = [...existing];
  for (const next of added) {
    const problem = passOverProblem(award.candidates, passedOver, next, award.order_binds);
    if (problem) throw awardError('PASS_OVER_INVALID', { rank: next.rank, problem: PASS_OVER_PROBLEM_TEXT[problem], article: FALLBACK_ARTICLE });
    passedOver.push({ ...next, at: now.toISOString() });
  }
  return passedOver;
}

async function requireDecidable(tx: Tx, award: AwardRow, now: Date) {
  if (award.state === 'suspended') throw awardError('AWARD_SUSPENDED', { count: await openObjectionCount(tx, award.tender_id, award.section_code) });
  if (award.state !== 'publicity') throw awardError('AWARD_WRONG_STATE', { state: award.state, action: 'determine the winner' });
  if (award.publicity_ends_at && now < award.publicity_ends_at) throw awardError('PUBLICITY_NOT_ENDED', { endsAt: award.publicity_ends_at.toISOString() });
}
