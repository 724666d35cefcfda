import { resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { sql } from 'kysely';
import Type from 'typebox';
import { platformError } from './platform/errors.js';
import { type Authenticator, declarePublicRoutes, installAccessControl } from './platform/http/access.js';
import { installErrorHandler, sendError } from './platform/http/error-handler.js';
import { isApiPath, serveWebApp } from './platform/http/web-app.js';
import type { App, PlatformDeps, PlatformModule } from './platform/module.js';

export interface BuildAppOptions {
  deps: PlatformDeps;
  modules: readonly PlatformModule[];
  authenticator: Authenticator;
  /** Directory of the built web app; omitted: API only. */
  webDist?: string;
}

/** Builds the whole HTTP application without listening, so tests can `inject()` into it. */
export async function buildApp(options: BuildAppOptions): Promise<App> {
  const { deps } = options;
  const app: App = Fastify({
    loggerInstance: deps.logger,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandler(app);
  installAccessControl(app, options.authenticator);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd styles components at run time (CSS-in-JS): inline styles are needed, inline scripts are not.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        // Behind HTTPS in production; an embedded instance is also opened over plain http on a LAN address.
        upgradeInsecureRequests: deps.config.NODE_ENV === 'production' ? [] : null,
      },
    },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    max: deps.config.RATE_LIMIT_PER_MINUTE,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) => platformError('RATE_LIMITED', { retryAfter: context.after }),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ggzy — 公共资源交易平台 API',
        version: '0.1.0',
        description:
          'Every route declares its access: public, any signed-in user, or named roles. Sign in with POST /api/auth/login (session cookie) or send `Authorization: Bearer <API token>`. Errors are `{ code, message, details, requestId }`, with `message` in zh-CN or en by `Accept-Language`.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'ggzy_session' }, bearer: { type: 'http', scheme: 'bearer' } },
      },
    },
  });
  await app.register(async (child) => {
    declarePublicRoutes(child);
    await child.register(fastifySwaggerUi, { routePrefix: '/docs' });
  });

  app.get('/health/live', { config: { access: 'public', rateLimit: false }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/health/ready', { config: { access: 'public', rateLimit: false }, schema: { hide: true } }, async (request, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      return { status: 'ready', mode: deps.config.mode };
    } catch {
      return sendError(platformError('SERVICE_UNAVAILABLE', { reason: 'database' }), request, reply);
    }
  });

  await app.register(
    async (api) => {
      // Deadlines are decided by the server's clock (security.md §8): pages count down by this, not by the device's.
      api.get(
        '/time',
        {
          config: { access: 'public' },
          schema: { tags: ['platform'], summary: "The server's time, by which every deadline is decided", response: { 200: Type.Object({ serverTime: Type.String({ format: 'date-time' }) }, { title: 'ServerTime' }) } },
        },
        async () => ({ serverTime: deps.clock.now().toISOString() }),
      );
      for (const module of options.modules) await module.routes?.(api, deps);
    },
    { prefix: '/api' },
  );

  const shell = options.webDist === undefined ? undefined : await serveWebApp(app, resolve(options.webDist));
  app.setNotFoundHandler((request, reply) => {
    if (shell === undefined || request.method !== 'GET' || isApiPath(request.url)) return sendError(platformError('NOT_FOUND'), request, reply);
    return reply.type('text/html').header('cache-control', 'no-cache').send(shell);
  });
  return app;
}
