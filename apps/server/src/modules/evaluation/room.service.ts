/**
 * The evaluation room's commands (评标, lifecycles.md §4) over the pure domain: each command locks
 * the evaluation row, applies one domain transition, stores the new state and appends its audit
 * entry as the transaction's last statement. Reads are in room.view.ts.
 */
import { recordAudit } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import { sm2, sm3Hex } from '../../platform/crypto/gm/index.js';
import type { Executor, Tx } from '../../platform/db/tables.js';
import type { Principal, RequestContext } from '../../platform/http/access.js';
import { canonicalJson } from '../../platform/idempotency/canonical-json.js';
import type { CommandResult } from '../../platform/idempotency/idempotency.js';
import type { KeyStore } from '../../platform/keys/key-store.js';
import { procedureOf, type ProcedureType } from '../tendering/index.js';
import { answerProblem, type BidderRequest, decisionProblem, REQUEST_ARTICLES, type RequestKind, requestProblem, undecidedAbnormalLow } from './domain/bidder-requests.js';
import { committeeProblems, tallyChairVote } from './domain/committee.js';
import { activeBids, advance, electChair, type EvaluationState, recordScore, rejectBid, requestRescore, type ScoreItem, setPriceScores, sign, startEvaluation, submitStep, type TieRule } from './domain/evaluation.js';
import { type PriceMethod, priceMethodProblem, scorePrices } from './domain/price-method.js';
import { abnormallyLowGround, rejectionReason } from './domain/rejection.js';
import { evaluationError } from './evaluation.errors.js';
import { evaluationRepository as repo } from './evaluation.repository.js';
import type { OpenedSectionSource } from './opened-section.js';
import { REPORT_AUDIT_ACTION, REPORT_KEY_NAME, reportSigningBytes } from './report.js';
import { type ChairRound, configOf, evaluationOrThrow, type EvaluationRow, type Member, membersOf, openingOf, type RequestRow, requireMember, roundsOf, rule, stateOf } from './room.model.js';
import { buildReport, roomView } from './room.view.js';

export interface RoomConfigInput {
  items: ScoreItem[];
  priceMethod: PriceMethod;
  tieRules?: TieRule[];
}

export interface CreateEvaluationInput extends RoomConfigInput {
  tenderId: string;
  sectionCode: string;
  drawId: string;
  representatives: Array<{ userId: string; name: string }>;
}

interface RevealedSlot {
  slot: number;
  expertId: string;
  expertName: string;
  answer: string;
  onPanel: boolean;
}

export interface RoomDeps {
  db: Executor;
  clock: Clock;
  keys: KeyStore;
  sections: OpenedSectionSource;
}

const audit = (tx: Tx, principal: Principal, ctx: RequestContext, action: string, id: string, detail: Record<string, unknown>, at: Date) =>
  recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action, target: `evaluation:${id}`, outcome: 'success', ip: ctx.ip, detail, at });

function checkItems(items: readonly ScoreItem[]): void {
  const problems: string[] = [];
  if (new Set(items.map((i) => i.id)).size !== items.length) problems.push('item ids must be unique');
  for (const item of items) if (item.kind === 'RANGE' && Number(item.min) > Number(item.max)) problems.push(`${item.name}: min > max`);
  if (problems.length > 0) throw evaluationError('SCORE_ITEMS_INVALID', { summary: problems.join('; ') });
}

function checkMethod(procedureType: string, method: PriceMethod, floatPoint: string | null): void {
  const procedure = procedureOf(procedureType as ProcedureType);
  const problem = priceMethodProblem(procedure, method);
  if (problem) throw evaluationError('PRICE_METHOD_NOT_ALLOWED', { method: method.kind, procedure: procedure.nameZh, problem });
  if (method.kind === 'deviation' && method.floatPoint === 'discountBase' && floatPoint === null) throw evaluationError('FLOAT_POINT_MISSING');
}

const configOfInput = (input: RoomConfigInput) => ({ items: input.items, priceMethod: input.priceMethod, tieRules: input.tieRules ?? [{ kind: 'lowerPrice' as const }] });

