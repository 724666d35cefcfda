import Type from 'typebox';
import { requirePrincipal, requestContext as ctx } from '../../platform/http/access.js';
import { runCommand } from '../../platform/http/command.js';
import type { App, PlatformDeps } from '../../platform/module.js';
import {
  AnswerBody,
  DrawBody,
  DrawSchema,
  DrawVerificationSchema,
  ExpertBody,
  ExpertListQuery,
  ExpertRestrictionBody,
  ExpertReviewBody,
  ExpertSchema,
  IdParams,
  InvitationAnswerBody,
  InvitationSchema,
  SlotParams,
  SpecialtySchema,
} from './evaluation.schemas.js';
import type { EvaluationService } from './evaluation.service.js';

const staff = { roles: ['centreStaff'] } as const;
const registrars = { roles: ['centreStaff', 'expert'] } as const;
const registryReaders = { roles: ['centreStaff', 'supervisor', 'admin'] } as const;
const restrictors = { roles: ['centreStaff', 'supervisor'] } as const;
const experts = { roles: ['expert'] } as const;
const drawReaders = { roles: ['centreStaff', 'supervisor', 'tenderer', 'agency', 'admin'] } as const;

export function evaluationRoutes(service: EvaluationService, deps: PlatformDeps) {
  return (app: App) => {
    const expertTags = ['experts'];
    app.get(
      '/experts/specialties',
      { config: { access: 'authenticated' }, schema: { tags: expertTags, summary: 'The specialty code list of the expert registry', response: { 200: Type.Object({ items: Type.Array(SpecialtySchema) }) } } },
      async () => ({ items: [...service.specialties()] }),
    );
    app.get(
      '/experts',
      { config: { access: registryReaders }, schema: { tags: expertTags, summary: 'The expert registry', querystring: ExpertListQuery, response: { 200: Type.Object({ items: Type.Array(ExpertSchema) }) } } },
      async (request) => ({ items: await service.listExperts(request.query.status) }),
    );
    app.get(
      '/experts/:id',
      { config: { access: registryReaders }, schema: { tags: expertTags, summary: 'One expert', params: IdParams, response: { 200: ExpertSchema } } },
      async (request) => service.getExpert(request.params.id),
    );
    app.post(
      '/experts',
      {
        config: { access: registrars },
        schema: { tags: expertTags, summary: 'Register an expert (staff), or apply as an expert (an expert account, linked to it); staff approve', body: ExpertBody, response: { 201: ExpertSchema } },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.registerExpert(tx, principal, request.body, ctx(request)));
      },
    );
    app.post(
      '/experts/:id/review',
      { config: { access: staff }, schema: { tags: expertTags, summary: 'Approve or reject an expert application', params: IdParams, body: ExpertReviewBody, response: { 200: ExpertSchema } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.reviewExpert(tx, principal, request.params.id, request.body, ctx(request)));
      },
    );
    app.post(
      '/experts/:id/restrictions',
      {
        config: { access: restrictors },
        schema: { tags: expertTags, summary: 'Suspend or penalise an expert (credit record); both exclude the expert from draws', params: IdParams, body: ExpertRestrictionBody, response: { 200: ExpertSchema } },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.restrictExpert(tx, principal, request.params.id, request.body, ctx(request)));
      },
    );

    const drawTags = ['expert draws'];
    app.get(
      '/expert-draws',
      { config: { access: drawReaders }, schema: { tags: drawTags, summary: 'Recent draws (panels sealed until unsealed)', response: { 200: Type.Object({ items: Type.Array(DrawSchema) }) } } },
      async () => ({ items: await service.listDraws() }),
    );
    app.get(
      '/expert-draws/:id',
      { config: { access: drawReaders }, schema: { tags: drawTags, summary: 'One draw; expert identities only once unsealed', params: IdParams, response: { 200: DrawSchema } } },
      async (request) => service.getDraw(request.params.id),
    );
    app.post(
      '/expert-draws',
      {
        config: { access: staff },
        schema: {
          tags: drawTags,
          summary: 'Commit SM3(seed) and the candidate-list hash to the transparency log, then draw the panel with avoidance; the panel is stored sealed',
          body: DrawBody,
          response: { 201: DrawSchema },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        // The commitment is its own transaction (and log entry), committed before the draw runs.
        const id = await service.commitDraw(principal, request.body, ctx(request));
        return runCommand(request, reply, deps, (tx) => service.runDraw(tx, principal, id, ctx(request)));
      },
    );
    app.post(
      '/expert-draws/:id/slots/:slot/answer',
      {
        config: { access: staff },
        schema: { tags: drawTags, summary: "Record a drawn expert's answer to the notification (confirmed, declined, recused), by slot", params: SlotParams, body: AnswerBody, response: { 200: DrawSchema } },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.answer(tx, principal, request.params.id, request.params.slot, request.body, ctx(request)));
      },
    );
    app.get(
      '/expert-invitations',
      { config: { access: experts }, schema: { tags: drawTags, summary: 'A drawn expert: my invitations (only mine; the panel stays sealed to everyone else)', response: { 200: Type.Object({ items: Type.Array(InvitationSchema) }) } } },
      async (request) => ({ items: await service.myInvitations(requirePrincipal(request)) }),
    );
    app.post(
      '/expert-invitations/:id/answer',
      {
        config: { access: experts },
        schema: { tags: drawTags, summary: 'A drawn expert confirms or declines (with a reason) their own invitation while the draw awaits it', params: IdParams, body: InvitationAnswerBody, response: { 200: InvitationSchema } },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.answerInvitation(tx, principal, request.params.id, request.body));
      },
    );
    app.post(
      '/expert-draws/:id/supplementary',
      { config: { access: staff }, schema: { tags: drawTags, summary: 'Supplementary draw (补抽) replacing declined and recused experts, continuing the same random stream', params: IdParams, response: { 201: DrawSchema } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.supplementaryDraw(tx, principal, request.params.id, ctx(request)));
      },
    );
    app.post(
      '/expert-draws/:id/unseal',
      { config: { access: staff }, schema: { tags: drawTags, summary: 'Unseal the panel when evaluation starts: identities to the authorised roles, the seed to everyone', params: IdParams, response: { 200: DrawSchema } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.unseal(tx, principal, request.params.id, ctx(request)));
      },
    );
    app.get(
      '/expert-draws/:id/verification',
      {
        config: { access: 'public' },
        schema: { tags: drawTags, summary: 'Anyone: the revealed seed and logged inputs of an unsealed draw, and the panel re-computed from them', params: IdParams, response: { 200: DrawVerificationSchema } },
      },
      async (request) => service.verification(request.params.id),
    );
  };
}
