import { useEffect, useMemo, useState } from 'react';
import { useEventStream } from '../api/useEventStream';
import type { Lot } from './api';

/** One event of a lot's stream (the server's payload; id = seq). */
export interface LotEvent {
  seq: number;
  kind: string;
  at: string;
  status: Lot['status'];
  price: string | null;
  leaderNo: string | null;
  deadline: string | null;
  bidCount: number;
  amount?: string;
  bidderNo?: string;
  phase?: string;
  reason?: string;
  text?: string;
  outcome?: string;
  winnerNo?: string | null;
  reservePrice?: string | null;
}

export interface LotStream {
  events: LotEvent[];
  /** The state after the last event (null before the first). */
  latest: LotEvent | null;
  connected: boolean;
  /** serverTime − Date.now(), from the last heartbeat or event (countdowns use the server's clock). */
  offsetMs: number;
}

/**
 * Watches a lot over SSE. EventSource reconnects by itself and sends Last-Event-ID, so the
 * server replays exactly what was missed; events are kept in sequence order and a duplicate or
 * out-of-order id is ignored, so a reconnect never shows an offer twice.
 */
export function useLotStream(lotId: string, initialServerTime?: string): LotStream {
  const [events, setEvents] = useState<LotEvent[]>([]);
  const [offsetMs, setOffsetMs] = useState(() => (initialServerTime ? new Date(initialServerTime).getTime() - Date.now() : 0));
  // The caller keys the component by lot, so lotId never changes for one mounted stream.
  const { connected } = useEventStream<LotEvent>(`/api/auction/lots/${encodeURIComponent(lotId)}/events`, {
    seqOf: (event) => event.seq,
    onEvent: (event) => {
      setEvents((previous) => [...previous, event]);
      // The server's clock is at least at the event's commit time (keeps countdowns right when it jumps ahead).
      const atLeast = new Date(event.at).getTime() - Date.now();
      setOffsetMs((offset) => Math.max(offset, atLeast));
    },
    onHeartbeat: ({ serverTime }) => setOffsetMs(new Date(serverTime).getTime() - Date.now()),
  });

  return useMemo(() => ({ events, latest: events.at(-1) ?? null, connected, offsetMs }), [events, connected, offsetMs]);
}

/** Milliseconds until `deadline` by the server's clock, ticking every 250 ms. */
export function useRemaining(deadline: string | null, offsetMs: number): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  if (!deadline) return null;
  return Math.max(0, new Date(deadline).getTime() - (now + offsetMs));
}

export function formatRemaining(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const days = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const hms = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return days > 0 ? `${days}d ${hms}` : hms;
}
