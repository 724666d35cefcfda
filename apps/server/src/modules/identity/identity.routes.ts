import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import { wantsDemoSeed } from '../../platform/config/config.js';
import { requirePrincipal, requestContext as ctx } from '../../platform/http/access.js';
import type { App, PlatformDeps } from '../../platform/module.js';
import { demoAccounts, DEMO_PASSWORD, demoTotpSecret } from './demo-seed.js';
import { requiresSecondFactor } from './domain/second-factor.js';
import { base32Encode } from './domain/totp.js';
import { identityError } from './identity.errors.js';
import {
  ApiTokenListSchema,
  CreateApiTokenBody,
  CreatedApiTokenSchema,
  DemoAccountsSchema,
  LoginBody,
  SecondFactorBody,
  SecondFactorStepSchema,
  ProfileSchema,
  TokenIdParams,
} from './identity.schemas.js';
import { SESSION_COOKIE, type IdentityService } from './identity.service.js';

const tags = ['identity'];

export function identityRoutes(service: IdentityService, deps: PlatformDeps) {
  return (app: App) => {
    const setSessionCookie = (reply: FastifyReply, token: string) => setSessionCookieOn(reply, token, deps.config);

    app.post(
      '/auth/login',
      {
        config: { access: 'public', rateLimit: { max: deps.config.LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Sign in with username and password; staff, experts, supervisors and admins then answer a TOTP step',
          body: LoginBody,
          response: { 200: Type.Union([ProfileSchema, SecondFactorStepSchema]) },
        },
      },
      async (request, reply) => {
        const outcome = await service.login(request.body, ctx(request));
        if (outcome.kind === 'secondFactor') return { secondFactor: outcome.step };
        setSessionCookie(reply, outcome.sessionToken);
        return outcome.profile;
      },
    );

    app.post(
      '/auth/login/second-factor',
      {
        config: { access: 'public', rateLimit: { max: deps.config.LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Answer the second-factor step with a TOTP code (enrols the authenticator on first use)',
          body: SecondFactorBody,
          response: { 200: ProfileSchema },
        },
      },
      async (request, reply) => {
        const { profile, sessionToken } = await service.completeSecondFactor(request.body, ctx(request));
        setSessionCookie(reply, sessionToken);
        return profile;
      },
    );

    app.post(
      '/auth/logout',
      { config: { access: 'authenticated' }, schema: { tags, summary: 'Sign out (ends the session)' } },
      async (request, reply) => {
        await service.logout(requirePrincipal(request), ctx(request));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send();
      },
    );

    app.get(
      '/auth/me',
      { config: { access: 'authenticated' }, schema: { tags, summary: 'The signed-in user', response: { 200: ProfileSchema } } },
      async (request) => service.profile(requirePrincipal(request).userId),
    );

    app.get(
      '/auth/demo-accounts',
      {
        config: { access: 'public' },
        schema: { tags, summary: 'Demo logins (embedded demo mode only)', response: { 200: DemoAccountsSchema } },
      },
      async () => {
        if (!wantsDemoSeed(deps.config)) throw identityError('DEMO_ACCOUNTS_DISABLED');
        return {
          items: demoAccounts.map((a) => ({
            username: a.username,
            role: a.roles[0] ?? 'bidder',
            displayName: a.displayName,
            // Demo only: the authenticator secret, so the login page can fill in the current code.
            ...(requiresSecondFactor(a.roles)
              ? { totpSecret: base32Encode(demoTotpSecret(a.username)), totpAlgorithm: deps.config.TOTP_ALGORITHM }
              : {}),
          })),
          password: DEMO_PASSWORD,
        };
      },
    );

    app.post(
      '/auth/tokens',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Create an API token for a client system',
          body: CreateApiTokenBody,
          response: { 201: CreatedApiTokenSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await service.createApiToken(requirePrincipal(request), request.body, ctx(request))),
    );

    app.get(
      '/auth/tokens',
      { config: { access: 'authenticated' }, schema: { tags, summary: 'My API tokens', response: { 200: ApiTokenListSchema } } },
      async (request) => ({ items: await service.listApiTokens(requirePrincipal(request)) }),
    );

    app.delete(
      '/auth/tokens/:id',
      { config: { access: 'authenticated' }, schema: { tags, summary: 'Revoke an API token', params: TokenIdParams } },
      async (request, reply) => {
        await service.revokeApiToken(requirePrincipal(request), request.params.id, ctx(request));
        return reply.status(204).send();
      },
    );
  };
}

/** The session cookie, set the same way by every sign-in route (password, TOTP, certificate). */
export function setSessionCookieOn(reply: FastifyReply, token: string, config: { NODE_ENV: string }) {
  return reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure: config.NODE_ENV === 'production' });
}