const asBidderRequest = (r: RequestRow): BidderRequest => ({ kind: r.kind, bidId: r.bid_id, deadline: r.deadline, answeredAt: r.answered_at, decision: r.decision });

async function saveState(tx: Tx, id: string, state: EvaluationState, extra: Record<string, unknown> = {}) {
  await tx.updateTable('evaluation.evaluation').set({ state: JSON.stringify(state), ...extra }).where('id', '=', id).execute();
}

/** Locks an in-progress evaluation; a locked one refuses every write. */
async function lockInProgress(tx: Tx, id: string): Promise<EvaluationRow> {
  const row = await evaluationOrThrow(tx, id, true);
  if (row.status === 'locked') throw evaluationError('EVALUATION_LOCKED');
  if (row.status !== 'inProgress') throw evaluationError('EVALUATION_STATE', { status: row.status });
  return row;
}

function requireChair(row: EvaluationRow, principal: Principal): EvaluationState {
  const state = stateOf(row);
  requireMember(row, principal.userId);
  if (state.chairId !== principal.userId) throw evaluationError('NOT_CHAIR');
  return state;
}

async function requestsOf(tx: Executor, id: string) {
  return tx.selectFrom('evaluation.bidder_request').selectAll().where('evaluation_id', '=', id).orderBy('requested_at').orderBy('id').execute();
}

