import { type Broadcaster, type BroadcastMessage, consoleEventLogger, type EventLogger, type MessageHandler } from './broadcaster.js';
import { SubscriberQueue } from './subscriber-queue.js';
import { parseTopicPattern, type TopicPattern, topicMatches } from './topic.js';

interface Subscription {
  pattern: TopicPattern;
  queue: SubscriberQueue;
}

/**
 * The embedded-mode broadcaster: a plain registry of subscriptions in this process (no
 * EventEmitter, whose `error` event and listener limits do not fit). `publish` only enqueues to
 * each matching subscriber, so the relay's transaction is never held open by a subscriber.
 */
export function createInProcessBroadcaster(logger: EventLogger = consoleEventLogger): Broadcaster {
  const subscriptions = new Set<Subscription>();
  let closed = false;

  return {
    async publish(message: BroadcastMessage): Promise<void> {
      if (closed) throw new Error('The broadcaster is closed');
      for (const subscription of subscriptions) {
        if (topicMatches(subscription.pattern, message.topic)) subscription.queue.push(message);
      }
    },

    subscribe(topicPattern: string, handler: MessageHandler): () => void {
      const subscription: Subscription = {
        pattern: parseTopicPattern(topicPattern),
        queue: new SubscriberQueue(topicPattern, handler, logger),
      };
      subscriptions.add(subscription);
      return () => {
        subscriptions.delete(subscription);
      };
    },

    async close(): Promise<void> {
      closed = true;
      const pending = [...subscriptions].map((subscription) => subscription.queue.idle());
      subscriptions.clear();
      await Promise.all(pending);
    },
  };
}
