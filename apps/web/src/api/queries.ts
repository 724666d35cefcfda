import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client';
import type {
  AnnouncementQuery,
  CurrentUser,
  EntityProfile,
  LoginRequest,
  NewInternalUser,
  QualificationInput,
  RegistrationRequest,
  RegistrationStatus,
  RevocationReason,
  SecondFactorRequest,
  UserStatus,
} from './types';
import { isSecondFactorStep } from './types';

/** Guizhou province (GB/T 2260). */
export const provinceCode = '520000';

export const queryKeys = {
  me: ['auth', 'me'] as const,
  demoAccounts: ['auth', 'demo-accounts'] as const,
  topRegions: ['regions', 'top'] as const,
  regions: (parent: string) => ['regions', 'children', parent] as const,
  region: (code: string) => ['regions', 'one', code] as const,
  announcements: (query: AnnouncementQuery) => ['portal', 'announcements', query] as const,
  registrations: (status: RegistrationStatus | 'all') => ['registrations', status] as const,
  users: (status: UserStatus | 'all') => ['users', status] as const,
  myEntity: ['entity', 'mine'] as const,
  profileVersions: ['entity', 'mine', 'versions'] as const,
  myCertificates: ['certificates', 'mine'] as const,
  bindings: ['certificates', 'bindings'] as const,
  caCertificates: ['ca', 'certificates'] as const,
  caRoots: ['ca', 'roots'] as const,
  trustedRoots: ['ca', 'trusted-roots'] as const,
  auditEvents: (action: string) => ['audit', 'events', action] as const,
};

/** The signed-in user, or null when the server answers 401. */
export function useCurrentUser() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async ({ signal }) => {
      try {
        return await api.get('/api/auth/me', { signal });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** Demo accounts, or null when the server is not in demo mode (404). */
export function useDemoAccounts() {
  return useQuery({
    queryKey: queryKeys.demoAccounts,
    queryFn: async ({ signal }) => {
      try {
        return await api.get('/api/auth/demo-accounts', { signal });
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    staleTime: Infinity,
  });
}

/** The top-level divisions (the province). */
export function useTopRegions() {
  return useQuery({
    queryKey: queryKeys.topRegions,
    queryFn: ({ signal }) => api.get('/api/regions', { signal }),
    staleTime: 60 * 60_000,
  });
}

/** The children of a division (prefectures of a province, counties of a prefecture); disabled for null. */
export function useRegions(parent: string | null = provinceCode) {
  return useQuery({
    queryKey: queryKeys.regions(parent ?? ''),
    enabled: parent !== null,
    queryFn: ({ signal }) => api.get('/api/regions', { query: { parent: parent ?? provinceCode }, signal }),
    staleTime: 60 * 60_000,
  });
}

/** One division by code; null when the server does not know it. */
export function useRegion(code: string | null) {
  return useQuery({
    queryKey: queryKeys.region(code ?? ''),
    enabled: code !== null,
    queryFn: async ({ signal }) => {
      try {
        return await api.get('/api/regions/{code}', { params: { code: code ?? '' }, signal });
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    staleTime: 60 * 60_000,
  });
}

export function useAnnouncements(query: AnnouncementQuery) {
  return useQuery({
    queryKey: queryKeys.announcements(query),
    queryFn: ({ signal }) =>
      api.get('/api/portal/announcements', {
        query: { category: query.category, regionCode: query.regionCode, limit: query.limit },
        signal,
      }),
    placeholderData: (previous) => previous,
  });
}

// ---------------------------------------------------------------------------------------------
// Signing in

/** Step one: username and password. Answers the profile, or a second-factor step. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: LoginRequest) => api.post('/api/auth/login', request),
    onSuccess: (response) => {
      if (!isSecondFactorStep(response)) queryClient.setQueryData(queryKeys.me, response);
    },
  });
}

/** Step two for staff, experts, supervisors and admins: the TOTP code. */
export function useSecondFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: SecondFactorRequest) => api.post('/api/auth/login/second-factor', request),
    onSuccess: (user) => {
      queryClient.setQueryData(queryKeys.me, user);
    },
  });
}

/** Something that signs a certificate challenge: the page's key, opened from the user's files. */
export type ChallengeSigner = (
  challenge: string,
) => Promise<{ certificate: string; chain?: string[]; signature: string; signatureFormat: 'raw' | 'der' }>;

/** Certificate sign-in: a challenge from the server, signed in the page, then the session. */
export function useCertificateLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (sign: ChallengeSigner): Promise<CurrentUser> => {
      const { nonce, challenge } = await api.post('/api/auth/certificate/challenge', { purpose: 'login' });
      const signed = await sign(challenge);
      return api.post('/api/auth/certificate/login', { nonce, ...signed });
    },
    onSuccess: (user) => {
      queryClient.setQueryData(queryKeys.me, user);
    },
  });
}

/**
 * POST /api/auth/logout. The caller leaves the app with a full page load afterwards, so no data
 * of the signed-out user survives in memory (a 401 means the session had already ended).
 */
