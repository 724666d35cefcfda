import { useEffect, useRef, useState } from 'react';

export interface EventStreamState {
  /** The stream is open (or an event just arrived). */
  connected: boolean;
  /** The server refused the stream for good (e.g. 404/403): EventSource gives up; the caller may poll instead. */
  failed: boolean;
}

/**
 * Watches a server-sent event stream. EventSource reconnects by itself and sends Last-Event-ID,
 * so the server replays exactly what was missed; an event whose sequence number is not above the
 * last one seen (a replayed duplicate) is dropped, so a reconnect never delivers an event twice.
 * `url` null = not watching. Handlers may change between renders; the stream is keyed by `url`.
 */
export function useEventStream<T>(
  url: string | null,
  handlers: {
    onEvent: (event: T) => void;
    /** The event's sequence number; default: the SSE id. */
    seqOf?: (event: T, id: string) => number;
    onHeartbeat?: (data: { serverTime: string }) => void;
  },
): EventStreamState {
  // State is kept per URL, so a new URL starts neither connected nor failed.
  const [connectedUrl, setConnectedUrl] = useState<string | null>(null);
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    if (url === null) return;
    let lastSeq = 0;
    const source = new EventSource(url);
    const setConnected = (on: boolean) => setConnectedUrl((current) => (on ? url : current === url ? null : current));
    source.addEventListener('open', () => setConnected(true));
    source.addEventListener('error', () => {
      setConnected(false);
      if (source.readyState === EventSource.CLOSED) setFailedUrl(url);
    });
    source.addEventListener('message', (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as T;
      const seq = latest.current.seqOf ? latest.current.seqOf(event, message.lastEventId) : Number(message.lastEventId);
      if (seq <= lastSeq) return;
      lastSeq = seq;
      setConnected(true);
      latest.current.onEvent(event);
    });
    source.addEventListener('heartbeat', (message: MessageEvent<string>) => {
      latest.current.onHeartbeat?.(JSON.parse(message.data) as { serverTime: string });
    });
    return () => source.close();
  }, [url]);

  return { connected: url !== null && connectedUrl === url, failed: url !== null && failedUrl === url };
}
