import type { FastifyRequest } from 'fastify';
import { platformError } from '../../platform/errors.js';
import { requirePrincipal, requestContext as ctx } from '../../platform/http/access.js';
import { runCommand } from '../../platform/http/command.js';
import type { App, PlatformDeps } from '../../platform/module.js';
import { ProfileSchema, setSessionCookieOn, startSessionFor } from '../identity/index.js';
import {
  AdminCertificateListSchema,
  AdminListQuery,
  BindingListSchema,
  BindingSchema,
  CertificateListSchema,
  CertificateSchema,
  ChallengeBody,
  ChallengeSchema,
  CrlQuery,
  CrlResponse,
  IdParams,
  IssueBody,
  IssuedCertificateSchema,
  ProofBody,
  RevokeBody,
  RootListSchema,
  SerialParams,
  StatusSchema,
  TrustedRootBody,
  TrustedRootListSchema,
  TrustedRootSchema,
  VerifyBody,
  VerifyResultSchema,
} from './certificate.schemas.js';
import type { CertificateService } from './certificate.service.js';

const tags = ['certificate'];

/** Serial from a URL: hex, any case, leading zero octets dropped (as stored). */
function canonicalSerial(text: string): string {
  let serial = text.toLowerCase();
  if (serial.length % 2 === 1) serial = `0${serial}`;
  while (serial.length > 2 && serial.startsWith('00')) serial = serial.slice(2);
  return serial;
}

/**
 * Base URL written into certificates' CRL distribution points: this request's scheme and Host,
 * when the Host is a plain host[:port]; else the configured listen address.
 */
function publicBaseUrl(request: FastifyRequest, deps: PlatformDeps): string {
  const host = request.host;
  if (/^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/.test(host)) return `${request.protocol}://${host}`;
  return `http://${deps.config.HOST}:${deps.config.PORT}`;
}

