/**
 * The fan-out port. The outbox relay publishes committed events to a Broadcaster; realtime
 * channels (SSE), notifications and cross-module reactions subscribe to it. Embedded mode uses
 * the in-process registry, a fleet uses NATS; callers cannot tell the difference.
 *
 * Delivery is at least once (see outbox-relay.ts): a message can arrive twice after a crash,
 * so every subscriber must be idempotent, for example by remembering the last `id` it handled
 * or by making its effect an upsert.
 */
export interface BroadcastMessage {
  /** The outbox row id (a decimal string): unique, increasing in insertion order. */
  id: string;
  topic: string;
  payload: unknown;
  /** ISO 8601 instant at which the event happened (from the service's clock). */
  occurredAt: string;
}

export type MessageHandler = (message: BroadcastMessage) => Promise<void> | void;

export interface Broadcaster {
  /**
   * Hands the message over for delivery. Resolves when the broadcaster has accepted it (queued
   * in process, or flushed to the NATS server), never waits for subscribers to finish: the
   * relay calls this inside its database transaction, and in embedded mode the pool has one
   * connection that a waiting subscriber could need.
   */
  publish(message: BroadcastMessage): Promise<void>;
  /** `topicPattern`: exact topic, prefix ending in `.*`, or `*`. Returns the unsubscribe function. */
  subscribe(topicPattern: string, handler: MessageHandler): () => void;
  /** Stops accepting messages and waits until handlers have finished what was delivered. */
  close(): Promise<void>;
}

/** The slice of the platform logger (pino via Fastify) that broadcasters and the relay use. */
export interface EventLogger {
  error(details: object, message: string): void;
}

/** Used when no logger is given, so a failing handler is never silent. */
export const consoleEventLogger: EventLogger = {
  error: (details, message) => console.error(message, details),
};
