import type { FastifyReply, FastifyRequest } from 'fastify';
import { requirePrincipal, requestContext as ctx } from '../../platform/http/access.js';
import { runCommand } from '../../platform/http/command.js';
import { LastEventIdQuery, serveEventStream } from '../../platform/http/sse.js';
import type { App, PlatformDeps } from '../../platform/module.js';
import { type OpeningHub, openingStreamKey } from './opening-events.js';
import type { OpeningHallService } from './opening-hall.service.js';
import { AnswerBody, DataKeyBody, FloatPointBody, OpeningParams, OpeningReply, PublishBody, RespondBody, ResponseParams, ShareBody, StartOpeningBody, WrappedShareSchema } from './opening.schemas.js';
import type { OpeningService } from './opening.service.js';
import { findPublicOpeningResult } from './opening-results.js';
import { tenderingError } from './tendering.errors.js';
import { IdParams } from './tendering.schemas.js';

const tags = ['opening'];
const bidders = { roles: ['bidder'] as const };
const staff = { roles: ['centreStaff'] as const };
const drawers = { roles: ['bidder', 'centreStaff'] as const };
const base = '/tenders/:id/sections/:sectionCode/opening';

/** Remote opening (不见面开标): count or 流标, check-in, ceiling price, float point, bidder decryption, custodian fallback, record, objections, signed close, and the live hall. */
export function openingRoutes(service: OpeningService, hall: OpeningHallService, hub: OpeningHub, deps: PlatformDeps) {
  /** Every opening command writes hall events: after its commit this process's watchers hear at once (other nodes through the outbox). */
  const hallCommand = async (request: FastifyRequest, reply: FastifyReply, command: Parameters<typeof runCommand>[3]) => {
    const sent = await runCommand(request, reply, deps, command);
    const { id, sectionCode } = request.params as { id: string; sectionCode: string };
    hub.poke(openingStreamKey(id, sectionCode));
    return sent;
  };
  return (app: App) => {
    app.get(
      `${base}/events`,
      {
        config: { access: 'authenticated', rateLimit: false },
        schema: {
          tags,
          summary: 'The live opening hall (text/event-stream): SSE id = sequence number; send Last-Event-ID (or ?lastEventId=) to replay what was missed. Participants only; no price before the record is published',
          params: OpeningParams,
          querystring: LastEventIdQuery,
        },
      },
      async (request, reply) => {
        await hall.requireWatcher(requirePrincipal(request), request.params.id, request.params.sectionCode);
        await serveEventStream(request, reply, hub, openingStreamKey(request.params.id, request.params.sectionCode));
      },
    );
    app.post(
      `${base}/check-in`,
      { config: { access: bidders }, schema: { tags, summary: 'Check in (签到) to the opening: a bidder with a live bid, from the lead time before the deadline until the opening closes; attendance only (absence does not invalidate a bid)', params: OpeningParams, response: { 200: OpeningReply, 201: OpeningReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return hallCommand(request, reply, (tx) => hall.checkIn(tx, principal, request.params.id, request.params.sectionCode, ctx(request)));
      },
    );
    app.post(
      `${base}/ceiling-price`,
      { config: { access: staff }, schema: { tags, summary: 'Announce the section’s ceiling price (招标控制价) in the hall; required before the record', params: OpeningParams, response: { 201: OpeningReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return hallCommand(request, reply, (tx) => hall.publishCeiling(tx, principal, request.params.id, request.params.sectionCode, ctx(request)));
      },
    );
    app.post(
      `${base}/float-point`,
      {
        config: { access: drawers },
        schema: { tags, summary: 'Draw the float point (抽取浮动点) after the ceiling price: a checked-in bidder or centre staff; reveals the seed committed at the start', params: OpeningParams, body: FloatPointBody, response: { 201: OpeningReply } },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const sealKey = await service.floatSeedKey();
        return hallCommand(request, reply, (tx) => hall.drawFloat(tx, principal, request.params.id, request.params.sectionCode, request.body ?? {}, sealKey, ctx(request)));
      },
    );
    app.post(
      base,
      { config: { access: staff }, schema: { tags, summary: 'At or after the deadline: fix the bid count; below the procedure minimum the section fails (流标), else the decryption window opens', params: OpeningParams, body: StartOpeningBody, response: { 201: OpeningReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const sealKey = await service.floatSeedKey();
        return hallCommand(request, reply, (tx) => service.start(tx, principal, request.params.id, request.params.sectionCode, request.body ?? {}, sealKey, ctx(request)));
      },
    );
    app.get(
      base,
      { config: { access: 'authenticated' }, schema: { tags, summary: 'The opening as its participants see it (contents only once the record is published)', params: OpeningParams, response: { 200: OpeningReply } } },
      async (request) => service.view(requirePrincipal(request), request.params.id, request.params.sectionCode),
    );
    app.get(
      `${base}/result`,
      { config: { access: 'public' }, schema: { tags, summary: 'The published result of a public opening (公开开标): the signed opening record once closed, or the failure (流标) with its reason', params: OpeningParams, response: { 200: OpeningReply } } },
      async (request) => {
        const result = await findPublicOpeningResult(deps.db, request.params.id, request.params.sectionCode);
        if (!result) throw tenderingError('OPENING_RESULT_NOT_PUBLISHED');
        return result;
      },
    );
    app.post(
      `${base}/decryptions`,
      { config: { access: bidders }, schema: { tags, summary: 'Reveal the data key of my bid inside the window; checked against the signed key commitment and the MAC, then the opening summary is decrypted', params: OpeningParams, body: DataKeyBody, response: { 201: OpeningReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const { id, sectionCode } = request.params;
        try {
          return await hallCommand(request, reply, (tx) => service.submitDataKey(tx, principal, id, sectionCode, request.body, ctx(request)));
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
        return hallCommand(request, reply, (tx) => service.requestFallback(tx, principal, request.params.id, request.params.sectionCode, ctx(request)));
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
        return hallCommand(request, reply, (tx) => service.submitShare(tx, principal, request.params.id, request.params.sectionCode, request.body, ctx(request)));
      },
    );
    app.post(
      `${base}/record`,
      { config: { access: staff }, schema: { tags, summary: 'Settle undecrypted bids (办法 Art 31) and publish the opening record to the participants', params: OpeningParams, body: PublishBody, response: { 200: OpeningReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const { id, sectionCode } = request.params;
        const security = await service.securityStatuses(id, sectionCode);
        return hallCommand(request, reply, (tx) => service.publish(tx, principal, id, sectionCode, request.body ?? {}, security, ctx(request)));
      },
    );
    app.post(
      `${base}/responses`,
      { config: { access: bidders }, schema: { tags, summary: 'Confirm the opening record or raise an objection (条例 44)', params: OpeningParams, body: RespondBody, response: { 201: OpeningReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return hallCommand(request, reply, (tx) => service.respond(tx, principal, request.params.id, request.params.sectionCode, request.body, ctx(request)));
      },
    );
    app.post(
      `${base}/responses/:responseId/answer`,
      { config: { access: staff }, schema: { tags, summary: 'Answer an objection to the opening', params: ResponseParams, body: AnswerBody, response: { 200: OpeningReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return hallCommand(request, reply, (tx) => service.answer(tx, principal, request.params.id, request.params.sectionCode, request.params.responseId, request.body, ctx(request)));
      },
    );
    app.post(
      `${base}/close`,
      { config: { access: staff }, schema: { tags, summary: 'Close the opening once every objection is answered; the record is signed by the platform and logged', params: OpeningParams, response: { 200: OpeningReply } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const key = await service.signingKey();
        return hallCommand(request, reply, (tx) => service.close(tx, principal, request.params.id, request.params.sectionCode, key, ctx(request)));
      },
    );
  };
}
