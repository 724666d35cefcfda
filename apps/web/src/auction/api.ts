import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, NetworkError, api, getRequestLocale } from '../api/client';
import type { BodyOf, ResponseOf } from '../api/types';

export type Lot = ResponseOf<'/api/auction/lots/{id}', 'get'>;
export type LotStatus = Lot['status'];
export type MyLot = ResponseOf<'/api/auction/lots/{id}/me', 'get'>;
export type Monitor = ResponseOf<'/api/auction/lots/{id}/monitor', 'get'>;
export type TradeInput = BodyOf<'/api/auction/trades', 'post'>;
export type BidAccepted = ResponseOf<'/api/auction/lots/{id}/bids', 'post'>;

export const auctionKeys = {
  calendar: ['auction', 'calendar'] as const,
  lot: (id: string) => ['auction', 'lot', id] as const,
  me: (id: string) => ['auction', 'me', id] as const,
  monitor: (id: string) => ['auction', 'monitor', id] as const,
  mine: ['auction', 'mine'] as const,
};

/**
 * A command with an Idempotency-Key (the shared typed client has no header option): a retry of
 * the same intent sends the same key, so it can never place a second bid.
 */
export async function postCommand<T>(path: string, body: unknown, idempotencyKey?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Accept-Language': getRequestLocale(),
        'Content-Type': 'application/json',
        ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
      },
      body: JSON.stringify(body ?? {}),
    });
  } catch (cause) {
    throw new NetworkError(cause);
  }
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) throw new ApiError(response.status, (parsed ?? {}) as Record<string, string>, `HTTP ${response.status}`);
  return parsed as T;
}

export function useCalendar() {
  return useQuery({ queryKey: auctionKeys.calendar, queryFn: ({ signal }) => api.get('/api/auction/lots', { signal }), refetchInterval: 15_000 });
}

export function useLot(id: string) {
  return useQuery({ queryKey: auctionKeys.lot(id), queryFn: ({ signal }) => api.get('/api/auction/lots/{id}', { params: { id }, signal }) });
}

export function useMyLot(id: string, enabled: boolean) {
  return useQuery({ queryKey: auctionKeys.me(id), queryFn: ({ signal }) => api.get('/api/auction/lots/{id}/me', { params: { id }, signal }), enabled });
}

export function useMyRegistrations() {
  return useQuery({ queryKey: auctionKeys.mine, queryFn: ({ signal }) => api.get('/api/auction/registrations/mine', { signal }) });
}

export function useMonitor(id: string) {
  return useQuery({ queryKey: auctionKeys.monitor(id), queryFn: ({ signal }) => api.get('/api/auction/lots/{id}/monitor', { params: { id }, signal }), refetchInterval: 5_000 });
}

export function useLotCommand<T = unknown>(id: string, action: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { body?: unknown; key?: string }) => postCommand<T>(`/api/auction/lots/${id}/${action}`, input.body ?? {}, input.key),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: ['auction'] });
    },
  });
}

export function useCreateTrade() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TradeInput) => postCommand<ResponseOf<'/api/auction/trades', 'post'>>('/api/auction/trades', body),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: auctionKeys.calendar });
    },
  });
}
