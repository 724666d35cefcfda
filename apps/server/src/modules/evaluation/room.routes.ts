import Type, { type Static } from 'typebox';
import type { Tx } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import { type Principal, type RequestContext, requirePrincipal, requestContext as ctx } from '../../platform/http/access.js';
import { runCommand } from '../../platform/http/command.js';
import type { CommandResult } from '../../platform/idempotency/idempotency.js';
import type { App, PlatformDeps } from '../../platform/module.js';
import { REJECTION_REASONS } from './domain/rejection.js';
import {
  AnswerBody,
  BidderRequestBody,
  BidderRequestParams,
  ConfigBody,
  CreateEvaluationBody,
  DecisionBody,
  EvaluationParams,
  EvaluationReply,
  PriceScoreBody,
  RejectBody,
  RejectionReasonSchema,
  RequestParams,
  RequestReply,
  RescoreBody,
  ScoresBody,
  SignBody,
  VoteBody,
} from './room.schemas.js';
import type { RoomService } from './room.service.js';
import { bidderRequests, listEvaluations, roomView } from './room.view.js';
import { evaluationOrThrow } from './room.model.js';

const staff = { roles: ['centreStaff'] } as const;
/** Committee members: drawn experts and tenderer representatives (tenderer or agency accounts); membership is checked per evaluation. */
const members = { roles: ['expert', 'tenderer', 'agency'] } as const;
const readers = { roles: ['expert', 'tenderer', 'agency', 'centreStaff', 'supervisor'] } as const;
const bidders = { roles: ['bidder'] } as const;

