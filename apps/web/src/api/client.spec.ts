import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError, apiRequest, buildUrl, fillPath, setRequestLocale } from './client';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

afterEach(() => {
  vi.unstubAllGlobals();
  setRequestLocale('zh-CN');
});

describe('api client', () => {
  it('builds query strings without empty parameters', () => {
    expect(buildUrl('/api/portal/announcements', { category: undefined, regionCode: '', limit: 20 })).toBe(
      '/api/portal/announcements?limit=20',
    );
    expect(buildUrl('/api/regions', { parent: '520000' })).toBe('/api/regions?parent=520000');
    expect(buildUrl('/api/auth/me')).toBe('/api/auth/me');
  });

  it('fills path parameters, URL-encoded, and refuses a missing one', () => {
    expect(fillPath('/api/registrations/{id}/review', { id: 'a b/c' })).toBe('/api/registrations/a%20b%2Fc/review');
    expect(fillPath('/api/log/entries/{index}', { index: 0 })).toBe('/api/log/entries/0');
    expect(fillPath('/api/auth/me', undefined)).toBe('/api/auth/me');
    expect(() => fillPath('/api/users/{id}/suspend', {})).toThrow(/Missing path parameter id/);
  });

  it('sends cookies, JSON and the chosen language', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { ok: true }));
    vi.stubGlobal('fetch', fetchMock);
    setRequestLocale('en');
    await expect(apiRequest('/api/auth/login', { method: 'POST', body: { username: 'a', password: 'b' } })).resolves.toEqual({
      ok: true,
    });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/auth/login');
    expect(init.credentials).toBe('same-origin');
    expect(init.body).toBe('{"username":"a","password":"b"}');
    expect(init.headers).toMatchObject({ 'Accept-Language': 'en', 'Content-Type': 'application/json' });
  });

  it('turns the error body into an ApiError carrying the server message', async () => {
    vi.stubGlobal('fetch', async () =>
      jsonResponse(401, { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误', details: null, requestId: 'r-1' }),
    );
    const error = await apiRequest('/api/auth/login', { method: 'POST', body: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS', message: '用户名或密码错误', requestId: 'r-1' });
  });

  it('still throws an ApiError when the error body is not JSON', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const error = await apiRequest('/api/auth/me').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 502, code: 'HTTP_502', requestId: null });
  });

  it('answers 204 with undefined', async () => {
    vi.stubGlobal('fetch', async () => new Response(null, { status: 204 }));
    await expect(apiRequest('/api/auth/logout', { method: 'POST' })).resolves.toBeUndefined();
  });

  it('reports a request without an answer as a NetworkError', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(apiRequest('/api/auth/me')).rejects.toBeInstanceOf(NetworkError);
  });
});
