import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { requirePrincipal, requestContext as ctx } from '../../platform/http/access.js';
import { runCommand } from '../../platform/http/command.js';
import { LastEventIdQuery, serveEventStream } from '../../platform/http/sse.js';
import type { App, PlatformDeps } from '../../platform/module.js';
import { auctionError } from './auction.errors.js';
import {
  AmountBody,
  BidAcceptedSchema,
  BidBody,
  CalendarQuery,
  CalendarSchema,
  IdParams,
  LotSchema,
  MessageBody,
  MonitorSchema,
  MyLotSchema,
  MyRegistrationsSchema,
  ReasonBody,
  RegistrationBody,
  RegistrationSchema,
  ReserveEnteredSchema,
  ResumeBody,
  TradeBody,
  TradeCreatedSchema,
  WinCertificateSchema,
} from './auction.schemas.js';
import type { AuctionService } from './auction.service.js';
import type { LotHub } from './sse.js';

const sellers = { roles: ['centreStaff', 'tenderer'] } as const;
const staff = { roles: ['centreStaff'] } as const;
const bidders = { roles: ['bidder'] } as const;
const monitors = { roles: ['centreStaff', 'supervisor', 'admin'] } as const;
const DAY = 86_400_000;

export function auctionRoutes(service: AuctionService, hub: LotHub, deps: PlatformDeps) {
  /** Runs a command on a lot, then tells this process's stream channel at once (other nodes hear it through the outbox). */
  const lotCommand = async (request: FastifyRequest, reply: Parameters<typeof runCommand>[1], lotId: string, command: Parameters<typeof runCommand>[3]) => {
    const sent = await runCommand(request, reply, deps, command);
    hub.poke(lotId);
    return sent;
  };

  return (app: App) => {
    const tags = ['auction'];
    app.get(
      '/auction/lots',
      { config: { access: 'public' }, schema: { tags, summary: 'Auction calendar: lots whose listing overlaps [from, to] (default: 30 days back to 90 days ahead)', querystring: CalendarQuery, response: { 200: CalendarSchema } } },
      async (request) => {
        const now = deps.clock.now();
        const from = request.query.from ? new Date(request.query.from) : new Date(now.getTime() - 30 * DAY);
        const to = request.query.to ? new Date(request.query.to) : new Date(now.getTime() + 90 * DAY);
        return service.calendar({ from, to, status: request.query.status });
      },
    );
    app.get(
      '/auction/lots/:id',
      { config: { access: 'public' }, schema: { tags, summary: 'One lot: terms, live state (price, anonymous leader, deadline) and, once decided, the result with the opened reserve', params: IdParams, response: { 200: LotSchema } } },
      async (request) => service.getLot(request.params.id),
    );
    app.get(
      '/auction/lots/:id/events',
      {
        config: { access: 'public', rateLimit: false },
        schema: {
          tags,
          summary: 'The lot’s event stream (text/event-stream): SSE id = sequence number; send Last-Event-ID (or ?lastEventId=) to replay what was missed',
          params: IdParams,
          querystring: LastEventIdQuery,
        },
      },
      async (request, reply) => {
        if (!(await service.lotExists(request.params.id))) throw auctionError('LOT_NOT_FOUND');
        await serveEventStream(request, reply, hub, request.params.id);
      },
    );

    app.post(
      '/auction/trades',
      {
        config: { access: sellers },
        schema: { tags, summary: 'Announce a trade (notice + lots with their terms); checks the statutory lead time (L1: 20 days; 拍卖法 45: 7 days) and listing length (L2)', body: TradeBody, response: { 201: TradeCreatedSchema } },
      },
      async (request, reply) => runCommand(request, reply, deps, (tx) => service.createTrade(tx, requirePrincipal(request), request.body, ctx(request))),
    );

    app.post(
      '/auction/lots/:id/registrations',
      {
        config: { access: bidders },
        schema: { tags, summary: 'Register for a lot with the deposit proof (joint bidders with shares, each must confirm); gives the anonymous bidder number', params: IdParams, body: RegistrationBody, response: { 201: RegistrationSchema } },
      },
      async (request, reply) =>
        lotCommand(request, reply, request.params.id, (tx) => service.register(tx, requirePrincipal(request), request.params.id, request.body, ctx(request))),
    );
    app.post(
      '/auction/registrations/:id/confirm',
      { config: { access: bidders }, schema: { tags, summary: 'A joint bidder confirms the joint registration and its share', params: IdParams, response: { 200: RegistrationSchema } } },
      async (request, reply) => runCommand(request, reply, deps, (tx) => service.confirmPartner(tx, requirePrincipal(request), request.params.id, ctx(request))),
    );
    app.get(
      '/auction/registrations/mine',
      { config: { access: bidders }, schema: { tags, summary: 'My registrations (as lead bidder or joint partner)', response: { 200: MyRegistrationsSchema } } },
      async (request) => service.myRegistrations(requirePrincipal(request)),
    );
    app.get(
      '/auction/lots/:id/me',
      { config: { access: bidders }, schema: { tags, summary: 'My registration for the lot, my bidder number, and whether I lead or won', params: IdParams, response: { 200: MyLotSchema } } },
      async (request) => service.myRegistration(requirePrincipal(request), request.params.id),
    );

    app.post(
      '/auction/lots/:id/bids',
      {
        config: { access: bidders },
        schema: {
          tags,
          summary: 'Place an offer (a command: send an Idempotency-Key); serialised per lot, decided by the server’s time, numbered, logged and broadcast',
          params: IdParams,
          body: BidBody,
          response: { 201: BidAcceptedSchema },
        },
      },
      async (request, reply) =>
        lotCommand(request, reply, request.params.id, (tx) => service.placeBid(tx, requirePrincipal(request), request.params.id, request.body.amount, ctx(request))),
    );

    app.post(
      '/auction/lots/:id/reserve',
      {
        config: { access: sellers },
        schema: { tags, summary: 'Enter the sealed reserve price (L6: only in the last 30 minutes of the listing); never shown before the result', params: IdParams, body: AmountBody, response: { 200: ReserveEnteredSchema } },
      },
      async (request, reply) => runCommand(request, reply, deps, (tx) => service.enterReserve(tx, requirePrincipal(request), request.params.id, request.body.amount, ctx(request))),
    );
    app.get(
      '/auction/lots/:id/monitor',
      { config: { access: monitors }, schema: { tags, summary: 'Staff and supervisors: bidders behind the anonymous numbers, every bid, whether the reserve was entered', params: IdParams, response: { 200: MonitorSchema } } },
      async (request) => service.monitor(request.params.id),
    );
    app.post(
      '/auction/lots/:id/suspend',
      { config: { access: staff }, schema: { tags, summary: 'Suspend (中止) with a reason; clocks freeze', params: IdParams, body: ReasonBody, response: { 200: LotSchema } } },
      async (request, reply) =>
        lotCommand(request, reply, request.params.id, (tx) => service.suspendLot(tx, requirePrincipal(request), request.params.id, request.body.reason, ctx(request))),
    );
    app.post(
      '/auction/lots/:id/resume',
      { config: { access: staff }, schema: { tags, summary: 'Schedule the resumption with a notice (L13: ≥ 5 days ahead)', params: IdParams, body: ResumeBody, response: { 200: LotSchema } } },
      async (request, reply) => lotCommand(request, reply, request.params.id, (tx) => service.resumeLot(tx, requirePrincipal(request), request.params.id, request.body, ctx(request))),
    );
    app.post(
      '/auction/lots/:id/terminate',
      { config: { access: staff }, schema: { tags, summary: 'Terminate (终止) with a reason; deposits released', params: IdParams, body: ReasonBody, response: { 200: LotSchema } } },
      async (request, reply) =>
        lotCommand(request, reply, request.params.id, (tx) => service.terminateLot(tx, requirePrincipal(request), request.params.id, request.body.reason, ctx(request))),
    );
    app.post(
      '/auction/lots/:id/messages',
      { config: { access: staff }, schema: { tags, summary: 'Auctioneer’s announcement to everyone watching', params: IdParams, body: MessageBody, response: { 201: Type.Object({ seq: Type.Integer() }) } } },
      async (request, reply) =>
        lotCommand(request, reply, request.params.id, (tx) => service.postMessage(tx, requirePrincipal(request), request.params.id, request.body.text, ctx(request))),
    );
    app.post(
      '/auction/lots/:id/win-confirmation',
      { config: { access: bidders }, schema: { tags, summary: 'The winner confirms the result online (网上竞得证明, L14)', params: IdParams, response: { 200: WinCertificateSchema } } },
      async (request, reply) => lotCommand(request, reply, request.params.id, (tx) => service.confirmWin(tx, requirePrincipal(request), request.params.id, ctx(request))),
    );
    app.get(
      '/auction/lots/:id/win-certificate',
      { config: { access: bidders }, schema: { tags, summary: 'The winner’s online winning certificate', params: IdParams, response: { 200: WinCertificateSchema } } },
      async (request) => service.winCertificateFor(requirePrincipal(request), request.params.id),
    );
    app.post(
      '/auction/lots/:id/deal-confirmation',
      { config: { access: staff }, schema: { tags, summary: 'Issue the deal confirmation (成交确认书, L15) after the winner’s online confirmation', params: IdParams, response: { 200: LotSchema } } },
      async (request, reply) =>
        lotCommand(request, reply, request.params.id, (tx) => service.issueDealConfirmation(tx, requirePrincipal(request), request.params.id, ctx(request))),
    );
    app.post(
      '/auction/lots/:id/default',
      { config: { access: staff }, schema: { tags, summary: 'Record the winner’s refusal to sign (L18): deposit forfeited, credit event', params: IdParams, body: ReasonBody, response: { 200: LotSchema } } },
      async (request, reply) =>
        lotCommand(request, reply, request.params.id, (tx) => service.recordDefault(tx, requirePrincipal(request), request.params.id, request.body.reason, ctx(request))),
    );
  };
}
