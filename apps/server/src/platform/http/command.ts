import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Executor, Tx } from '../db/tables.js';
import { type CommandResult, type IdempotentRequest, type IdempotentResult, runIdempotent } from '../idempotency/idempotency.js';
import type { Clock } from '../clock.js';
import { requirePrincipal } from './access.js';

/**
 * The one way a route runs a command (a write): in one transaction, and — when the client sends
 * an `Idempotency-Key` header — at most once per key for this user and route, so a client may
 * retry after a timeout without doing the thing twice. A replayed answer carries
 * `Idempotency-Replayed: true`.
 */
export async function runCommand(request: FastifyRequest, reply: FastifyReply, deps: { db: Executor; clock: Clock }, command: (tx: Tx) => Promise<CommandResult>): Promise<FastifyReply> {
  const idempotent = idempotentRequest(request, deps.clock);
  const result = idempotent ? await runIdempotent(deps.db, idempotent, command) : await deps.db.transaction().execute(command);
  return sendResult(reply, result);
}

/** The request's Idempotency-Key claim: scoped to the user and the route, over params, query and body. */
export function idempotentRequest(request: FastifyRequest, clock: Clock): IdempotentRequest | undefined {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined) return undefined;
  return {
    scope: `${requirePrincipal(request).userId} ${request.method} ${request.routeOptions.url ?? request.url}`,
    key,
    body: { params: request.params ?? null, query: request.query ?? null, body: request.body ?? null },
    now: clock.now(),
  };
}

/** Sends a command's answer, marking a replay. */
export function sendResult(reply: FastifyReply, result: CommandResult | IdempotentResult): FastifyReply {
  if ('replayed' in result && result.replayed) reply.header('idempotency-replayed', 'true');
  return reply.status(result.statusCode).send(result.body);
}
