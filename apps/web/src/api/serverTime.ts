import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from './client';

/**
 * The server's clock in the page. Deadlines are decided by server time (security.md §8), and a
 * device's clock may be off by minutes: countdowns and deadlines a page proposes use this.
 */

/** Milliseconds to add to this device's clock to get the server's, from one request: the answer is taken to be stamped halfway through it. */
export function clockOffset(askedAt: number, answeredAt: number, serverTime: string): number {
  return Date.parse(serverTime) - Math.round((askedAt + answeredAt) / 2);
}

/** The offset to the server's clock (0 until known). */
export function useServerOffset(): number {
  const offset = useQuery({
    queryKey: ['platform', 'server-time'],
    queryFn: async ({ signal }) => {
      const askedAt = Date.now();
      const reply = await api.get('/api/time', { signal });
      return clockOffset(askedAt, Date.now(), reply.serverTime);
    },
    staleTime: 5 * 60_000,
  });
  return offset.data ?? 0;
}

/** "Now" by the server's clock, ticking each second. */
export function useServerNow(): number {
  const offset = useServerOffset();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return now + offset;
}
