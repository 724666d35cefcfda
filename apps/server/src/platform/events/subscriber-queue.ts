import type { BroadcastMessage, EventLogger, MessageHandler } from './broadcaster.js';

/**
 * Runs one subscriber's handler over its messages strictly one after another, so a subscriber
 * sees events in the order they were published even when its handler is async, and a slow
 * subscriber delays only itself. A handler error is logged and the queue moves on: one broken
 * subscriber must never stop the relay or the other subscribers.
 */
export class SubscriberQueue {
  #tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly pattern: string,
    private readonly handler: MessageHandler,
    private readonly logger: EventLogger,
  ) {}

  push(message: BroadcastMessage): void {
    this.#tail = this.#tail.then(() => this.#deliver(message));
  }

  /** Resolves once every message pushed so far has been handled. */
  idle(): Promise<void> {
    return this.#tail;
  }

  async #deliver(message: BroadcastMessage): Promise<void> {
    try {
      await this.handler(message);
    } catch (error) {
      this.logger.error(
        { err: error, topic: message.topic, eventId: message.id, pattern: this.pattern },
        'event subscriber failed; the event is not redelivered to it',
      );
    }
  }
}
