import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type { BodyOf, QueryOf, ResponseOf } from '../api/types';

export type Project = ResponseOf<'/api/projects/{id}', 'get'>;
export type ProjectSummary = ResponseOf<'/api/projects', 'get'>['items'][number];
export type ProjectRegistration = BodyOf<'/api/projects', 'post'>;
export type Timeline = ResponseOf<'/api/projects/{id}/timeline', 'get'>;
export type LifecycleAlert = ResponseOf<'/api/lifecycle/alerts', 'get'>['items'][number];
export type AlertSummary = ResponseOf<'/api/lifecycle/alerts/summary', 'get'>;
export type MustEnterQuery = QueryOf<'/api/catalogue/decision', 'get'>;
export type ProjectStatus = Project['status'];

export const projectKeys = {
  all: ['projects'] as const,
  list: (query: object) => ['projects', 'list', query] as const,
  one: (id: string) => ['projects', 'one', id] as const,
  timeline: (id: string) => ['projects', 'timeline', id] as const,
  alerts: (query: object) => ['projects', 'alerts', query] as const,
  summary: ['projects', 'alerts', 'summary'] as const,
  decision: (query: object) => ['catalogue', 'decision', query] as const,
};

export function useProjects(query: QueryOf<'/api/projects', 'get'>) {
  return useQuery({
    queryKey: projectKeys.list(query),
    queryFn: ({ signal }) => api.get('/api/projects', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useProject(id: string | undefined) {
  return useQuery({
    queryKey: projectKeys.one(id ?? ''),
    enabled: id !== undefined,
    queryFn: ({ signal }) => api.get('/api/projects/{id}', { params: { id: id ?? '' }, signal }),
  });
}

export function useTimeline(id: string | undefined) {
  return useQuery({
    queryKey: projectKeys.timeline(id ?? ''),
    enabled: id !== undefined,
    queryFn: ({ signal }) => api.get('/api/projects/{id}/timeline', { params: { id: id ?? '' }, signal }),
  });
}

/** The catalogue's decision for the facts typed so far; disabled until they are complete. */
export function useMustEnter(query: MustEnterQuery | null) {
  return useQuery({
    queryKey: projectKeys.decision(query ?? {}),
    enabled: query !== null,
    queryFn: ({ signal }) => api.get('/api/catalogue/decision', { query: query ?? {}, signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useRegisterProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ProjectRegistration) => api.post('/api/projects', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: projectKeys.all }),
  });
}

export function useResubmitProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ProjectRegistration }) => api.put('/api/projects/{id}', body, { params: { id } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: projectKeys.all }),
  });
}

export function useReviewProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: BodyOf<'/api/projects/{id}/review', 'post'> }) => api.post('/api/projects/{id}/review', body, { params: { id } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: projectKeys.all }),
  });
}

export function useAlerts(query: QueryOf<'/api/lifecycle/alerts', 'get'>) {
  return useQuery({
    queryKey: projectKeys.alerts(query),
    queryFn: ({ signal }) => api.get('/api/lifecycle/alerts', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useAlertSummary() {
  return useQuery({ queryKey: projectKeys.summary, queryFn: ({ signal }) => api.get('/api/lifecycle/alerts/summary', { signal }) });
}
