import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Executor, Tx } from '../db/tables.js';
import { runIdempotent, type CommandResult, type TransactionRunner } from '../idempotency/idempotency.js';
import type { Clock } from '../clock.js';
import { requirePrincipal } from './access.js';

/**
 * The one way a route runs a command (a write): in one transaction, and — when the client sends
 * an `Idempotency-Key` header — at most once per key for this user and route, so a client may
 * retry after a timeout without doing the thing twice. A replayed answer carries
 * `Idempotency-Replayed: true`.
 */
export async function runCommand(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: { db: Executor; clock: Clock },
  command: (tx: Tx) => Promise<CommandResult>,
  /** A transaction of its own by default; a group commit's `run` for high-rate logged commands (bid commits). */
  transaction: TransactionRunner = (work) => deps.db.transaction().execute(work),
): Promise<FastifyReply> {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  const result =
    key === undefined
      ? await transaction(command)
      : await runIdempotent(
          deps.db,
          {
            scope: `${requirePrincipal(request).userId} ${request.method} ${request.routeOptions.url ?? request.url}`,
            key,
            body: { params: request.params ?? null, query: request.query ?? null, body: request.body ?? null },
            now: deps.clock.now(),
          },
          command,
          transaction,
        );
  if ('replayed' in result && result.replayed) reply.header('idempotency-replayed', 'true');
  return reply.status(result.statusCode).send(result.body);
}
