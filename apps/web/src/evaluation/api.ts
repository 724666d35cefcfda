import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type { ResponseOf } from '../api/types';
import { postCommand } from '../auction/api';

/**
 * Expert draws (typed by the generated contract) and the evaluation room, whose replies are
 * free-form JSON on the server (`EvaluationRoom`, documented in the evaluation README); the
 * interfaces below say what the pages read of them.
 */
export type Draw = ResponseOf<'/api/expert-draws/{id}', 'get'>;
export type DrawVerification = ResponseOf<'/api/expert-draws/{id}/verification', 'get'>;
export type Specialty = ResponseOf<'/api/experts/specialties', 'get'>['items'][number];
export type RejectionReason = ResponseOf<'/api/evaluations/rejection-reasons', 'get'>['items'][number];

export type RoomStep = 'chairElection' | 'qualification' | 'preliminary' | 'detailed' | 'priceScore' | 'other' | 'result' | 'signed';
export type ScoringStep = 'qualification' | 'preliminary' | 'detailed' | 'other';
export const SCORING_STEPS: readonly ScoringStep[] = ['qualification', 'preliminary', 'detailed', 'other'];
/** The stepper of the room: the chair vote, the reviews, the price step, the result. */
export const ROOM_STEPS: readonly RoomStep[] = ['chairElection', 'qualification', 'preliminary', 'detailed', 'priceScore', 'other', 'result'];

export type ScoreItem =
  | { id: string; step: ScoringStep; name: string; kind: 'FIXED'; points: string }
  | { id: string; step: ScoringStep; name: string; kind: 'RANGE'; min: string; max: string; scale?: number }
  | { id: string; step: ScoringStep; name: string; kind: 'PASS_FAIL' };

export interface DeviationMethod {
  kind: 'deviation';
  priceScoreTotal: string;
  deductAbovePerPct: string;
  deductBelowPerPct: string;
  floatPoint: 'none' | 'discountBase';
}
export type PriceMethod = DeviationMethod | { kind: 'lowPricePriority'; priceWeightPoints: string } | { kind: 'lowestEvaluatedPrice' };

export interface RankedBid {
  bidId: string;
  rank: number;
  price: string;
  expertScore: string;
  priceScore: string;
  total: string;
  candidate: boolean;
}

export interface BidderRequest {
  id: string;
  bidId: string;
  kind: 'clarification' | 'abnormalLowPrice';
  question: string;
  deadline: string;
  article: string;
  answer: string | null;
  answeredAt: string | null;
  decision: string | null;
  decisionReason: string | null;
  tenderId?: string;
  sectionCode?: string;
}

export interface SignedReport {
  format: string;
  evaluationId: string;
  tenderId: string;
  sectionCode: string;
  committee: Array<{ memberId: string; name: string; kind: string; chair: boolean }>;
  bids: Array<{ bidId: string; bidderName: string; price: string }>;
  rejections: Array<{ bidId: string; bidderName: string; code: string; article: string; reason: string }>;
  ranking: Array<RankedBid & { bidderName: string }>;
  candidates: Array<{ rank: number; bidId: string; bidderName: string; price: string; total: string }>;
  signatures: Array<{ memberId: string; decision: string; reason: string | null; at: string }>;
  completedAt: string;
  platformPublicKey: string;
  signature: string;
}

export interface Room {
  id: string;
  tenderId: string;
  sectionCode: string;
  procedureType: string;
  status: 'preparing' | 'inProgress' | 'locked';
  step: RoomStep | null;
  viewer: 'member' | 'supervisor' | 'staff';
  me: string;
  chairId: string | null;
  members: Array<{ id: string; kind: 'expert' | 'tendererRepresentative'; name: string; signedInAt: string | null; submitted: ScoringStep[] }>;
  bids: Array<{ bidId: string; bidderId: string; bidderName: string; price: string; rejected: boolean }>;
  opening: { ceilingPrice: string | null; floatPoint: string | null };
  configuration: { items: ScoreItem[]; priceMethod: PriceMethod };
  chairRounds: Array<{ round: number; voted: string[]; outcome: string | null }>;
  /** memberId → itemId → bidId → value; null while the viewer may not see scores. */
  scores: Record<string, Record<string, Record<string, string>>> | null;
  reasons: Record<string, Record<string, Record<string, string>>> | null;
  priceScores: Record<string, { score: string; price: string }> | null;
  ranking: RankedBid[] | null;
  rejections: Array<{ bidId: string; code: string; article: string; reason: string }>;
  requests: BidderRequest[];
  rescoreRequests: Array<{ itemId: string; reason: string; expertIds: string[] }>;
  signatures: Array<{ memberId: string; decision: string; reason: string | null }>;
  signedReport: SignedReport | null;
}

export interface RoomSummary {
  id: string;
  tenderId: string;
  sectionCode: string;
  status: Room['status'];
  step: RoomStep | null;
  createdAt: string;
}

export const evaluationKeys = {
  all: ['evaluation'] as const,
  draws: ['evaluation', 'draws'] as const,
  draw: (id: string) => ['evaluation', 'draws', id] as const,
  verification: (id: string) => ['evaluation', 'verification', id] as const,
  rooms: ['evaluation', 'rooms'] as const,
  room: (id: string) => ['evaluation', 'rooms', id] as const,
  requests: ['evaluation', 'requests'] as const,
};

export function useSpecialties() {
  return useQuery({ queryKey: ['evaluation', 'specialties'], queryFn: async ({ signal }) => (await api.get('/api/experts/specialties', { signal })).items, staleTime: Infinity });
}

export function useDraws() {
  return useQuery({ queryKey: evaluationKeys.draws, queryFn: async ({ signal }) => (await api.get('/api/expert-draws', { signal })).items });
}

export function useDraw(id: string) {
  return useQuery({ queryKey: evaluationKeys.draw(id), queryFn: ({ signal }) => api.get('/api/expert-draws/{id}', { params: { id }, signal }) });
}

export function useDrawVerification(id: string) {
  return useQuery({ queryKey: evaluationKeys.verification(id), queryFn: ({ signal }) => api.get('/api/expert-draws/{id}/verification', { params: { id }, signal }), retry: false });
}

export function useRooms() {
  return useQuery({
    queryKey: evaluationKeys.rooms,
    queryFn: async ({ signal }) => ((await api.get('/api/evaluations', { signal })) as unknown as { items: RoomSummary[] }).items,
  });
}

/** The room polls: other members' submissions, the chair's moves and the staff's start arrive without a reload. */
export function useRoom(id: string) {
  return useQuery({
    queryKey: evaluationKeys.room(id),
    queryFn: async ({ signal }) => (await api.get('/api/evaluations/{id}', { params: { id }, signal })) as unknown as Room,
    refetchInterval: 2_000,
  });
}

export function useRejectionReasons() {
  return useQuery({ queryKey: ['evaluation', 'rejection-reasons'], queryFn: async ({ signal }) => (await api.get('/api/evaluations/rejection-reasons', { signal })).items, staleTime: Infinity });
}

export function useBidderRequests() {
  return useQuery({
    queryKey: evaluationKeys.requests,
    queryFn: async ({ signal }) => ((await api.get('/api/evaluation-requests', { signal })) as unknown as { items: BidderRequest[] }).items,
    refetchInterval: 10_000,
  });
}

/** One command of the draw or the room: POST with a fresh Idempotency-Key, then refresh what it changed. */
export function useEvaluationCommand<T = unknown>() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { path: string; body?: unknown }) => postCommand<T>(input.path, input.body ?? {}, crypto.randomUUID()),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: evaluationKeys.all });
    },
  });
}