export function createRoomService(deps: RoomDeps) {
  const { db, clock, keys, sections } = deps;

  return {
    /** The report signing key, loaded outside any transaction (the key store reads through the pool). */
    reportKey: () => keys.getOrCreate(REPORT_KEY_NAME, () => ({ algorithm: 'SM2', ...sm2.generateKeyPair() })),

    /**
     * Staff create the evaluation of an opened section with its committee: the unsealed draw's
     * panel (every slot confirmed, each expert with an account) and the tenderer representatives,
     * checked against 法 37; the score items and price method are checked against the procedure.
     */
    async create(tx: Tx, principal: Principal, input: CreateEvaluationInput, ctx: RequestContext): Promise<CommandResult> {
      const section = await sections.find(tx, input.tenderId, input.sectionCode);
      if (!section) throw evaluationError('SECTION_NOT_OPENED', { status: 'none' });
      if (!section.readyForEvaluation) throw evaluationError('SECTION_NOT_OPENED', { status: section.status });
      checkItems(input.items);
      checkMethod(section.procedureType, input.priceMethod, section.floatPoint);
      const existing = await tx.selectFrom('evaluation.evaluation').select(['id']).where('tender_id', '=', input.tenderId).where('section_code', '=', input.sectionCode).executeTakeFirst();
      if (existing) throw evaluationError('EVALUATION_EXISTS');
      const draw = await repo.findDraw(tx, input.drawId, { forUpdate: true });
      if (!draw) throw evaluationError('DRAW_NOT_FOUND');
      // A panel seats only the committee of the section it was drawn for (its avoidance list was that tender's).
      if (draw.tender_id === null || draw.section_code === null) throw evaluationError('DRAW_NOT_BOUND');
      if (draw.tender_id !== input.tenderId || draw.section_code !== input.sectionCode) {
        throw evaluationError('DRAW_OTHER_SECTION', { drawTenderId: draw.tender_id, drawSectionCode: draw.section_code, tenderId: input.tenderId, sectionCode: input.sectionCode });
      }
      // The panel is unsealed when evaluation starts (E39): before that no one, staff included, knows who sits on it.
      if (draw.status !== 'unsealed') throw evaluationError('DRAW_STATE', { status: draw.status });
      if (input.representatives.length !== draw.representatives) throw evaluationError('REPRESENTATIVES_MISMATCH', { expected: draw.representatives, given: input.representatives.length });
      const panel = (draw.revealed_panel as { slots: RevealedSlot[] }).slots.filter((s) => s.onPanel);
      const unconfirmed = panel.find((s) => s.answer !== 'confirmed');
      if (unconfirmed) throw evaluationError('PANEL_NOT_CONFIRMED', { slot: unconfirmed.slot, answer: unconfirmed.answer });
      const accounts = new Map((await repo.expertAccounts(tx, panel.map((s) => s.expertId))).map((e) => [e.id, e]));
      const experts: Member[] = panel.map((slot) => {
        const expert = accounts.get(slot.expertId);
        if (!expert?.user_id) throw evaluationError('EXPERT_WITHOUT_ACCOUNT', { name: slot.expertName });
        return { id: expert.user_id, kind: 'expert', name: expert.name, expertId: expert.id };
      });
      const members: Member[] = [...experts, ...input.representatives.map((r) => ({ id: r.userId, kind: 'tendererRepresentative' as const, name: r.name, expertId: null }))];
      const problems = committeeProblems(members);
      if (problems.length > 0) throw evaluationError('COMMITTEE_INVALID', { article: problems[0]?.article ?? '', summary: problems.map((p) => p.message).join('; ') }, { problems });
      const now = clock.now();
      const config = configOfInput(input);
      const { sector } = procedureOf(section.procedureType as ProcedureType);
      const { id } = await tx
        .insertInto('evaluation.evaluation')
        .values({
          tender_id: input.tenderId,
          section_code: input.sectionCode,
          draw_id: input.drawId,
          procedure_type: section.procedureType,
          status: 'preparing',
          members: JSON.stringify(members),
          bids: JSON.stringify(section.bids),
          opening: JSON.stringify({ ceilingPrice: section.ceilingPrice, floatPoint: section.floatPoint, sector }),
          config: JSON.stringify(config),
          signed_in: '{}',
          chair_rounds: '[]',
          state: null,
          price_detail: null,
          signed_report: null,
          created_by: principal.userId,
          created_at: now,
          started_at: null,
          locked_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const row = await evaluationOrThrow(tx, id);
      const body = await roomView(tx, row, principal);
      await audit(tx, principal, ctx, 'evaluation.room.create', id, { tenderId: input.tenderId, sectionCode: input.sectionCode, drawId: input.drawId, members: members.map((m) => ({ id: m.id, kind: m.kind })), bids: section.bids.length }, now);
      return { statusCode: 201, body };
    },

    /** Staff change the score items or price method while the evaluation is being prepared. */
    async configure(tx: Tx, principal: Principal, id: string, input: RoomConfigInput, ctx: RequestContext): Promise<CommandResult> {
      const row = await evaluationOrThrow(tx, id, true);
      if (row.status !== 'preparing') throw evaluationError('EVALUATION_STATE', { status: row.status });
      checkItems(input.items);
      checkMethod(row.procedure_type, input.priceMethod, openingOf(row).floatPoint);
      const config = configOfInput(input);
      await tx.updateTable('evaluation.evaluation').set({ config: JSON.stringify(config) }).where('id', '=', id).execute();
      const body = await roomView(tx, await evaluationOrThrow(tx, id), principal);
      await audit(tx, principal, ctx, 'evaluation.room.configure', id, { configSm3: sm3Hex(Buffer.from(canonicalJson(config))) }, clock.now());
      return { statusCode: 200, body };
    },

    /** A committee member signs in (data spec 508 EXPERT_CHECK_IN_TIME). */
    async signIn(tx: Tx, principal: Principal, id: string, ctx: RequestContext): Promise<CommandResult> {
      const row = await evaluationOrThrow(tx, id, true);
      requireMember(row, principal.userId);
      if (row.status !== 'preparing') throw evaluationError('EVALUATION_STATE', { status: row.status });
      const now = clock.now();
      const signedIn = { ...row.signed_in, [principal.userId]: row.signed_in[principal.userId] ?? now.toISOString() };
      await tx.updateTable('evaluation.evaluation').set({ signed_in: JSON.stringify(signedIn) }).where('id', '=', id).execute();
      const body = await roomView(tx, await evaluationOrThrow(tx, id), principal);
      await audit(tx, principal, ctx, 'evaluation.member.sign-in', id, { at: signedIn[principal.userId] }, now);
      return { statusCode: 200, body };
    },

    /** Staff start once every member signed in: the configuration is frozen (its SM3 logged) and the chair vote opens. */
    async start(tx: Tx, principal: Principal, id: string, ctx: RequestContext): Promise<CommandResult> {
      const row = await evaluationOrThrow(tx, id, true);
      if (row.status !== 'preparing') throw evaluationError('EVALUATION_STATE', { status: row.status });
      const members = membersOf(row);
      const missing = members.filter((m) => !row.signed_in[m.id]).length;
      if (missing > 0) throw evaluationError('MEMBERS_NOT_SIGNED_IN', { count: missing });
      const config = configOf(row);
      const state = startEvaluation({ members: members.map((m) => m.id), bidIds: (row.bids as Array<{ bidId: string }>).map((b) => b.bidId), items: config.items });
      const now = clock.now();
      await saveState(tx, id, state, { status: 'inProgress', started_at: now, chair_rounds: JSON.stringify([{ round: 1, votes: [], outcome: null }]) });
      const body = await roomView(tx, await evaluationOrThrow(tx, id), principal);
      await audit(tx, principal, ctx, 'evaluation.room.start', id, { configSm3: sm3Hex(Buffer.from(canonicalJson(config))), configuration: config }, now);
      return { statusCode: 200, body };
    },

    /** One vote of the current chair round; when all have voted the round is tallied (majority elects, else a new round). */
    async voteChair(tx: Tx, principal: Principal, id: string, input: { candidateId: string }, ctx: RequestContext): Promise<CommandResult> {
      const row = await lockInProgress(tx, id);
      requireMember(row, principal.userId);
      requireMember(row, input.candidateId);
      let state = stateOf(row);
      if (state.step !== 'chairElection') throw evaluationError('WRONG_STEP', { step: state.step });
      const rounds = roundsOf(row);
      const current = rounds.at(-1) as ChairRound;
      if (current.votes.some((v) => v.voterId === principal.userId)) throw evaluationError('ALREADY_VOTED');
      current.votes.push({ voterId: principal.userId, candidateId: input.candidateId });
      const tally = tallyChairVote(state.members, current.votes);
      if (tally.outcome === 'elected') {
        current.outcome = 'elected';
        state = rule(state, () => electChair(state, tally.chairId));
      } else if (tally.outcome === 'noMajority') {
        current.outcome = 'noMajority';
        rounds.push({ round: current.round + 1, votes: [], outcome: null });
      }
      await saveState(tx, id, state, { chair_rounds: JSON.stringify(rounds) });
      const body = await roomView(tx, await evaluationOrThrow(tx, id), principal);
      await audit(tx, principal, ctx, 'evaluation.chair.vote', id, { round: current.round, candidateId: input.candidateId, outcome: tally.outcome, counts: tally.counts }, clock.now());
      return { statusCode: 200, body };
    },

    /** A member records scores or pass/fail findings (with reasons) of the current step; others do not see them until they submit. */
    async recordScores(tx: Tx, principal: Principal, id: string, input: { scores: Array<{ itemId: string; bidId: string; value: string; reason?: string }> }, ctx: RequestContext): Promise<CommandResult> {
      const row = await lockInProgress(tx, id);
      requireMember(row, principal.userId);
      let state = stateOf(row);
      for (const s of input.scores) state = rule(state, () => recordScore(state, principal.userId, s.itemId, s.bidId, s.value, s.reason));
      await saveState(tx, id, state);
      const body = await roomView(tx, await evaluationOrThrow(tx, id), principal);
      // Values stay out of the log (it is readable before the result): their hash binds them.
      await audit(tx, principal, ctx, 'evaluation.score.record', id, { step: state.step, count: input.scores.length, scoresSm3: sm3Hex(Buffer.from(canonicalJson(input.scores))) }, clock.now());
      return { statusCode: 200, body };
    },

    async submitStep(tx: Tx, principal: Principal, id: string, ctx: RequestContext): Promise<CommandResult> {
      const row = await lockInProgress(tx, id);
      requireMember(row, principal.userId);
      const before = stateOf(row);
      const state = rule(before, () => submitStep(before, principal.userId));
      await saveState(tx, id, state);
      const body = await roomView(tx, await evaluationOrThrow(tx, id), principal);
      const mine = state.scores[principal.userId] ?? {};
      await audit(tx, principal, ctx, 'evaluation.step.submit', id, { step: state.step, scoresSm3: sm3Hex(Buffer.from(canonicalJson(mine))) }, clock.now());
      return { statusCode: 200, body };
    },

    async rescore(tx: Tx, principal: Principal, id: string, input: { itemId: string; expertIds?: string[]; reason: string }, ctx: RequestContext): Promise<CommandResult> {
      const row = await lockInProgress(tx, id);
      const before = requireChair(row, principal);
      const now = clock.now();
      const state = rule(before, () => requestRescore(before, principal.userId, { itemId: input.itemId, ...(input.expertIds ? { expertIds: input.expertIds } : {}), reason: input.reason, at: now.toISOString() }));
      await saveState(tx, id, state);
      const body = await roomView(tx, await evaluationOrThrow(tx, id), principal);
      await audit(tx, principal, ctx, 'evaluation.rescore.request', id, { ...state.rescoreRequests.at(-1) }, now);
      return { statusCode: 200, body };
    },

    async advance(tx: Tx, principal: Principal, id: string, ctx: RequestContext): Promise<CommandResult> {
      const row = await lockInProgress(tx, id);
      const before = requireChair(row, principal);
      const state = rule(before, () => advance(before));
      await saveState(tx, id, state);
      const body = await roomView(tx, await evaluationOrThrow(tx, id), principal);
      await audit(tx, principal, ctx, 'evaluation.step.advance', id, { from: before.step, to: state.step }, clock.now());
      return { statusCode: 200, body };
    },

    /** The chair records the committee's rejection of a bid, only with a statutory reason code of the procedure's sector. */
    async reject(tx: Tx, principal: Principal, id: string, input: { bidId: string; code: string; reason: string }, ctx: RequestContext): Promise<CommandResult> {
      const row = await lockInProgress(tx, id);
      const before = requireChair(row, principal);
      const { sector } = openingOf(row);
      const reason = rejectionReason(input.code, sector);
      if (!reason) throw evaluationError('REJECTION_CODE_UNKNOWN', { code: input.code, sector });
      const now = clock.now();
      const state = rule(before, () => rejectBid(before, principal.userId, { bidId: input.bidId, code: reason.code, reason: input.reason, at: now.toISOString() }));
      await saveState(tx, id, state);
      const body = await roomView(tx, await evaluationOrThrow(tx, id), principal);
      await audit(tx, principal, ctx, 'evaluation.bid.reject', id, { bidId: input.bidId, code: reason.code, article: reason.article, reason: input.reason.trim(), step: before.step }, now);
      return { statusCode: 200, body };
    },

    /** The chair sends a written request to a bidder: a clarification, or an abnormally low price to explain, with a deadline. */
    async requestFromBidder(tx: Tx, principal: Principal, id: string, input: { bidId: string; kind: RequestKind; question: string; deadline: string }, ctx: RequestContext): Promise<CommandResult> {
      const row = await lockInProgress(tx, id);
      const state = requireChair(row, principal);
      const bid = (row.bids as Array<{ bidId: string; bidderId: string }>).find((b) => b.bidId === input.bidId);
      if (!bid) throw evaluationError('BID_UNKNOWN');
      if (!activeBids(state).includes(bid.bidId)) throw evaluationError('BID_REJECTED');
      const now = clock.now();
      const deadline = new Date(input.deadline);
      const problem = requestProblem(input.kind, state.step, state.priceScores !== null, deadline, now);
      if (problem) throw evaluationError('REQUEST_NOT_ALLOWED', { problem });
      const { id: requestId } = await tx
        .insertInto('evaluation.bidder_request')
        .values({ evaluation_id: id, bid_id: bid.bidId, bidder_id: bid.bidderId, kind: input.kind, question: input.question, deadline, step: state.step, requested_by: principal.userId, requested_at: now, answer: null, answered_at: null, decision: null, decision_reason: null, decided_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      const body = { id: requestId, evaluationId: id, bidId: bid.bidId, kind: input.kind, question: input.question, deadline: deadline.toISOString(), article: REQUEST_ARTICLES[input.kind], requestedAt: now.toISOString() };
      await audit(tx, principal, ctx, `evaluation.request.${input.kind}`, id, { requestId, bidId: bid.bidId, deadline: body.deadline, questionSm3: sm3Hex(Buffer.from(input.question)) }, now);
      return { statusCode: 201, body };
    },

    /** The bidder answers a request in writing, strictly before its deadline (a late answer is refused and audited). */
    async answer(tx: Tx, principal: Principal, requestId: string, input: { text: string }, ctx: RequestContext): Promise<CommandResult> {
      const request = await tx.selectFrom('evaluation.bidder_request').selectAll().where('id', '=', requestId).forUpdate().executeTakeFirst();
      if (!request || request.bidder_id !== principal.userId) throw evaluationError('REQUEST_NOT_FOUND');
      const row = await evaluationOrThrow(tx, request.evaluation_id);
      if (row.status === 'locked') throw evaluationError('EVALUATION_LOCKED');
      const now = clock.now();
      const problem = answerProblem(asBidderRequest(request), now);
      if (problem === 'LATE') throw evaluationError('ANSWER_LATE', { deadline: request.deadline.toISOString() });
      if (problem) throw evaluationError('ALREADY_ANSWERED');
      await tx.updateTable('evaluation.bidder_request').set({ answer: input.text, answered_at: now }).where('id', '=', requestId).execute();
      const body = { id: requestId, kind: request.kind, answer: input.text, answeredAt: now.toISOString() };
      await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: 'evaluation.request.answer', target: `evaluation:${request.evaluation_id}`, outcome: 'success', ip: ctx.ip, at: now, detail: { requestId, answerSm3: sm3Hex(Buffer.from(input.text)) } });
      return { statusCode: 200, body };
    },

    /** A refused answer is audited (outcome failure) in a transaction of its own. */
    async recordRefusedAnswer(principal: Principal, requestId: string, code: string, ctx: RequestContext) {
      await recordAudit(db, { actorId: principal.userId, actorName: principal.username, action: 'evaluation.request.answer', target: `request:${requestId}`, outcome: 'failure', ip: ctx.ip, at: clock.now(), detail: { code } });
    },

    /** The committee's decision on a flagged price: accepted with the explanation, or rejected (the sector's ground) — reasons recorded. */
    async decideAbnormalLow(tx: Tx, principal: Principal, id: string, requestId: string, input: { outcome: 'accepted' | 'rejected'; reason: string }, ctx: RequestContext): Promise<CommandResult> {
      const row = await lockInProgress(tx, id);
      let state = requireChair(row, principal);
      const request = await tx.selectFrom('evaluation.bidder_request').selectAll().where('id', '=', requestId).where('evaluation_id', '=', id).forUpdate().executeTakeFirst();
      if (!request) throw evaluationError('REQUEST_NOT_FOUND');
      const now = clock.now();
      const problem = decisionProblem(asBidderRequest(request), input.outcome, now);
      if (problem) throw evaluationError('DECISION_NOT_ALLOWED', { problem });
      if (input.reason.trim().length === 0) throw evaluationError('REASON_REQUIRED');
      await tx.updateTable('evaluation.bidder_request').set({ decision: input.outcome, decision_reason: input.reason.trim(), decided_at: now }).where('id', '=', requestId).execute();
      if (input.outcome === 'rejected') {
        const before = state;
        state = rule(before, () => rejectBid(before, principal.userId, { bidId: request.bid_id, code: abnormallyLowGround(openingOf(row).sector), reason: input.reason, at: now.toISOString() }));
        await saveState(tx, id, state);
      }
      const body = await roomView(tx, await evaluationOrThrow(tx, id), principal);
      await audit(tx, principal, ctx, 'evaluation.request.decide', id, { requestId, bidId: request.bid_id, outcome: input.outcome, reason: input.reason.trim() }, now);
      return { statusCode: 200, body };
    },

    /** The system scores the prices of the bids still in the evaluation with the frozen method (float point from the opening). */
    async scorePrices(tx: Tx, principal: Principal, id: string, input: { adjustments?: Record<string, string[]> }, ctx: RequestContext): Promise<CommandResult> {
      const row = await lockInProgress(tx, id);
      const before = requireChair(row, principal);
      if (before.step !== 'priceScore') throw evaluationError('WRONG_STEP', { step: before.step });
      const undecided = undecidedAbnormalLow((await requestsOf(tx, id)).map(asBidderRequest)).filter((b) => activeBids(before).includes(b));
      if (undecided.length > 0) throw evaluationError('ABNORMAL_LOW_UNDECIDED', { count: undecided.length });
      const active = new Set(activeBids(before));
      const priced = (row.bids as Array<{ bidId: string; price: string }>).filter((b) => active.has(b.bidId)).map((b) => ({ bidId: b.bidId, price: b.price }));
      const outcome = scorePrices(configOf(row).priceMethod, priced, openingOf(row).floatPoint, input.adjustments ?? {});
      const state = rule(before, () => setPriceScores(before, outcome.scores));
      await saveState(tx, id, state, { price_detail: JSON.stringify(outcome.detail) });
      const body = await roomView(tx, await evaluationOrThrow(tx, id), principal);
      await audit(tx, principal, ctx, 'evaluation.price.score', id, { method: configOf(row).priceMethod.kind, floatPoint: openingOf(row).floatPoint, scores: outcome.scores }, clock.now());
      return { statusCode: 200, body };
    },

    /**
     * A member signs the report (agree, dissent with reasons, or refuse: without reasons = consent,
     * E48). The last signature locks the data: the report is built, signed with the platform key
     * and its signature and SM3 go into the audit entry (the transparency log).
     */
    async sign(tx: Tx, principal: Principal, id: string, input: { decision: 'agree' | 'dissent' | 'refuse'; reason?: string }, key: { privateKey: string; publicKey: string }, ctx: RequestContext): Promise<CommandResult> {
      const row = await lockInProgress(tx, id);
      requireMember(row, principal.userId);
      const before = stateOf(row);
      const now = clock.now();
      const state = rule(before, () => sign(before, principal.userId, input.decision, input.reason ?? null, now.toISOString()));
      if (!state.locked) {
        await saveState(tx, id, state);
        const body = await roomView(tx, await evaluationOrThrow(tx, id), principal);
        await audit(tx, principal, ctx, 'evaluation.member.sign', id, { decision: state.signatures.at(-1)?.decision, reason: state.signatures.at(-1)?.reason ?? null }, now);
        return { statusCode: 200, body };
      }
      const unsigned = buildReport({ ...row, state }, await requestsOf(tx, id), now, key.publicKey);
      const bytes = reportSigningBytes(unsigned);
      const signature = Buffer.from(sm2.sign(bytes, key.privateKey, { publicKey: key.publicKey })).toString('base64');
      const signed = { ...unsigned, signature };
      await saveState(tx, id, state, { status: 'locked', signed_report: JSON.stringify(signed), locked_at: now });
      await audit(tx, principal, ctx, REPORT_AUDIT_ACTION, id, { tenderId: row.tender_id, sectionCode: row.section_code, reportSm3: sm3Hex(bytes), signature, platformPublicKey: key.publicKey, candidates: signed.candidates.map((c) => c.bidId), lastSignature: state.signatures.at(-1)?.decision }, now);
      return { statusCode: 200, body: signed };
    },
  };
}

export type RoomService = ReturnType<typeof createRoomService>;
