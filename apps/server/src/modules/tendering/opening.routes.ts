import { requirePrincipal, requestContext as ctx } from '../../platform/http/access.js';
import { runCommand } from '../../platform/http/command.js';
import type { App, PlatformDeps } from '../../platform/module.js';
import { AnswerBody, DataKeyBody, OpeningParams, OpeningReply, PublishBody, RespondBody, ResponseParams, ShareBody, StartOpeningBody, WrappedShareSchema } from './opening.schemas.js';
import type { OpeningService } from './opening.service.js';
import { IdParams } from './tendering.schemas.js';

const tags = ['opening'];
const bidders = { roles: ['bidder'] as const };
const staff = { roles: ['centreStaff'] as const };
const base = '/tenders/:id/sections/:sectionCode/opening';

/** Remote opening (不见面开标): count or 流标, bidder decryption, custodian fallback, record, objections, signed close. */
export function openingRoutes(service: OpeningService, deps: PlatformDeps) {
  return (app: App) => {
    app.post(
      base,
      { config: { access: staff }, schema: { tags, summary: 'At or after the deadline: fix the bid count; below the procedure minimum the section fails (流标), else the decryption window opens', params: OpeningParams, body: StartOpeningBody, response: { 201: OpeningReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.start(tx, principal, request.params.id, request.params.sectionCode, request.body ?? {}, ctx(request)));
      },
    );
    app.get(
      base,
      { config: { access: 'authenticated' }, schema: { tags, summary: 'The opening as its participants see it (contents only once the record is published)', params: OpeningParams, response: { 200: OpeningReply } } },
      async (request) => service.view(requirePrincipal(request), request.params.id, request.params.sectionCode),
    );
    app.post(
      `${base}/decryptions`,
      { config: { access: bidders }, schema: { tags, summary: 'Reveal the data key of my bid inside the window; checked against the signed key commitment and the MAC, then the opening summary is decrypted', params: OpeningParams, body: DataKeyBody, response: { 201: OpeningReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const { id, sectionCode } = request.params;
        try {
          return await runCommand(request, reply, deps, (tx) => service.submitDataKey(tx, principal, id, sectionCode, request.body, ctx(request)));
        } catch (error) {
          await service.recordRefusal(principal, id, sectionCode, error, ctx(request));
          throw error;
        }
      },
    );
    app.post(
      `${base}/fallback`,
      { config: { access: staff }, schema: { tags, summary: 'After the window: call the opening-key custodians for the bids still sealed (办法 Art 31 remedy)', params: OpeningParams, response: { 200: OpeningReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.requestFallback(tx, principal, request.params.id, request.params.sectionCode, ctx(request)));
      },
    );
    app.get(
      '/tenders/:id/opening-key/my-share',
      { config: { access: 'authenticated' }, schema: { tags, summary: 'My opening-key share, SM2-encrypted to my custodian key', params: IdParams, response: { 200: WrappedShareSchema } } },
      async (request) => service.myShare(requirePrincipal(request), request.params.id),
    );
    app.post(
      `${base}/custodian-shares`,
      { config: { access: 'authenticated' }, schema: { tags, summary: 'A custodian submits their decrypted share; at the threshold the key is rebuilt, checked, used for the sealed bids only, and dropped', params: OpeningParams, body: ShareBody, response: { 201: OpeningReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.submitShare(tx, principal, request.params.id, request.params.sectionCode, request.body, ctx(request)));
      },
    );
    app.post(
      `${base}/record`,
      { config: { access: staff }, schema: { tags, summary: 'Settle undecrypted bids (办法 Art 31) and publish the opening record to the participants', params: OpeningParams, body: PublishBody, response: { 200: OpeningReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const { id, sectionCode } = request.params;
        const security = await service.securityStatuses(id, sectionCode);
        return runCommand(request, reply, deps, (tx) => service.publish(tx, principal, id, sectionCode, request.body ?? {}, security, ctx(request)));
      },
    );
    app.post(
      `${base}/responses`,
      { config: { access: bidders }, schema: { tags, summary: 'Confirm the opening record or raise an objection (条例 44)', params: OpeningParams, body: RespondBody, response: { 201: OpeningReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.respond(tx, principal, request.params.id, request.params.sectionCode, request.body, ctx(request)));
      },
    );
    app.post(
      `${base}/responses/:responseId/answer`,
      { config: { access: staff }, schema: { tags, summary: 'Answer an objection to the opening', params: ResponseParams, body: AnswerBody, response: { 200: OpeningReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.answer(tx, principal, request.params.id, request.params.sectionCode, request.params.responseId, request.body, ctx(request)));
      },
    );
    app.post(
      `${base}/close`,
      { config: { access: staff }, schema: { tags, summary: 'Close the opening once every objection is answered; the record is signed by the platform and logged', params: OpeningParams, response: { 200: OpeningReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const key = await service.signingKey();
        return runCommand(request, reply, deps, (tx) => service.close(tx, principal, request.params.id, request.params.sectionCode, key, ctx(request)));
      },
    );
  };
}
