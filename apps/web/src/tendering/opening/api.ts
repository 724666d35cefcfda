import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { postCommand } from '../../auction/api';

/**
 * The remote opening (不见面开标) of one section. The server answers free-form JSON here
 * (`OpeningReply`, documented in the tendering README); these types say what the hall reads.
 */
export type OpeningStatus = 'decrypting' | 'fallback' | 'failed' | 'published' | 'closed';
export type BidState = 'sealed' | 'decrypted' | 'deemedRevoked' | 'deemedWithdrawn';

export interface OpeningRecordRow {
  bidId: string;
  bidderId: string;
  bidderName: string;
  price: string | null;
  duration: string | null;
  quality: string | null;
  securityStatus: string;
  decryption: string;
  checkedInAt?: string | null;
}

export interface OpeningRecord {
  bidCount: number;
  rows: OpeningRecordRow[];
  fallback: { used: boolean; shares: number[]; publicKey: string | null };
  ceilingPrice?: string | null;
  floatPoint?: { letter: string; rate: string } | null;
}

export interface SignedOpeningRecord {
  format: string;
  tenderId: string;
  sectionCode: string;
  record: OpeningRecord;
  responses: Array<{ bidderId: string; kind: string; text: string | null; answer: string | null }>;
  closedAt: string;
  closedBy: string;
  signatureAlgorithm: 'SM2-SM3';
  platformPublicKey: string;
  signature: string;
}

export interface OpeningView {
  tenderId: string;
  sectionCode: string;
  status: OpeningStatus;
  bidCount: number;
  minimumBidders: number;
  failureReason: string | null;
  windowEndsAt: string | null;
  bids: Array<{ bidId: string; bidderName: string; state: BidState; method: string | null; causeReason: string | null }>;
  fallback: { shares: number[]; custodians: string[]; publicKey: string; decrypted: string[]; failed: string[] } | null;
  record: OpeningRecord | null;
  responses: Array<{ id: string; bidderId: string; kind: 'confirm' | 'objection'; text: string | null; answer: string | null; answeredAt: string | null }>;
  signedRecord: SignedOpeningRecord | null;
  /** The live hall (present once the server runs it): attendance, the announced ceiling price, the float point draw. */
  checkIns?: Array<{ bidderName: string; checkedInAt: string }>;
  ceilingPrice?: string | null;
  floatPointCommitment?: string | null;
  floatPoint?: { letter: string; rate: string } | null;
}

export const openingBase = (tenderId: string, sectionCode: string) => `/api/tenders/${tenderId}/sections/${encodeURIComponent(sectionCode)}/opening`;

export const openingKeys = {
  view: (tenderId: string, sectionCode: string) => ['tendering', 'opening', tenderId, sectionCode] as const,
};

/** The opening as this participant may see it; null before it starts (OPENING_NOT_STARTED). */
export function useOpening(tenderId: string, sectionCode: string, pollMs: () => number | false) {
  return useQuery({
    queryKey: openingKeys.view(tenderId, sectionCode),
    queryFn: async ({ signal }) => {
      try {
        return (await api.get('/api/tenders/{id}/sections/{sectionCode}/opening', { params: { id: tenderId, sectionCode }, signal })) as unknown as OpeningView;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'OPENING_NOT_STARTED') return null;
        throw error;
      }
    },
    refetchInterval: pollMs,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

/** A staff or bidder step of the opening (Idempotency-Key: a retried click is one step). */
export function openingCommand<T = Record<string, unknown>>(tenderId: string, sectionCode: string, step: string, body: unknown = {}) {
  return postCommand<T>(`${openingBase(tenderId, sectionCode)}${step === '' ? '' : `/${step}`}`, body, crypto.randomUUID());
}

export function myShare(tenderId: string) {
  return api.get('/api/tenders/{id}/opening-key/my-share', { params: { id: tenderId } });
}

export function myBidManifest(bidId: string) {
  return api.get('/api/bids/{bidId}/manifest', { params: { bidId } });
}