export function certificateRoutes(service: CertificateService, deps: PlatformDeps) {
  const loginLimit = { max: deps.config.LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' };

  return (app: App) => {
    // ---------------------------------------------------------------------------------------
    // Issuing and the holder's certificates

    app.post(
      '/certificates',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Issue a certificate to me from a CSR signed by my own key (SM2 or ECDSA P-256); the private key never leaves the client',
          body: IssueBody,
          response: { 201: IssuedCertificateSchema },
        },
      },
      async (request, reply) => {
        await service.ready();
        const principal = requirePrincipal(request);
        const crlBaseUrl = publicBaseUrl(request, deps);
        return runCommand(request, reply, deps, (tx) =>
          service.issue(tx, principal, { csr: request.body.csr, purpose: request.body.purpose ?? 'signing', crlBaseUrl }, ctx(request)),
        );
      },
    );

    app.get(
      '/certificates',
      { config: { access: 'authenticated' }, schema: { tags, summary: 'My certificates, newest first', response: { 200: CertificateListSchema } } },
      async (request) => ({ items: await service.listMine(requirePrincipal(request)) }),
    );

    app.get(
      '/certificates/:serial/status',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Revocation status of a certificate this platform issued (OCSP-like, JSON): good, revoked or unknown',
          params: SerialParams,
          response: { 200: StatusSchema },
        },
      },
      async (request) => service.status(canonicalSerial(request.params.serial)),
    );

    app.post(
      '/certificates/:serial/revoke',
      {
        config: { access: { roles: ['admin', 'centreStaff'] } },
        schema: {
          tags,
          summary: 'Revoke a certificate (RFC 5280 reason code); takes effect at once for sign-in, status and verification',
          params: SerialParams,
          body: RevokeBody,
          response: { 200: CertificateSchema },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) =>
          service.revoke(tx, principal, canonicalSerial(request.params.serial), request.body.reason, ctx(request)),
        );
      },
    );

    // ---------------------------------------------------------------------------------------
    // The CA: roots, CRL, issued certificates

    app.get(
      '/ca/roots',
      {
        config: { access: 'public' },
        schema: { tags, summary: 'The platform CA root certificates (SM2 and ECDSA P-256), with PEM', response: { 200: RootListSchema } },
      },
      async () => ({ items: await service.roots() }),
    );

    app.get(
      '/ca/crl',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Certificate revocation list of a platform root (DER, application/pkix-crl, v2 with nextUpdate)',
          querystring: CrlQuery,
          response: { 200: CrlResponse },
        },
      },
      async (request, reply) => {
        const crl = await service.crl(request.query.ca);
        return reply
          .type('application/pkix-crl')
          .header('cache-control', 'public, max-age=300')
          .header('last-modified', crl.thisUpdate.toUTCString())
          .header('expires', crl.nextUpdate.toUTCString())
          .send(Buffer.from(crl.der));
      },
    );

    app.get(
      '/ca/certificates',
      {
        config: { access: { roles: ['admin', 'centreStaff'] } },
        schema: { tags, summary: 'Issued certificates, newest first (keyset pagination by id)', querystring: AdminListQuery, response: { 200: AdminCertificateListSchema } },
      },
      async (request) => ({ items: await service.listIssued(request.query) }),
    );

    // ---------------------------------------------------------------------------------------
    // Certificate sign-in

    app.post(
      '/auth/certificate/challenge',
      {
        config: { access: 'public', rateLimit: loginLimit },
        schema: {
          tags,
          summary: 'A single-use challenge (valid 2 minutes) to sign for certificate sign-in or binding',
          body: ChallengeBody,
          response: { 201: ChallengeSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await service.createChallenge(request.body.purpose ?? 'login')),
    );

    app.post(
      '/auth/certificate/login',
      {
        config: { access: 'public', rateLimit: loginLimit },
        schema: {
          tags,
          summary: 'Sign in with a certificate: its chain, validity and revocation are checked and the challenge signature verified; opens a session',
          body: ProofBody,
          response: { 200: ProfileSchema },
        },
      },
      async (request, reply) => {
        const result = await service.signIn(request.body, ctx(request));
        const method = `certificate ${result.certificate.algorithm} (${result.source}) serial=${result.certificate.serial} sha256=${result.certificate.fingerprint}`;
        const { profile, sessionToken } = await startSessionFor(deps, result.userId, ctx(request), method);
        // The same cookie as the password sign-in (identity.routes.ts).
        setSessionCookieOn(reply, sessionToken, deps.config);
        return profile;
      },
    );

    // ---------------------------------------------------------------------------------------
    // Bindings of foreign certificates

    app.post(
      '/certificates/bindings',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Bind a certificate from a recognised CA to my account (sign a "bind" challenge with its key)',
          body: ProofBody,
          response: { 201: BindingSchema },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const certificate = await service.prepareBinding(request.body, ctx(request));
        return runCommand(request, reply, deps, (tx) => service.bind(tx, principal, certificate, ctx(request)));
      },
    );

    app.get(
      '/certificates/bindings',
      { config: { access: 'authenticated' }, schema: { tags, summary: 'My bound certificates', response: { 200: BindingListSchema } } },
      async (request) => ({ items: await service.listBindings(requirePrincipal(request)) }),
    );

    app.delete(
      '/certificates/bindings/:id',
      {
        config: { access: 'authenticated' },
        schema: { tags, summary: 'Remove a binding (mine; administrators: any)', params: IdParams, response: { 204: { type: 'null', description: 'Removed' } } },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.removeBinding(tx, principal, request.params.id, ctx(request)));
      },
    );

    // ---------------------------------------------------------------------------------------
    // Mutual recognition

    app.post(
      '/ca/trusted-roots',
      {
        config: { access: { roles: ['admin'] } },
        schema: {
          tags,
          summary: 'Recognise another CA: import its self-signed root (SM2 or ECDSA P-256); its certificates are then accepted',
          body: TrustedRootBody,
          response: { 201: TrustedRootSchema },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const root = await service.prepareTrustedRoot(request.body);
        return runCommand(request, reply, deps, (tx) => service.addTrustedRoot(tx, principal, root, request.body.name, ctx(request)));
      },
    );

    app.get(
      '/ca/trusted-roots',
      {
        config: { access: { roles: ['admin', 'centreStaff'] } },
        schema: { tags, summary: 'Recognised foreign roots', response: { 200: TrustedRootListSchema } },
      },
      async () => ({ items: await service.listTrustedRoots() }),
    );

    app.delete(
      '/ca/trusted-roots/:id',
      {
        config: { access: { roles: ['admin'] } },
        schema: {
          tags,
          summary: 'Revoke trust in a recognised root: its certificates are refused from the next request on, on every node',
          params: IdParams,
          response: { 204: { type: 'null', description: 'Removed' } },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        return runCommand(request, reply, deps, (tx) => service.removeTrustedRoot(tx, principal, request.params.id, ctx(request)));
      },
    );

    // ---------------------------------------------------------------------------------------
    // Document signatures

    app.post(
      '/signatures/verify',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Verify a client-made signature over a document (its bytes, or its SM3/SHA-256 digest) with the signer’s certificate',
          body: VerifyBody,
          response: { 200: VerifyResultSchema },
        },
      },
      async (request) => {
        const { data, digest, digestAlgorithm, signature, signatureFormat, certificate, chain } = request.body;
        if ((data === undefined) === (digest === undefined)) {
          throw platformError('VALIDATION_FAILED', { summary: 'give exactly one of data (base64) and digest (hex)' });
        }
        const content =
          data !== undefined
            ? { data: new Uint8Array(Buffer.from(data, 'base64')) }
            : { digest: new Uint8Array(Buffer.from(digest ?? '', 'hex')), digestAlgorithm: digestAlgorithm ?? ('sm3' as const) };
        return service.verifyDocumentSignature({
          certificate,
          ...(chain ? { chain } : {}),
          signature: new Uint8Array(Buffer.from(signature, 'base64')),
          ...(signatureFormat ? { signatureFormat } : {}),
          content,
        });
      },
    );
  };
}
