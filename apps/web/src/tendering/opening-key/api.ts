import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { BodyOf, ResponseOf } from '../../api/types';
import { tenderKeys } from '../api';

export type OpeningKey = ResponseOf<'/api/tenders/{id}/opening-key', 'get'>;
export type PublishedCustodian = OpeningKey['custodians'][number];
export type Candidate = ResponseOf<'/api/tenders/{id}/opening-key/candidates', 'get'>['items'][number];
export type CeremonyBody = BodyOf<'/api/tenders/{id}/opening-key', 'post'>;

const keys = {
  key: (id: string) => ['tendering', 'opening-key', id] as const,
  candidates: (id: string) => ['tendering', 'opening-key', id, 'candidates'] as const,
};

/** The published opening key and its custodians; asked for only once the tender says the ceremony was held (`openingKeyAt`). */
export function useOpeningKey(tenderId: string, held: boolean) {
  return useQuery({
    queryKey: keys.key(tenderId),
    enabled: held,
    queryFn: ({ signal }) => api.get('/api/tenders/{id}/opening-key', { params: { id: tenderId }, signal }),
  });
}

export function useCandidates(tenderId: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.candidates(tenderId),
    enabled,
    queryFn: async ({ signal }) => (await api.get('/api/tenders/{id}/opening-key/candidates', { params: { id: tenderId }, signal })).items,
  });
}

export function useRunCeremony(tenderId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CeremonyBody) => api.post('/api/tenders/{id}/opening-key', body, { params: { id: tenderId } }),
    // The tender's openingKeyAt changes with it.
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: keys.key(tenderId) }), client.invalidateQueries({ queryKey: tenderKeys.managed(tenderId) })]),
  });
}
