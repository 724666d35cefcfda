/**
 * Topic names and subscription patterns, shared by every broadcaster so the in-process and the
 * NATS implementations match exactly the same topics.
 *
 * A topic is dotted lower case (`identity.user.registered`). The alphabet is kept to what is a
 * valid NATS subject token, so a topic maps to the subject `ggzy.<topic>` unchanged.
 * A pattern is an exact topic, a prefix ending in `.*` (`identity.*` matches every topic under
 * `identity.`, however deep), or `*` for every topic.
 */
const TOPIC = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;

export function isTopic(value: string): boolean {
  return TOPIC.test(value);
}

export function assertTopic(topic: string): void {
  if (!isTopic(topic)) throw new Error(`Event topic "${topic}" is not dotted lower case like "identity.user.registered"`);
}

/** A parsed pattern: everything, one exact topic, or every topic below a prefix. */
export type TopicPattern = { kind: 'all' } | { kind: 'exact'; topic: string } | { kind: 'prefix'; prefix: string };

export function parseTopicPattern(pattern: string): TopicPattern {
  if (pattern === '*') return { kind: 'all' };
  if (pattern.endsWith('.*')) {
    const prefix = pattern.slice(0, -2);
    assertTopic(prefix);
    return { kind: 'prefix', prefix };
  }
  assertTopic(pattern);
  return { kind: 'exact', topic: pattern };
}

export function topicMatches(pattern: TopicPattern, topic: string): boolean {
  switch (pattern.kind) {
    case 'all':
      return true;
    case 'exact':
      return topic === pattern.topic;
    case 'prefix':
      // `identity.*` must not match `identityx.foo` nor `identity` itself.
      return topic.startsWith(`${pattern.prefix}.`);
  }
}
