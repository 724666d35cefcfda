import type { Executor } from '../db/tables.js';
import type { EventBus } from '../module.js';

/**
 * Live fan-out of numbered event streams over SSE (security.md §9): an auction lot, an opening
 * hall. Per process, one channel per watched stream: ONE broadcaster subscription, the stream's
 * frames in memory (each serialised once, one Buffer written to every connection), and the
 * connections. A channel learns of new events by a poke (the accepting request in this process,
 * right after its commit) or by the broadcaster (events committed on other nodes, relayed from
 * the outbox); either way it reads the committed events after its last seq from the stream's
 * event table, so it never skips, duplicates or reorders, whatever order or how often the
 * notifications come. Work on a channel (loading, catching up, a watcher joining with its
 * Last-Event-ID) runs strictly one after another.
 *
 * The owner of a stream guarantees: seq starts at 1 and has no gaps, and an event with seq n+1
 * is never committed before the one with seq n (e.g. both are written under the same row lock).
 */
export interface SseSink {
  /** Writes bytes to the connection; false when the socket buffer is full. */
  write(chunk: Buffer): boolean;
  /** Bytes queued but not yet sent (a watcher too slow to keep up is dropped). */
  backlog(): number;
  close(): void;
}

/** A committed event: its seq and its payload, already the JSON text the client receives. */
export interface StreamEventRow {
  seq: number | string | bigint;
  payload: string;
}

interface Watcher {
  sink: SseSink;
  lastSeq: number;
}

interface Channel {
  key: string;
  watchers: Set<Watcher>;
  /** frames[i] is the frame of seq i + 1. */
  frames: Buffer[];
  work: Promise<void>;
  pending: boolean;
  unsubscribe: () => void;
  idleTimer: NodeJS.Timeout | undefined;
}

export interface StreamHubOptions {
  /** For log lines ('auction lot', 'opening hall'). */
  name: string;
  db: Executor;
  events: Pick<EventBus, 'subscribe'>;
  /** The outbox topic the stream's writer publishes to after each batch of events. */
  topicOf(key: string): string;
  /** Committed events with seq > afterSeq, in seq order, at most `limit`. */
  eventsAfter(db: Executor, key: string, afterSeq: number, limit: number): Promise<readonly StreamEventRow[]>;
  now: () => Date;
  logger?: { error(details: object, message: string): void };
  heartbeatMs?: number;
  /** A watcher with more queued bytes than this is disconnected (it reconnects and replays). */
  maxBacklogBytes?: number;
  /** How long a channel with no watchers keeps its subscription and frames. */
  idleMs?: number;
}

export type StreamHub = ReturnType<typeof createStreamHub>;

const PAGE = 10_000;

export function frameOf(seq: number, payload: string): Buffer {
  return Buffer.from(`id: ${seq}\ndata: ${payload}\n\n`, 'utf8');
}