export function useLogout() {
  return useMutation({
    mutationFn: async () => {
      try {
        await api.post('/api/auth/logout');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return;
        throw error;
      }
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Registration and its review

export function useRegister() {
  return useMutation({ mutationFn: (request: RegistrationRequest) => api.post('/api/registrations', request) });
}

export function useRegistrations(status: RegistrationStatus | 'all') {
  return useQuery({
    queryKey: queryKeys.registrations(status),
    queryFn: ({ signal }) =>
      api.get('/api/registrations', { query: { status: status === 'all' ? undefined : status, limit: 200 }, signal }),
  });
}

export function useReviewRegistration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, reason }: { id: string; decision: 'approve' | 'reject'; reason?: string }) =>
      api.post('/api/registrations/{id}/review', reason === undefined ? { decision } : { decision, reason }, { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['registrations'] }),
  });
}

// ---------------------------------------------------------------------------------------------
// Accounts (administrators)

export function useUsers(status: UserStatus | 'all') {
  return useQuery({
    queryKey: queryKeys.users(status),
    queryFn: ({ signal }) => api.get('/api/users', { query: { status: status === 'all' ? undefined : status, limit: 500 }, signal }),
  });
}

export type UserAction = 'suspend' | 'activate' | 'reset-second-factor';

export function useUserAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: UserAction }) => {
      const params = { params: { id } };
      if (action === 'suspend') return api.post('/api/users/{id}/suspend', undefined, params);
      if (action === 'activate') return api.post('/api/users/{id}/activate', undefined, params);
      return api.post('/api/users/{id}/reset-second-factor', undefined, params);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (user: NewInternalUser) => api.post('/api/users', user),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

// ---------------------------------------------------------------------------------------------
// Entity space

export function useMyEntity() {
  return useQuery({ queryKey: queryKeys.myEntity, queryFn: ({ signal }) => api.get('/api/entities/mine', { signal }) });
}

export function useProfileVersions() {
  return useQuery({
    queryKey: queryKeys.profileVersions,
    queryFn: ({ signal }) => api.get('/api/entities/mine/profile/versions', { signal }),
  });
}

function useEntityMutation<A>(mutationFn: (argument: A) => ReturnType<typeof api.put<'/api/entities/mine/profile'>>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (space) => {
      queryClient.setQueryData(queryKeys.myEntity, space);
      void queryClient.invalidateQueries({ queryKey: queryKeys.profileVersions });
    },
  });
}

export function useUpdateProfile() {
  return useEntityMutation((profile: EntityProfile) => api.put('/api/entities/mine/profile', profile));
}

export function useAddQualification() {
  return useEntityMutation((qualification: QualificationInput) => api.post('/api/entities/mine/qualifications', qualification));
}

export function useRemoveQualification() {
  return useEntityMutation((id: string) => api.delete('/api/entities/mine/qualifications/{id}', { params: { id } }));
}

// ---------------------------------------------------------------------------------------------
// Certificates

export function useMyCertificates() {
  return useQuery({ queryKey: queryKeys.myCertificates, queryFn: ({ signal }) => api.get('/api/certificates', { signal }) });
}

export function useRequestCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (csr: string) => api.post('/api/certificates', { csr, purpose: 'signing' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.myCertificates }),
  });
}

export function useBindings() {
  return useQuery({ queryKey: queryKeys.bindings, queryFn: ({ signal }) => api.get('/api/certificates/bindings', { signal }) });
}

export function useBindCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (sign: ChallengeSigner) => {
      const { nonce, challenge } = await api.post('/api/auth/certificate/challenge', { purpose: 'bind' });
      return api.post('/api/certificates/bindings', { nonce, ...(await sign(challenge)) });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.bindings }),
  });
}

export function useRemoveBinding() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete('/api/certificates/bindings/{id}', { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.bindings }),
  });
}

export function useCaRoots() {
  return useQuery({ queryKey: queryKeys.caRoots, queryFn: ({ signal }) => api.get('/api/ca/roots', { signal }), staleTime: 60 * 60_000 });
}

const caPageSize = 50;

/** Issued certificates, newest first, a page at a time (keyset by id). */
export function useCaCertificates() {
  return useInfiniteQuery({
    queryKey: queryKeys.caCertificates,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => api.get('/api/ca/certificates', { query: { before: pageParam, limit: caPageSize }, signal }),
    getNextPageParam: (last) => (last.items.length < caPageSize ? undefined : last.items.at(-1)?.id),
  });
}

export function useRevokeCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ serial, reason }: { serial: string; reason: RevocationReason }) =>
      api.post('/api/certificates/{serial}/revoke', { reason }, { params: { serial } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['ca', 'certificates'] }),
  });
}

export function useTrustedRoots() {
  return useQuery({ queryKey: queryKeys.trustedRoots, queryFn: ({ signal }) => api.get('/api/ca/trusted-roots', { signal }) });
}

export function useImportTrustedRoot() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (root: { certificate: string; name?: string }) => api.post('/api/ca/trusted-roots', root),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.trustedRoots }),
  });
}

export function useRemoveTrustedRoot() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete('/api/ca/trusted-roots/{id}', { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.trustedRoots }),
  });
}

// ---------------------------------------------------------------------------------------------
// Audit trail

const auditPageSize = 50;

/** The audit trail, newest first, a page at a time (keyset by id); `action` filters exactly. */
export function useAuditEvents(action: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.auditEvents(action),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get('/api/audit/events', {
        query: { action: action === '' ? undefined : action, before: pageParam, limit: auditPageSize },
        signal,
      }),
    getNextPageParam: (last) => (last.items.length < auditPageSize ? undefined : last.items.at(-1)?.id),
  });
}
