import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client';
import type {
  AnnouncementList,
  AnnouncementQuery,
  CurrentUser,
  DemoAccounts,
  LoginRequest,
  LoginResponse,
  Region,
  RegionList,
  SecondFactorRequest,
} from './types';
import { isSecondFactorStep } from './types';

/** Guizhou province (GB/T 2260). */
export const provinceCode = '520000';

export const queryKeys = {
  me: ['auth', 'me'] as const,
  demoAccounts: ['auth', 'demo-accounts'] as const,
  regions: (parent: string) => ['regions', 'children', parent] as const,
  region: (code: string) => ['regions', 'one', code] as const,
  announcements: (query: AnnouncementQuery) => ['portal', 'announcements', query] as const,
};

/** The signed-in user, or null when the server answers 401. */
export function useCurrentUser() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async ({ signal }) => {
      try {
        return await api.get<CurrentUser>('/api/auth/me', undefined, signal);
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
        return await api.get<DemoAccounts>('/api/auth/demo-accounts', undefined, signal);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    staleTime: Infinity,
  });
}

export function useRegions(parent: string = provinceCode) {
  return useQuery({
    queryKey: queryKeys.regions(parent),
    queryFn: ({ signal }) => api.get<RegionList>('/api/regions', { parent }, signal),
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
        return await api.get<Region>(`/api/regions/${encodeURIComponent(code ?? '')}`, undefined, signal);
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
      api.get<AnnouncementList>(
        '/api/portal/announcements',
        { category: query.category, regionCode: query.regionCode, limit: query.limit },
        signal,
      ),
    placeholderData: (previous) => previous,
  });
}

/** Step one: username and password. Answers the profile, or a second-factor step. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: LoginRequest) => api.post<LoginResponse>('/api/auth/login', request),
    onSuccess: (response) => {
      if (!isSecondFactorStep(response)) queryClient.setQueryData(queryKeys.me, response);
    },
  });
}

/** Step two for staff, experts, supervisors and admins: the TOTP code. */
export function useSecondFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: SecondFactorRequest) => api.post<CurrentUser>('/api/auth/login/second-factor', request),
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
        await api.post<void>('/api/auth/logout');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return;
        throw error;
      }
    },
  });
}