/** The evaluation room (评标) over HTTP; see the README's routes table. */
export function roomRoutes(service: RoomService, deps: PlatformDeps) {
  return (app: App) => {
    const tags = ['evaluation room'];
    const base = '/evaluations/:id';
    /** A POST command on one evaluation: `run` gets the validated body (typed by its schema at the call). */
    const command = <B>(path: string, access: typeof staff | typeof members, summary: string, body: Type.TSchema | undefined, run: (tx: Tx, principal: Principal, id: string, body: B, c: RequestContext) => Promise<CommandResult>) =>
      app.post(path, { config: { access }, schema: { tags, summary, params: EvaluationParams, ...(body ? { body } : {}), response: { 200: EvaluationReply } } }, async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => run(tx, principal, request.params.id, request.body as B, ctx(request)));
      });

    app.get(
      '/evaluations/rejection-reasons',
      { config: { access: 'authenticated' }, schema: { tags, summary: 'The statutory rejection grounds (code, sector, article)', response: { 200: Type.Object({ items: Type.Array(RejectionReasonSchema) }) } } },
      async () => ({ items: REJECTION_REASONS.map((r) => ({ ...r })) }),
    );
    app.get(
      '/evaluations',
      { config: { access: readers }, schema: { tags, summary: 'Evaluations I sit on (all for centre staff and supervisors)', response: { 200: Type.Object({ items: Type.Array(EvaluationReply) }) } } },
      async (request) => ({ items: await listEvaluations(deps.db, requirePrincipal(request)) }),
    );
    app.get(
      base,
      { config: { access: readers }, schema: { tags, summary: 'The room as I may see it: members see others’ scores of a step after submitting it; staff see progress without scores until the result; supervisors read all', params: EvaluationParams, response: { 200: EvaluationReply } } },
      async (request) => roomView(deps.db, await evaluationOrThrow(deps.db, request.params.id), requirePrincipal(request)),
    );
    app.post(
      '/evaluations',
      { config: { access: staff }, schema: { tags, summary: 'Create the evaluation of an opened section with the unsealed, confirmed panel and the tenderer representatives', body: CreateEvaluationBody, response: { 201: EvaluationReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.create(tx, principal, request.body, ctx(request)));
      },
    );
    app.put(
      `${base}/configuration`,
      { config: { access: staff }, schema: { tags, summary: 'Score items, price method and tie rules, while preparing (frozen at start)', params: EvaluationParams, body: ConfigBody, response: { 200: EvaluationReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.configure(tx, principal, request.params.id, request.body, ctx(request)));
      },
    );
    command(`${base}/start`, staff, 'Start once every member signed in: the configuration is frozen and the chair vote opens', undefined, (tx, p, id, _b, c) => service.start(tx, p, id, c));
    command(`${base}/sign-in`, members, 'A committee member signs in', undefined, (tx, p, id, _b, c) => service.signIn(tx, p, id, c));
    command<Static<typeof VoteBody>>(`${base}/chair-votes`, members, 'Vote for the chair in the current round (majority of all members elects)', VoteBody, (tx, p, id, b, c) => service.voteChair(tx, p, id, b, c));
    command<Static<typeof ScoresBody>>(`${base}/scores`, members, 'Record my scores or pass/fail findings (with reasons) of the current step', ScoresBody, (tx, p, id, b, c) => service.recordScores(tx, p, id, b, c));
    command(`${base}/submit`, members, 'Submit my scores of the current step', undefined, (tx, p, id, _b, c) => service.submitStep(tx, p, id, c));
    command<Static<typeof RescoreBody>>(`${base}/rescore`, members, 'Chair: ask members to re-score an item of the current step, with a reason', RescoreBody, (tx, p, id, b, c) => service.rescore(tx, p, id, b, c));
    command(`${base}/advance`, members, 'Chair: move to the next step (a scoring step needs every submission)', undefined, (tx, p, id, _b, c) => service.advance(tx, p, id, c));
    command<Static<typeof RejectBody>>(`${base}/rejections`, members, 'Chair: reject a bid with a statutory reason code', RejectBody, (tx, p, id, b, c) => service.reject(tx, p, id, b, c));
    command<Static<typeof PriceScoreBody>>(`${base}/price-scores`, members, 'Chair: the server scores the prices with the frozen method (float point from the opening)', PriceScoreBody, (tx, p, id, b, c) => service.scorePrices(tx, p, id, b, c));
    app.post(
      `${base}/requests`,
      { config: { access: members }, schema: { tags, summary: 'Chair: a written clarification request, or an abnormally low price to explain, to a bidder with a deadline', params: EvaluationParams, body: BidderRequestBody, response: { 201: RequestReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.requestFromBidder(tx, principal, request.params.id, request.body, ctx(request)));
      },
    );
    app.post(
      `${base}/requests/:requestId/decision`,
      { config: { access: members }, schema: { tags, summary: 'Chair: the committee accepts the explanation of an abnormally low price, or rejects the bid, with reasons', params: RequestParams, body: DecisionBody, response: { 200: EvaluationReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.decideAbnormalLow(tx, principal, request.params.id, request.params.requestId, request.body, ctx(request)));
      },
    );
    app.post(
      `${base}/signatures`,
      { config: { access: members }, schema: { tags, summary: 'Sign the report: agree, dissent with reasons, or refuse; the last signature locks the data and the platform signs the report', params: EvaluationParams, body: SignBody, response: { 200: EvaluationReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        // Loaded before the transaction: the key store reads through the pool (PGlite has one connection).
        const key = await service.reportKey();
        return runCommand(request, reply, deps, (tx) => service.sign(tx, principal, request.params.id, request.body, key, ctx(request)));
      },
    );

    const bidderTags = ['evaluation requests'];
    app.get(
      '/evaluation-requests',
      { config: { access: bidders }, schema: { tags: bidderTags, summary: 'Bidder: the committee’s written requests to me (clarifications, abnormally low prices) with deadlines', response: { 200: Type.Object({ items: Type.Array(RequestReply) }) } } },
      async (request) => ({ items: await bidderRequests(deps.db, requirePrincipal(request)) }),
    );
    app.post(
      '/evaluation-requests/:requestId/answer',
      { config: { access: bidders }, schema: { tags: bidderTags, summary: 'Bidder: answer in writing before the deadline (late answers are refused)', params: BidderRequestParams, body: AnswerBody, response: { 200: RequestReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        try {
          return await runCommand(request, reply, deps, (tx) => service.answer(tx, principal, request.params.requestId, request.body, ctx(request)));
        } catch (error) {
          if (error instanceof AppError && error.code === 'ANSWER_LATE') await service.recordRefusedAnswer(principal, request.params.requestId, error.code, ctx(request));
          throw error;
        }
      },
    );
  };
}
