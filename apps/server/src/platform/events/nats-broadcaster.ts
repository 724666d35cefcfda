import { connect, type Msg } from '@nats-io/transport-node';
import { type Broadcaster, type BroadcastMessage, consoleEventLogger, type EventLogger, type MessageHandler } from './broadcaster.js';
import { SubscriberQueue } from './subscriber-queue.js';
import { assertTopic, parseTopicPattern, type TopicPattern } from './topic.js';

/** Every platform subject lives under this root so other tenants of the NATS server are not matched by `*`. */
const SUBJECT_ROOT = 'ggzy';

/** The NATS broadcaster adds `flush` so a caller (or a test) can know its subscriptions reached the server. */
export interface NatsBroadcaster extends Broadcaster {
  flush(): Promise<void>;
}

export interface NatsBroadcasterOptions {
  logger?: EventLogger;
  /** Shown in the NATS server's connection list (`nats server report connections`). */
  connectionName?: string;
}

/**
 * The fleet-mode broadcaster over NATS core publish/subscribe: every node's relay publishes to
 * `ggzy.<topic>` and every node's subscribers receive every message, so a browser connected to
 * any node sees every event. Core NATS keeps nothing: a node that is down misses messages, which
 * is acceptable because realtime clients replay from the database by `Last-Event-ID`; anything
 * that must not miss an event reacts through the outbox in its own process, or (later) through
 * JetStream.
 */
export async function createNatsBroadcaster(url: string, options: NatsBroadcasterOptions = {}): Promise<NatsBroadcaster> {
  const logger = options.logger ?? consoleEventLogger;
  // Retry for ever: a node must survive a NATS restart without being restarted itself.
  const connection = await connect({ servers: url, name: options.connectionName ?? 'ggzy', maxReconnectAttempts: -1 });
  const queues = new Set<SubscriberQueue>();

  return {
    async publish(message: BroadcastMessage): Promise<void> {
      assertTopic(message.topic);
      connection.publish(`${SUBJECT_ROOT}.${message.topic}`, JSON.stringify(message));
      // Wait for the server's PONG so "published" means the server has the message before the
      // relay marks the outbox row as published; a lost connection then fails the batch and the
      // relay retries it (at least once) instead of silently dropping it.
      await connection.flush();
    },

    subscribe(topicPattern: string, handler: MessageHandler): () => void {
      const queue = new SubscriberQueue(topicPattern, handler, logger);
      queues.add(queue);
      const subscription = connection.subscribe(subjectFor(parseTopicPattern(topicPattern)), {
        callback: (error, msg) => {
          if (error) {
            logger.error({ err: error, pattern: topicPattern }, 'NATS subscription failed');
            return;
          }
          const message = decode(msg);
          if (message) queue.push(message);
          else logger.error({ subject: msg.subject }, 'ignoring a NATS message that is not a platform event');
        },
      });
      return () => {
        subscription.unsubscribe();
        queues.delete(queue);
      };
    },

    flush: () => connection.flush(),

    async close(): Promise<void> {
      // drain() delivers what the server already sent, flushes our outbound buffer, then closes.
      if (!connection.isClosed() && !connection.isDraining()) await connection.drain();
      await Promise.all([...queues].map((queue) => queue.idle()));
      queues.clear();
    },
  };
}

/** `*` → `ggzy.>`, `identity.*` → `ggzy.identity.>` (any depth), exact → `ggzy.<topic>`. */
function subjectFor(pattern: TopicPattern): string {
  switch (pattern.kind) {
    case 'all':
      return `${SUBJECT_ROOT}.>`;
    case 'prefix':
      return `${SUBJECT_ROOT}.${pattern.prefix}.>`;
    case 'exact':
      return `${SUBJECT_ROOT}.${pattern.topic}`;
  }
}

/** Messages come from the network: check the shape instead of trusting it. */
function decode(msg: Msg): BroadcastMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(msg.string());
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (!('id' in value && 'topic' in value && 'payload' in value && 'occurredAt' in value)) return undefined;
  const { id, topic, payload, occurredAt } = value;
  if (typeof id !== 'string' || typeof topic !== 'string' || typeof occurredAt !== 'string') return undefined;
  return { id, topic, payload, occurredAt };
}
