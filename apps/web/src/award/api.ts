import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { canonicalJson } from '@ggzy/contracts';
import { api, ApiError } from '../api/client';
import type { ResponseOf } from '../api/types';
import { postCommand } from '../auction/api';
import { fromBase64, utf8 } from '../crypto/encoding';
import { verifySm2Der } from '../crypto/transparency';

/**
 * Candidate publicity, objections, the award decision and the signed award notice of one
 * section (award README). The participants' view is free-form JSON on the server; the fields
 * the pages read are typed here.
 */
export type Publicity = ResponseOf<'/api/tenders/{id}/sections/{sectionCode}/award/publicity', 'get'>;
export type AwardResult = ResponseOf<'/api/tenders/{id}/sections/{sectionCode}/award/result', 'get'>;

export interface AwardCandidate {
  rank: number;
  bidderId?: string;
  bidderName: string;
  price: string;
  score: string | null;
}

export interface AwardObjection {
  id: string;
  text: string;
  raisedAt: string;
  objectorName: string;
  replyDue: string;
  reply: string | null;
  repliedAt: string | null;
  isBidder: boolean;
}

export interface AwardView {
  tenderId: string;
  sectionCode: string;
  sector: string;
  state: 'publicity' | 'suspended' | 'awarded' | 'failed' | 'retendered';
  orderBinds: boolean;
  candidates: AwardCandidate[];
  report: { sm3: string; logIndex: number | null; receivedAt: string };
  publicity: { startsAt: string; endsAt: string; running: boolean; suspended: boolean } | null;
  objections: AwardObjection[];
  passedOver: Array<{ rank: number; reason: string; reasonText: string; note: string }>;
  winnerRank: number | null;
  noticeIssuedAt: string | null;
  failureReason: string | null;
  /** The new draft tender when a failed section was tendered again. */
  retenderTenderId: string | null;
  deadlines: Array<{ what: string; due: string | null; article: string }>;
}

export interface NoticeReply {
  notice: Record<string, unknown> & { signature: string; platformPublicKey: string; noticeId: string };
  status: 'issued' | 'revoked';
  logIndex: number;
  leafHashSm3: string;
}

const base = (tenderId: string, sectionCode: string) => `/api/tenders/${tenderId}/sections/${encodeURIComponent(sectionCode)}/award`;
export const awardKeys = {
  all: ['award'] as const,
  view: (t: string, s: string) => ['award', 'view', t, s] as const,
  publicity: (t: string, s: string) => ['award', 'publicity', t, s] as const,
  result: (t: string, s: string) => ['award', 'result', t, s] as const,
  notice: (t: string, s: string) => ['award', 'notice', t, s] as const,
};

/** The view, or null while the award has not started (no publicity yet, `AWARD_NOT_STARTED`). */
export function useAward(tenderId: string, sectionCode: string) {
  return useQuery({
    queryKey: awardKeys.view(tenderId, sectionCode),
    queryFn: async ({ signal }) => {
      try {
        return (await api.get('/api/tenders/{id}/sections/{sectionCode}/award', { params: { id: tenderId, sectionCode }, signal })) as unknown as AwardView;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'AWARD_NOT_STARTED') return null;
        throw error;
      }
    },
    retry: false,
  });
}

const orNull = async <T>(read: () => Promise<T>): Promise<T | null> => {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) return null;
    throw error;
  }
};

export function usePublicity(tenderId: string, sectionCode: string) {
  return useQuery({
    queryKey: awardKeys.publicity(tenderId, sectionCode),
    queryFn: ({ signal }) => orNull(() => api.get('/api/tenders/{id}/sections/{sectionCode}/award/publicity', { params: { id: tenderId, sectionCode }, signal })),
  });
}

export function useAwardResult(tenderId: string, sectionCode: string) {
  return useQuery({
    queryKey: awardKeys.result(tenderId, sectionCode),
    queryFn: ({ signal }) => orNull(() => api.get('/api/tenders/{id}/sections/{sectionCode}/award/result', { params: { id: tenderId, sectionCode }, signal })),
  });
}

export function useNotice(tenderId: string, sectionCode: string, enabled: boolean) {
  return useQuery({
    queryKey: awardKeys.notice(tenderId, sectionCode),
    enabled,
    queryFn: ({ signal }) => orNull(async () => (await api.get('/api/tenders/{id}/sections/{sectionCode}/award/notice', { params: { id: tenderId, sectionCode }, signal })) as unknown as NoticeReply),
  });
}

/** One award command (publicity, objection, reply, decision) with a fresh Idempotency-Key. */
export function useAwardCommand(tenderId: string, sectionCode: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { path: string; body?: unknown }) => postCommand<unknown>(`${base(tenderId, sectionCode)}${input.path}`, input.body ?? {}, crypto.randomUUID()),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: awardKeys.all });
    },
  });
}

export interface NoticeCheck {
  /** The SM2 signature over the canonical JSON, checked here with the platform key the server publishes. */
  signatureValid: boolean;
  /** The platform key in the notice is the published one. */
  keyMatches: boolean;
  /** The server's answer: the same signature is in the transparency log, and the notice's status. */
  logged: boolean;
  status: string | null;
  logIndex: number | null;
}

const normalise = (key: string) => key.toLowerCase().replace(/^04/, '');

/** Verifies a downloaded award notice: locally (SM2 over RFC 8785 JSON) and against the log through the server. */
export async function checkNotice(notice: NoticeReply['notice']): Promise<NoticeCheck> {
  const { signature, ...unsigned } = notice;
  const key = await api.get('/api/award/notice-key');
  const signatureValid = verifySm2Der(utf8(canonicalJson(unsigned)), fromBase64(signature), notice.platformPublicKey);
  const server = await api.post('/api/award/notice-verification', { notice });
  return { signatureValid, keyMatches: normalise(key.publicKey) === normalise(notice.platformPublicKey), logged: server.valid, status: server.status, logIndex: server.logIndex };
}
