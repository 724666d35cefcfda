import Type from 'typebox';
import { requirePrincipal, requestContext as ctx } from '../../platform/http/access.js';
import { runCommand } from '../../platform/http/command.js';
import type { App, PlatformDeps } from '../../platform/module.js';
import {
  AwardReply,
  DecisionBody,
  FallbackBody,
  NoticeKeySchema,
  NoticeReply,
  ObjectionBody,
  ObjectionParams,
  ObjectionReplyBody,
  PublicityBody,
  PublicitySchema,
  ResultSchema,
  RetenderBody,
  SectionParams,
} from './award.schemas.js';
import type { AwardViews } from './award.views.js';
import type { DecisionService } from './decision.service.js';
import type { PublicityService } from './publicity.service.js';

const tags = ['award'];
const owners = { roles: ['tenderer', 'agency'] as const };
const base = '/tenders/:id/sections/:sectionCode/award';

/** Candidate publicity, objections, the award decision and notice, failure and re-tender (README). */
export function awardRoutes(services: { publicity: PublicityService; decision: DecisionService; views: AwardViews }, deps: PlatformDeps) {
  const { publicity, decision, views } = services;
  return (app: App) => {
    app.post(
      `${base}/publicity`,
      { config: { access: owners }, schema: { tags, summary: 'Publish the candidates of the signed report (条例 54: within 3 days of the report, for at least 3 days) to the trading hall; engineering only', params: SectionParams, body: PublicityBody, response: { 201: AwardReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => publicity.publish(tx, principal, request.params.id, request.params.sectionCode, request.body ?? {}, ctx(request)));
      },
    );
    app.get(
      `${base}/publicity`,
      { config: { access: 'public' }, schema: { tags, summary: 'The published candidate publicity (中标候选人公示): ranked candidates, prices, scores, period', params: SectionParams, response: { 200: PublicitySchema } } },
      async (request) => views.publicPublicity(request.params.id, request.params.sectionCode),
    );
    app.post(
      `${base}/objections`,
      { config: { access: { roles: ['bidder'] as const } }, schema: { tags, summary: 'A bidder of the section objects to the evaluation result during publicity; suspends the award until answered (条例 54)', params: SectionParams, body: ObjectionBody, response: { 201: AwardReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => publicity.object(tx, principal, request.params.id, request.params.sectionCode, request.body, ctx(request)));
      },
    );
    app.post(
      `${base}/objections/:objectionId/reply`,
      { config: { access: owners }, schema: { tags, summary: 'Answer an objection (within 3 days); with none open the publicity resumes, its end moved by the days suspended', params: ObjectionParams, body: ObjectionReplyBody, response: { 200: AwardReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => publicity.answer(tx, principal, request.params.id, request.params.sectionCode, request.params.objectionId, request.body, ctx(request)));
      },
    );
    app.post(
      `${base}/decision`,
      { config: { access: owners }, schema: { tags, summary: 'Determine the winner in candidate order (条例 55 / GP条例 43), issue the signed award notice and notify every other bidder at the same instant (法 45)', params: SectionParams, body: DecisionBody, response: { 200: AwardReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const key = await decision.signingKey();
        return runCommand(request, reply, deps, (tx) => decision.decide(tx, principal, request.params.id, request.params.sectionCode, request.body ?? {}, key, ctx(request)));
      },
    );
    app.post(
      `${base}/fallback`,
      { config: { access: owners }, schema: { tags, summary: 'The winner gives up, cannot perform or fails the performance security: revoke the notice and award the next candidate, or fail the section (条例 55)', params: SectionParams, body: FallbackBody, response: { 200: AwardReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const key = await decision.signingKey();
        return runCommand(request, reply, deps, (tx) => decision.fallback(tx, principal, request.params.id, request.params.sectionCode, request.body, key, ctx(request)));
      },
    );
    app.post(
      `${base}/retender`,
      { config: { access: owners }, schema: { tags, summary: 'Tender a failed section again: a new draft tender for the same section', params: SectionParams, body: RetenderBody, response: { 201: AwardReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => decision.retender(tx, principal, request.params.id, request.params.sectionCode, request.body, ctx(request)));
      },
    );
    app.get(
      base,
      { config: { access: 'authenticated' }, schema: { tags, summary: 'The award of a section for the tenderer, staff, supervisors and its bidders: state, candidates, objections, pass-overs, deadlines', params: SectionParams, response: { 200: AwardReply } } },
      async (request) => views.view(requirePrincipal(request), request.params.id, request.params.sectionCode),
    );
    app.get(
      `${base}/result`,
      { config: { access: 'public' }, schema: { tags, summary: 'The result announcement (中标/成交结果公告) or the failure of the section', params: SectionParams, response: { 200: ResultSchema } } },
      async (request) => views.publicResult(request.params.id, request.params.sectionCode),
    );
    app.get(
      `${base}/notice`,
      { config: { access: 'authenticated' }, schema: { tags, summary: 'The signed award notice in force (winner, tenderer, staff, supervisors), with its transparency-log index', params: SectionParams, response: { 200: NoticeReply } } },
      async (request) => views.notice(requirePrincipal(request), request.params.id, request.params.sectionCode),
    );
    app.get(
      '/award/notice-key',
      { config: { access: 'public' }, schema: { tags, summary: 'The platform public key that signs award notices', response: { 200: NoticeKeySchema } } },
      async () => views.noticeKey(),
    );
    app.post(
      '/award/notice-verification',
      { config: { access: 'public' }, schema: { tags, summary: 'Check an award notice: the platform signature and its entry in the transparency log', body: Type.Object({ notice: Type.Object({}, { additionalProperties: true }) }), response: { 200: Type.Object({ valid: Type.Boolean(), signatureValid: Type.Boolean(), logIndex: Type.Union([Type.Integer(), Type.Null()]), status: Type.Union([Type.String(), Type.Null()]) }, { title: 'AwardNoticeVerification' }) } } },
      async (request) => views.verify(request.body.notice as Record<string, unknown>),
    );
  };
}
