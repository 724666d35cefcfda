import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';

/**
 * Milliseconds to add to this device's clock to get the server's: deadlines (a bidder's answer,
 * the publicity) are the server's, and a device clock may be off. Read from the tendering rules
 * endpoint, which states the server time.
 */
export function useServerOffset(): number {
  const rules = useQuery({
    queryKey: ['evaluation', 'server-time'],
    queryFn: async ({ signal }) => {
      const asked = Date.now();
      const reply = await api.get('/api/tendering/rules', { query: { procedureType: 'engineeringOpen' }, signal });
      return Date.parse(reply.serverTime) - Math.round((asked + Date.now()) / 2);
    },
    staleTime: 60_000,
  });
  return rules.data ?? 0;
}
