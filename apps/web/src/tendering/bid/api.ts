import { useQuery } from '@tanstack/react-query';
import { api, ApiError, getRequestLocale, NetworkError } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { postCommand } from '../../auction/api';

/** Bidding calls of the bid pages (bid-uploads, commit, withdraw, receipts) and the log look-ups a receipt check needs. */
export type Tender = ResponseOf<'/api/tenders/{id}', 'get'>;
export type MyBid = ResponseOf<'/api/tenders/{id}/my-bids', 'get'>['items'][number];
export type BidReceipt = ResponseOf<'/api/bid-uploads/{uploadId}/commit', 'post'>;
export type UploadStatus = ResponseOf<'/api/bid-uploads/{uploadId}', 'get'>;
export type BidUpload = ResponseOf<'/api/tenders/{id}/sections/{sectionCode}/bid-uploads', 'post'>;

export const bidKeys = {
  published: ['tendering', 'published'] as const,
  tender: (id: string) => ['tendering', 'tender', id] as const,
  myBids: (id: string) => ['tendering', 'my-bids', id] as const,
  registration: (id: string) => ['tendering', 'registration', id] as const,
};

export function usePublishedTenders() {
  return useQuery({ queryKey: bidKeys.published, queryFn: ({ signal }) => api.get('/api/tenders', { query: { scope: 'published', limit: 100 }, signal }) });
}

export function useTender(id: string) {
  return useQuery({ queryKey: bidKeys.tender(id), queryFn: ({ signal }) => api.get('/api/tenders/{id}', { params: { id }, signal }) });
}

export function useMyBids(tenderId: string) {
  return useQuery({ queryKey: bidKeys.myBids(tenderId), queryFn: ({ signal }) => api.get('/api/tenders/{id}/my-bids', { params: { id: tenderId }, signal }) });
}

export function useMyRegistration(tenderId: string) {
  return useQuery({
    queryKey: bidKeys.registration(tenderId),
    queryFn: ({ signal }) => api.get('/api/tenders/{id}/documents/registration', { params: { id: tenderId }, signal }),
  });
}

export function openingKey(tenderId: string) {
  return api.get('/api/tenders/{id}/opening-key', { params: { id: tenderId } });
}

export function startUpload(tenderId: string, sectionCode: string, idempotencyKey: string) {
  return postCommand<BidUpload>(`/api/tenders/${tenderId}/sections/${encodeURIComponent(sectionCode)}/bid-uploads`, {}, idempotencyKey);
}

export function uploadStatus(uploadId: string) {
  return api.get('/api/bid-uploads/{uploadId}', { params: { uploadId } });
}

/** One chunk as raw bytes with its SM3 (X-Chunk-Sm3); the server stores it only if the hash matches. */
export async function putChunk(uploadId: string, index: number, bytes: Uint8Array, sm3Hex: string, signal?: AbortSignal): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api/bid-uploads/${uploadId}/chunks/${index}`, {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/octet-stream', 'X-Chunk-Sm3': sm3Hex, 'Accept-Language': getRequestLocale() },
      body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
      signal: signal ?? null,
    });
  } catch (cause) {
    throw new NetworkError(cause);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as Record<string, string>;
    throw new ApiError(response.status, body, `HTTP ${response.status}`);
  }
}

export function commitBid(uploadId: string, body: unknown, idempotencyKey: string) {
  return postCommand<BidReceipt>(`/api/bid-uploads/${uploadId}/commit`, body, idempotencyKey);
}

export function withdrawBid(bidId: string, idempotencyKey: string) {
  return postCommand<ResponseOf<'/api/bids/{bidId}/withdraw', 'post'>>(`/api/bids/${bidId}/withdraw`, {}, idempotencyKey);
}

export function bidReceipt(bidId: string) {
  return api.get('/api/bids/{bidId}/receipt', { params: { bidId } });
}
