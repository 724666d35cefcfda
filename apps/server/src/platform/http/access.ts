import type { Role } from '@ggzy/contracts';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { platformError } from '../errors.js';

/**
 * Every route declares who may call it in `config.access`. A route without a declaration
 * stops the server at `ready()`: nothing is reachable by accident.
 */
export type Access = 'public' | 'authenticated' | { roles: readonly Role[] };

export interface Principal {
  userId: string;
  username: string;
  roles: readonly Role[];
  /** The session id (hashed token) or API token id that authenticated the request. */
  credentialId: string;
  via: 'session' | 'token';
}

export interface Authenticator {
  authenticate(request: FastifyRequest): Promise<Principal | undefined>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

export function installAccessControl(app: FastifyInstance, authenticator: Authenticator): void {
  const routes: RouteOptions[] = [];
  app.decorateRequest('principal', undefined);
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.addHook('onReady', async () => {
    const unguarded = routes.filter((r) => !r.config?.access).map((r) => `${String(r.method)} ${r.url}`);
    if (unguarded.length > 0) throw new Error(`Routes without a declared access guard: ${unguarded.join(', ')}`);
  });
  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    request.principal = await authenticator.authenticate(request);
    if (!request.principal) throw platformError('UNAUTHENTICATED');
    if (access !== 'authenticated' && !access.roles.some((role) => request.principal?.roles.includes(role))) {
      throw platformError('FORBIDDEN', {}, { required: access.roles });
    }
  });
}

/**
 * Registers a third-party plugin (docs UI, static files) whose routes are public by nature,
 * declaring that access for each route it adds.
 */
export function declarePublicRoutes(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: route.config?.access ?? 'public' };
  });
}

/** The principal of a request on a guarded route (the guard has already refused anonymous callers). */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw platformError('UNAUTHENTICATED');
  return request.principal;
}

/** What services record about where a command came from (audit: "from which address"). */
export interface RequestContext {
  ip: string | null;
}

export function requestContext(request: FastifyRequest): RequestContext {
  return { ip: request.ip };
}