export function createStreamHub(options: StreamHubOptions) {
  const channels = new Map<string, Channel>();
  const maxBacklog = options.maxBacklogBytes ?? 4 * 1024 * 1024;
  let closed = false;

  const heartbeatFrame = () => Buffer.from(`event: heartbeat\ndata: {"serverTime":"${options.now().toISOString()}"}\n\n`, 'utf8');
  const heartbeat = setInterval(() => {
    const data = heartbeatFrame();
    for (const channel of channels.values()) {
      for (const watcher of channel.watchers) send(channel, watcher, data);
      // Safety net: a notification lost on the way (broker restart) is made good within one beat.
      poke(channel.key);
    }
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();

  function enqueue(channel: Channel, task: () => Promise<void>): Promise<void> {
    const run = channel.work.then(task).catch((error: unknown) => options.logger?.error({ err: error, stream: channel.key }, `${options.name} stream channel failed`));
    channel.work = run;
    return run;
  }

  function channelOf(key: string): Channel {
    let channel = channels.get(key);
    if (channel) return channel;
    const created: Channel = { key, watchers: new Set(), frames: [], work: Promise.resolve(), pending: false, unsubscribe: () => {}, idleTimer: undefined };
    created.unsubscribe = options.events.subscribe(options.topicOf(key), () => poke(key));
    channels.set(key, created);
    // The first catch-up loads every event of the stream so far.
    void enqueue(created, () => catchUp(created));
    return created;
  }

  async function catchUp(channel: Channel): Promise<void> {
    channel.pending = false;
    for (;;) {
      const rows = await options.eventsAfter(options.db, channel.key, channel.frames.length, PAGE);
      for (const row of rows) {
        const seq = Number(row.seq);
        if (seq !== channel.frames.length + 1) throw new Error(`${options.name} ${channel.key}: expected seq ${channel.frames.length + 1}, read ${seq}`);
        const frame = frameOf(seq, row.payload);
        channel.frames.push(frame);
        for (const watcher of channel.watchers) {
          if (watcher.lastSeq < seq) {
            send(channel, watcher, frame);
            watcher.lastSeq = seq;
          }
        }
      }
      if (rows.length < PAGE) return;
    }
  }

  function send(channel: Channel, watcher: Watcher, frame: Buffer): void {
    if (watcher.sink.backlog() > maxBacklog) {
      channel.watchers.delete(watcher);
      watcher.sink.close();
      return;
    }
    watcher.sink.write(frame);
  }

  /** New committed events may exist for the stream: catch its channel up (coalesced). */
  function poke(key: string): void {
    const channel = channels.get(key);
    if (!channel || closed) return;
    if (channel.pending) return;
    channel.pending = true;
    void enqueue(channel, () => (channel.pending ? catchUp(channel) : Promise.resolve()));
  }

  return {
    poke,

    /**
     * Adds a watcher: replays the frames after `lastEventId` from memory (after the channel
     * has caught up with the table), then delivers live. Returns the detach function.
     */
    async attach(key: string, sink: SseSink, lastEventId: number): Promise<() => void> {
      const channel = channelOf(key);
      if (channel.idleTimer) {
        clearTimeout(channel.idleTimer);
        channel.idleTimer = undefined;
      }
      const watcher: Watcher = { sink, lastSeq: lastEventId };
      await enqueue(channel, async () => {
        await catchUp(channel);
        const missed = channel.frames.slice(Math.max(0, lastEventId));
        // The replay, then the server's time (clients run countdowns on it).
        sink.write(Buffer.concat([...missed, heartbeatFrame()]));
        watcher.lastSeq = Math.max(lastEventId, channel.frames.length);
        channel.watchers.add(watcher);
      });
      return () => {
        channel.watchers.delete(watcher);
        if (channel.watchers.size === 0 && channels.get(key) === channel && !channel.idleTimer) {
          channel.idleTimer = setTimeout(() => {
            if (channel.watchers.size > 0) return;
            channel.unsubscribe();
            channels.delete(key);
          }, options.idleMs ?? 60_000);
          channel.idleTimer.unref();
        }
      };
    },

    /** A frame without an id to every watcher of the stream, with no database work (a benchmark's empty-broadcast baseline). */
    broadcastRaw(key: string, data: string): number {
      const channel = channels.get(key);
      if (!channel) return 0;
      const frame = Buffer.from(`event: ping\ndata: ${data}\n\n`, 'utf8');
      for (const watcher of channel.watchers) send(channel, watcher, frame);
      return channel.watchers.size;
    },

    watcherCount(key: string): number {
      return channels.get(key)?.watchers.size ?? 0;
    },

    /** Ends every stream (the server is closing). */
    async close(): Promise<void> {
      closed = true;
      clearInterval(heartbeat);
      for (const channel of channels.values()) {
        if (channel.idleTimer) clearTimeout(channel.idleTimer);
        channel.unsubscribe();
        await channel.work;
        for (const watcher of channel.watchers) watcher.sink.close();
        channel.watchers.clear();
      }
      channels.clear();
    },
  };
}
