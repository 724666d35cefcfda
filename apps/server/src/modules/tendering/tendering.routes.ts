import Type from 'typebox';
import { requirePrincipal, requestContext as ctx } from '../../platform/http/access.js';
import { runCommand } from '../../platform/http/command.js';
import type { App, PlatformDeps } from '../../platform/module.js';
import { PROCEDURES } from './domain/procedures.js';
import {
  AnsweredObjectionSchema,
  ClarificationBody,
  ClarificationListSchema,
  ClarificationSchema,
  IdParams,
  MyRegistrationSchema,
  NotificationListSchema,
  ObjectionBody,
  ObjectionParams,
  ObjectionReplyBody,
  ObjectionSchema,
  ProcedureListSchema,
  RaisedObjectionSchema,
  RegistrationSchema,
  ReviewBody,
  RulesQuery,
  TenderBody,
  TenderListQuery,
  TenderRulesSchema,
  TenderSchema,
} from './tendering.schemas.js';
import type { TenderingService } from './tendering.service.js';

const tags = ['tendering'];
const owners = { roles: ['tenderer', 'agency'] as const };
const staff = { roles: ['centreStaff'] as const };
const bidders = { roles: ['bidder'] as const };

export function tenderingRoutes(service: TenderingService, deps: PlatformDeps) {
  return (app: App) => {
    app.get(
      '/procedures',
      { config: { access: 'public' }, schema: { tags, summary: 'Procedure types as configuration: statutory periods, minimum bidders, public opening, evaluation methods (each with its article)', response: { 200: ProcedureListSchema } } },
      async () => ({ items: Object.values(PROCEDURES) }),
    );

    app.post(
      '/tenders',
      { config: { access: owners }, schema: { tags, summary: 'Draft a tender announcement (or invitation) with its sections, bid security and deadline', body: TenderBody, response: { 201: TenderSchema } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.create(tx, principal, request.body, ctx(request)));
      },
    );
    app.get(
      '/tenders',
      { config: { access: 'authenticated' }, schema: { tags, summary: 'Tenders: mine (tenderer, agency), the review queue (staff) or published ones', querystring: TenderListQuery, response: { 200: Type.Object({ items: Type.Array(TenderSchema) }) } } },
      async (request) => ({ items: await service.listTenders(requirePrincipal(request), request.query) }),
    );
    app.get(
      '/tenders/:id',
      { config: { access: 'public' }, schema: { tags, summary: 'A published tender (the announcement read from the trading hall)', params: IdParams, response: { 200: TenderSchema } } },
      async (request) => service.getTender(undefined, request.params.id),
    );
    app.get(
      '/tenders/:id/manage',
      { config: { access: 'authenticated' }, schema: { tags, summary: 'A tender as its owner, centre staff or a supervisor see it: drafts and tenders under review too', params: IdParams, response: { 200: TenderSchema } } },
      async (request) => service.getTender(requirePrincipal(request), request.params.id),
    );
    app.get(
      '/tendering/rules',
      { config: { access: 'public' }, schema: { tags, summary: 'The rules a tender form checks as you type, by server time: earliest bid deadline (法 24), clarification period (条例 21), bid security limit (条例 26)', querystring: RulesQuery, response: { 200: TenderRulesSchema } } },
      async (request) => service.rules(request.query.procedureType),
    );
    app.post(
      '/tenders/:id/submit',
      { config: { access: owners }, schema: { tags, summary: 'Submit the announcement for review by the trading centre', params: IdParams, response: { 200: TenderSchema } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.submitForReview(tx, principal, request.params.id, ctx(request)));
      },
    );
    app.post(
      '/tenders/:id/review',
      { config: { access: staff }, schema: { tags, summary: 'Approve (publish into the trading hall; documents issued now) or reject with a reason', params: IdParams, body: ReviewBody, response: { 200: TenderSchema } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.review(tx, principal, request.params.id, request.body, ctx(request)));
      },
    );
    app.post(
      '/tenders/:id/documents/registration',
      { config: { access: bidders }, schema: { tags, summary: 'Obtain the tender documents; who did stays confidential until the opening (法 22)', params: IdParams, response: { 200: RegistrationSchema } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.registerForDocuments(tx, principal, request.params.id, ctx(request)));
      },
    );
    app.get(
      '/tenders/:id/documents/registration',
      { config: { access: bidders }, schema: { tags, summary: 'Whether I obtained the documents (my own entry only; the list stays confidential, 法 22)', params: IdParams, response: { 200: MyRegistrationSchema } } },
      async (request) => service.myRegistration(requirePrincipal(request), request.params.id),
    );
    app.post(
      '/tenders/:id/clarifications',
      { config: { access: owners }, schema: { tags, summary: 'Issue a clarification or amendment; a substantive one too close to the deadline moves it (条例 21) and notifies every holder', params: IdParams, body: ClarificationBody, response: { 201: ClarificationSchema } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.clarify(tx, principal, request.params.id, request.body, ctx(request)));
      },
    );
    app.get(
      '/tenders/:id/clarifications',
      { config: { access: 'public' }, schema: { tags, summary: 'Clarifications and amendments of a tender, oldest first', params: IdParams, response: { 200: ClarificationListSchema } } },
      async (request) => {
        await service.getTender(undefined, request.params.id);
        return { items: await service.clarifications(request.params.id) };
      },
    );
    app.post(
      '/tenders/:id/objections',
      { config: { access: bidders }, schema: { tags, summary: 'Object to the documents (条例 22: ≥ 10 days before the deadline; tendering is suspended until answered)', params: IdParams, body: ObjectionBody, response: { 201: RaisedObjectionSchema } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.object(tx, principal, request.params.id, request.body.text, ctx(request)));
      },
    );
    app.get(
      '/tenders/:id/objections',
      { config: { access: 'authenticated' }, schema: { tags, summary: 'Objections: all of them for the tenderer, staff and supervisors; a bidder sees their own', params: IdParams, response: { 200: Type.Object({ items: Type.Array(ObjectionSchema) }) } } },
      async (request) => ({ items: await service.objections(requirePrincipal(request), request.params.id) }),
    );
    app.post(
      '/tenders/:id/objections/:objectionId/reply',
      { config: { access: owners }, schema: { tags, summary: 'Answer an objection (within 3 days); tendering resumes when none is open, the deadline extended by the suspension', params: ObjectionParams, body: ObjectionReplyBody, response: { 200: AnsweredObjectionSchema } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.answerObjection(tx, principal, request.params.id, request.params.objectionId, request.body.reply, ctx(request)));
      },
    );
    app.get(
      '/tendering/notifications',
      { config: { access: 'authenticated' }, schema: { tags, summary: 'My tender notifications (deadline moved, objection answered), newest first', response: { 200: NotificationListSchema } } },
      async (request) => ({ items: await service.notifications(requirePrincipal(request)) }),
    );
  };
}
