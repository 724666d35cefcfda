import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { requirePrincipal, requestContext as ctx } from '../../platform/http/access.js';
import { idempotentRequest, runCommand, sendResult } from '../../platform/http/command.js';
import { checkIdempotencyKey } from '../../platform/idempotency/idempotency.js';
import type { App, PlatformDeps } from '../../platform/module.js';
import {
  BidParams,
  ChunkParams,
  ChunkSchema,
  CommitBody,
  CreatedOpeningKeySchema,
  CustodianCandidatesSchema,
  MyBidListSchema,
  MyManifestSchema,
  OpeningKeyBody,
  OpeningKeySchema,
  ReceiptSchema,
  TenderSectionParams,
  UploadParams,
  UploadSchema,
  UploadStatusSchema,
  WithdrawnSchema,
} from './bidding.schemas.js';
import type { BiddingService } from './bidding.service.js';
import { tenderingError } from './tendering.errors.js';
import { IdParams } from './tendering.schemas.js';

const tags = ['bidding'];
const bidders = { roles: ['bidder'] as const };
const staff = { roles: ['centreStaff'] as const };
const HEX64 = /^[0-9a-f]{64}$/;

export function biddingRoutes(service: BiddingService, deps: PlatformDeps) {
  return async (app: App) => {
    app.post(
      '/tenders/:id/opening-key',
      { config: { access: staff }, schema: { tags, summary: "Opening-key ceremony: an SM2 key split t-of-n (default 3 of 5) among named custodians, each share encrypted to the custodian's certificate key (or an offline key); the private key is never stored", params: IdParams, body: OpeningKeyBody, response: { 201: CreatedOpeningKeySchema } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.createOpeningKey(tx, principal, request.params.id, request.body, ctx(request)));
      },
    );
    app.get(
      '/tenders/:id/opening-key',
      {
        config: { access: 'public' },
        schema: { tags, summary: 'The public opening key that bid data keys are wrapped to, and who holds its shares (names, share numbers, keys and their certificates): anyone may check', params: IdParams, response: { 200: OpeningKeySchema } },
      },
      async (request) => service.openingKey(request.params.id),
    );
    app.get(
      '/tenders/:id/opening-key/candidates',
      {
        config: { access: staff },
        schema: { tags, summary: "Candidate custodians: the tender's owner and agency, supervisor, centre-staff and platform users with a valid SM2 certificate, except those who obtained the documents", params: IdParams, response: { 200: CustodianCandidatesSchema } },
      },
      async (request) => service.openingKeyCandidates(request.params.id),
    );
    app.post(
      '/tenders/:id/sections/:sectionCode/bid-uploads',
      { config: { access: bidders }, schema: { tags, summary: 'Start a resumable chunked upload of a sealed bid file (documents obtained, before the deadline)', params: TenderSectionParams, response: { 201: UploadSchema } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.startUpload(tx, principal, request.params.id, request.params.sectionCode, ctx(request)));
      },
    );
    app.get(
      '/bid-uploads/:uploadId',
      { config: { access: bidders }, schema: { tags, summary: 'Which chunks arrived (to resume an interrupted upload)', params: UploadParams, response: { 200: UploadStatusSchema } } },
      async (request) => service.uploadStatus(requirePrincipal(request), request.params.uploadId),
    );

    // The chunk body is raw ciphertext, streamed; it is never parsed.
    await app.register(async (child) => {
      const scope = child.withTypeProvider<TypeBoxTypeProvider>();
      scope.addContentTypeParser('application/octet-stream', (_request, _payload, done) => done(null));
      scope.put(
        '/bid-uploads/:uploadId/chunks/:index',
        {
          config: { access: bidders },
          bodyLimit: 16 * 1024 * 1024,
          schema: {
            tags,
            summary: 'Upload one chunk (application/octet-stream, ≤ chunkSize) with its SM3 in X-Chunk-Sm3; chunk 0 must start with the ggzy-bid/1 header',
            params: ChunkParams,
            headers: Type.Object({ 'x-chunk-sm3': Type.Optional(Type.String()) }),
            response: { 200: ChunkSchema },
          },
        },
        async (request) => {
          const declared = request.headers['x-chunk-sm3'];
          if (typeof declared !== 'string' || !HEX64.test(declared)) throw tenderingError('CHUNK_HASH_REQUIRED');
          return service.putChunk(requirePrincipal(request), request.params.uploadId, request.params.index, declared, request.raw);
        },
      );
    });

    app.post(
      '/bid-uploads/:uploadId/commit',
      {
        config: { access: bidders },
        schema: {
          tags,
          summary: 'Commit the sealed bid (manifest signed by the bidder); accepted only before the deadline by server time; returns the signed receipt. Idempotency-Key required',
          params: UploadParams,
          body: CommitBody,
          response: { 201: ReceiptSchema },
        },
      },
      async (request, reply) => {
        const idempotent = idempotentRequest(request, deps.clock);
        if (!idempotent) throw tenderingError('IDEMPOTENCY_KEY_REQUIRED');
        checkIdempotencyKey(idempotent.key);
        const principal = requirePrincipal(request);
        const { uploadId } = request.params;
        try {
          const checked = await service.precheckCommit(principal, uploadId, request.body);
          // Committed in a set with the commits that arrive with it: one transaction, one log append, one receipt signature (ADR 0003).
          return sendResult(reply, await service.commit({ principal, uploadId, input: request.body, checked, ctx: ctx(request), request: idempotent }));
        } catch (error) {
          await service.recordRefusal(principal, uploadId, error, ctx(request));
          throw error;
        }
      },
    );
    app.post(
      '/bids/:bidId/withdraw',
      { config: { access: bidders }, schema: { tags, summary: 'Withdraw my bid before the deadline (法 29)', params: BidParams, response: { 200: WithdrawnSchema } } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.withdraw(tx, principal, request.params.bidId, ctx(request)));
      },
    );
    app.get(
      '/bids/:bidId/receipt',
      { config: { access: bidders }, schema: { tags, summary: 'The signed receipt of one of my bids (inclusion proof: GET /api/log/proofs/inclusion?index=logIndex)', params: BidParams, response: { 200: ReceiptSchema } } },
      async (request) => service.receipt(requirePrincipal(request), request.params.bidId),
    );
    app.get(
      '/bids/:bidId/manifest',
      { config: { access: bidders }, schema: { tags, summary: 'The signed manifest of one of my bids (its wrapped keys: at the opening I unwrap the data key with my own key, client-side)', params: BidParams, response: { 200: MyManifestSchema } } },
      async (request) => service.manifest(requirePrincipal(request), request.params.bidId),
    );
    app.get(
      '/tenders/:id/my-bids',
      { config: { access: bidders }, schema: { tags, summary: 'My bids on a tender, every version (metadata only)', params: IdParams, response: { 200: MyBidListSchema } } },
      async (request) => ({ items: await service.myBids(requirePrincipal(request), request.params.id) }),
    );
  };
}
