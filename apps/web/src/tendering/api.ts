import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type { BodyOf, ResponseOf } from '../api/types';

export type Tender = ResponseOf<'/api/tenders/{id}', 'get'>;
export type TenderStatus = Tender['status'];
export type ProcedureType = Tender['procedureType'];
export type TenderSection = Tender['sections'][number];
export type TenderInput = BodyOf<'/api/tenders', 'post'>;
export type TenderRules = ResponseOf<'/api/tendering/rules', 'get'>;
export type Clarification = ResponseOf<'/api/tenders/{id}/clarifications', 'get'>['items'][number];
export type Objection = ResponseOf<'/api/tenders/{id}/objections', 'get'>['items'][number];
export type TenderNotification = ResponseOf<'/api/tendering/notifications', 'get'>['items'][number];
export type SecurityKind = TenderSection['security']['kind'];

/** The part of a procedure row (`GET /api/procedures`, served untyped) the pages use. */
export interface ProcedureRow {
  type: ProcedureType;
  nameZh: string;
  sector: Tender['sector'];
  byInvitation: boolean;
}

export const tenderKeys = {
  all: ['tendering'] as const,
  procedures: ['tendering', 'procedures'] as const,
  rules: (type: string) => ['tendering', 'rules', type] as const,
  list: (scope: string) => ['tendering', 'list', scope] as const,
  managed: (id: string) => ['tendering', 'managed', id] as const,
  public: (id: string) => ['tendering', 'public', id] as const,
  clarifications: (id: string) => ['tendering', 'clarifications', id] as const,
  objections: (id: string) => ['tendering', 'objections', id] as const,
  registration: (id: string) => ['tendering', 'registration', id] as const,
  notifications: ['tendering', 'notifications'] as const,
};

export function useProcedures() {
  return useQuery({
    queryKey: tenderKeys.procedures,
    queryFn: async ({ signal }) => (await api.get('/api/procedures', { signal })).items as ProcedureRow[],
    staleTime: Infinity,
  });
}

/** The statutory rules for a procedure, by server time (refreshed each minute: "today" moves). */
export function useTenderRules(procedureType: ProcedureType | undefined) {
  return useQuery({
    queryKey: tenderKeys.rules(procedureType ?? ''),
    enabled: procedureType !== undefined,
    queryFn: ({ signal }) => api.get('/api/tendering/rules', { query: { procedureType: procedureType ?? 'engineeringOpen' }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

export function useTenders(scope: 'mine' | 'review' | 'published') {
  return useQuery({
    queryKey: tenderKeys.list(scope),
    queryFn: ({ signal }) => api.get('/api/tenders', { query: { scope, limit: 100 }, signal }),
  });
}

/** A tender as its owner, centre staff or a supervisor see it (drafts too). */
export function useManagedTender(id: string) {
  return useQuery({ queryKey: tenderKeys.managed(id), queryFn: ({ signal }) => api.get('/api/tenders/{id}/manage', { params: { id }, signal }) });
}

/** A published tender, as anyone reads it. */
export function usePublicTender(id: string) {
  return useQuery({ queryKey: tenderKeys.public(id), queryFn: ({ signal }) => api.get('/api/tenders/{id}', { params: { id }, signal }), retry: false });
}

export function useClarifications(id: string, enabled = true) {
  return useQuery({
    queryKey: tenderKeys.clarifications(id),
    enabled,
    queryFn: async ({ signal }) => (await api.get('/api/tenders/{id}/clarifications', { params: { id }, signal })).items,
  });
}

export function useObjections(id: string, enabled: boolean) {
  return useQuery({
    queryKey: tenderKeys.objections(id),
    enabled,
    queryFn: async ({ signal }) => (await api.get('/api/tenders/{id}/objections', { params: { id }, signal })).items,
  });
}

export function useMyRegistration(id: string, enabled: boolean) {
  return useQuery({
    queryKey: tenderKeys.registration(id),
    enabled,
    queryFn: ({ signal }) => api.get('/api/tenders/{id}/documents/registration', { params: { id }, signal }),
  });
}

/** My notifications (deadline moved, clarification, objection answered); polled, they arrive from others' actions. */
export function useNotifications(enabled = true) {
  return useQuery({
    queryKey: tenderKeys.notifications,
    enabled,
    queryFn: async ({ signal }) => (await api.get('/api/tendering/notifications', { signal })).items,
    refetchInterval: 30_000,
  });
}

/** A section a tender may include: of a project I registered whose entry was accepted (应进必进). */
export interface AvailableSection {
  sectionCode: string;
  name: string;
  estimatedAmount: string;
  projectName: string;
}

export function useAvailableSections() {
  const projects = useQuery({
    queryKey: ['projects', 'list', { scope: 'mine', status: 'accepted', limit: 200 }],
    queryFn: ({ signal }) => api.get('/api/projects', { query: { scope: 'mine', status: 'accepted', limit: 200 }, signal }),
  });
  const details = useQueries({
    queries: (projects.data?.items ?? []).map((p) => ({
      queryKey: ['projects', 'one', p.id],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get('/api/projects/{id}', { params: { id: p.id }, signal }),
    })),
  });
  const sections: AvailableSection[] = details.flatMap((d) =>
    d.data ? d.data.sections.filter((s) => !s.withdrawn).map((s) => ({ sectionCode: s.sectionCode, name: s.name, estimatedAmount: s.estimatedAmount, projectName: d.data.name })) : [],
  );
  const error = projects.error ?? details.find((d) => d.error)?.error ?? null;
  return { sections, isPending: projects.isPending || details.some((d) => d.isPending), error, refetch: () => void projects.refetch() };
}

function useTenderMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => client.invalidateQueries({ queryKey: tenderKeys.all }) });
}

export const useCreateTender = () => useTenderMutation((body: TenderInput) => api.post('/api/tenders', body));
export const useSubmitTender = () => useTenderMutation((id: string) => api.post('/api/tenders/{id}/submit', undefined, { params: { id } }));
export const useReviewTender = () =>
  useTenderMutation(({ id, body }: { id: string; body: BodyOf<'/api/tenders/{id}/review', 'post'> }) => api.post('/api/tenders/{id}/review', body, { params: { id } }));
export const useClarify = () =>
  useTenderMutation(({ id, body }: { id: string; body: BodyOf<'/api/tenders/{id}/clarifications', 'post'> }) => api.post('/api/tenders/{id}/clarifications', body, { params: { id } }));
export const useReplyObjection = () =>
  useTenderMutation(({ id, objectionId, reply }: { id: string; objectionId: string; reply: string }) =>
    api.post('/api/tenders/{id}/objections/{objectionId}/reply', { reply }, { params: { id, objectionId } }),
  );
export const useObtainDocuments = () => useTenderMutation((id: string) => api.post('/api/tenders/{id}/documents/registration', undefined, { params: { id } }));
