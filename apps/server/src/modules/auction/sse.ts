import type { Executor } from '../../platform/db/tables.js';
import type { EventBus } from '../../platform/module.js';
import { auctionRepository as repo } from './auction.repository.js';
import { lotTopic } from './auction.service.js';

/**
 * Live fan-out of lots' event streams over SSE (security.md §9). Per process, one channel per
 * watched lot: ONE broadcaster subscription, the lot's frames in memory (each serialised once,
 * one Buffer written to every connection), and the connections. A channel learns of new events
 * by a poke (the accepting request in this process, right after its commit) or by the
 * broadcaster (events committed on other nodes, relayed from the outbox); either way it reads
 * the committed events after its last seq from the lot's event table, so it never skips,
 * duplicates or reorders, whatever order or how often the notifications come. Work on a channel
 * (loading, catching up, a watcher joining with its Last-Event-ID) runs strictly one after another.
 */
export interface SseSink {
  /** Writes bytes to the connection; false when the socket buffer is full. */
  write(chunk: Buffer): boolean;
  /** Bytes queued but not yet sent (a watcher too slow to keep up is dropped). */
  backlog(): number;
  close(): void;
}

interface Watcher {
  sink: SseSink;
  lastSeq: number;
}

interface Channel {
  lotId: string;
  watchers: Set<Watcher>;
  /** frames[i] is the frame of seq i + 1 (a lot's seq has no gaps). */
  frames: Buffer[];
  work: Promise<void>;
  pending: boolean;
  catchingUp: boolean;
  unsubscribe: () => void;
  idleTimer: NodeJS.Timeout | undefined;
}

export interface LotHubOptions {
  db: Executor;
  events: Pick<EventBus, 'subscribe'>;
  now: () => Date;
  logger?: { error(details: object, message: string): void };
  heartbeatMs?: number;
  /** A watcher with more queued bytes than this is disconnected (it reconnects and replays). */
  maxBacklogBytes?: number;
  /** How long a channel with no watchers keeps its subscription and frames. */
  idleMs?: number;
}

export type LotHub = ReturnType<typeof createLotHub>;

export function frameOf(seq: number, payload: string): Buffer {
  return Buffer.from(`id: ${seq}\ndata: ${payload}\n\n`, 'utf8');
}

export function createLotHub(options: LotHubOptions) {
  const channels = new Map<string, Channel>();
  const maxBacklog = options.maxBacklogBytes ?? 4 * 1024 * 1024;
  let closed = false;

  const heartbeatFrame = () => Buffer.from(`event: heartbeat\ndata: {"serverTime":"${options.now().toISOString()}"}\n\n`, 'utf8');
  const heartbeat = setInterval(() => {
    const data = heartbeatFrame();
    for (const channel of channels.values()) {
      for (const watcher of channel.watchers) send(channel, watcher, data);
      // Safety net: a notification lost on the way (broker restart) is made good within one beat.
      poke(channel.lotId);
    }
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();

  function enqueue(channel: Channel, task: () => Promise<void>): Promise<void> {
    const run = channel.work.then(task).catch((error: unknown) => options.logger?.error({ err: error, lotId: channel.lotId }, 'auction stream channel failed'));
    channel.work = run;
    return run;
  }

  function channelOf(lotId: string): Channel {
    let channel = channels.get(lotId);
    if (channel) return channel;
    const created: Channel = { lotId, watchers: new Set(), frames: [], work: Promise.resolve(), pending: false, catchingUp: false, unsubscribe: () => {}, idleTimer: undefined };
    created.unsubscribe = options.events.subscribe(lotTopic(lotId), () => poke(lotId));
    channels.set(lotId, created);
    // The first catch-up loads every event of the lot so far.
    void enqueue(created, () => catchUp(created));
    return created;
  }

  async function catchUp(channel: Channel): Promise<void> {
    channel.pending = false;
    for (;;) {
      const rows = await repo.eventsAfter(options.db, channel.lotId, channel.frames.length);
      for (const row of rows) {
        const seq = Number(row.seq);
        if (seq !== channel.frames.length + 1) throw new Error(`lot ${channel.lotId}: expected seq ${channel.frames.length + 1}, read ${seq}`);
        const frame = frameOf(seq, row.payload);
        channel.frames.push(frame);
        for (const watcher of channel.watchers) {
          if (watcher.lastSeq < seq) {
            send(channel, watcher, frame);
            watcher.lastSeq = seq;
          }
        }
      }
      if (rows.length < 10_000) return;
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

  /** New committed events may exist for the lot: catch its channel up (coalesced). */
  function poke(lotId: string): void {
    const channel = channels.get(lotId);
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
    async attach(lotId: string, sink: SseSink, lastEventId: number): Promise<() => void> {
      const channel = channelOf(lotId);
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
        if (channel.watchers.size === 0 && channels.get(lotId) === channel && !channel.idleTimer) {
          channel.idleTimer = setTimeout(() => {
            if (channel.watchers.size > 0) return;
            channel.unsubscribe();
            channels.delete(lotId);
          }, options.idleMs ?? 60_000);
          channel.idleTimer.unref();
        }
      };
    },

    /** A frame without an id to every watcher of the lot, with no database work (the benchmark's empty-broadcast baseline). */
    broadcastRaw(lotId: string, data: string): number {
      const channel = channels.get(lotId);
      if (!channel) return 0;
      const frame = Buffer.from(`event: ping\ndata: ${data}\n\n`, 'utf8');
      for (const watcher of channel.watchers) send(channel, watcher, frame);
      return channel.watchers.size;
    },

    watcherCount(lotId: string): number {
      return channels.get(lotId)?.watchers.size ?? 0;
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
