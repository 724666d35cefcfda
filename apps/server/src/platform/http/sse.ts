import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { StreamHub } from '../events/stream-hub.js';

/** The query of an SSE route: `?lastEventId=` for clients that cannot set the Last-Event-ID header. */
export const LastEventIdQuery = Type.Object({ lastEventId: Type.Optional(Type.Integer({ minimum: 0 })) });

/** The seq the client has seen: the Last-Event-ID header (what EventSource sends on reconnect), else the query, else 0. */
export function lastEventIdOf(request: FastifyRequest): number {
  const header = request.headers['last-event-id'];
  const fromHeader = Number(Array.isArray(header) ? header[0] : header);
  if (header !== undefined && Number.isInteger(fromHeader) && fromHeader >= 0) return fromHeader;
  const query = (request.query as { lastEventId?: number } | undefined)?.lastEventId;
  return query ?? 0;
}

/**
 * Turns the request into a text/event-stream of the hub's stream `key`: replay after the
 * client's last seq, then live frames until either side closes. Access checks come first, in
 * the route: once this runs the reply is hijacked and errors can no longer be sent as JSON.
 */
export async function serveEventStream(request: FastifyRequest, reply: FastifyReply, hub: Pick<StreamHub, 'attach'>, key: string): Promise<void> {
  const lastEventId = lastEventIdOf(request);
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write(`retry: 2000\n\n`);
  raw.socket?.setNoDelay(true);
  let open = true;
  const detach = await hub.attach(
    key,
    {
      write: (chunk) => (open ? raw.write(chunk) : false),
      backlog: () => raw.writableLength,
      close: () => {
        open = false;
        raw.end();
      },
    },
    lastEventId,
  );
  // The client may have gone while the replay was prepared.
  if (request.raw.destroyed || raw.destroyed) {
    open = false;
    detach();
    return;
  }
  request.raw.on('close', () => {
    open = false;
    detach();
  });
}
