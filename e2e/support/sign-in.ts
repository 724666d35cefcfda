import { DEMO_PASSWORD, demoTotpSecret, totp } from '../../apps/server/src/modules/identity/index.js';
import { client, type Reply } from '../api/http.js';

/**
 * Signs a demo user in as a person would: password, then — for roles that need a second
 * factor — the current TOTP code from their (demo) authenticator. `at` is the server's time
 * (pass the test clock's now when the server runs on a manual clock).
 */
export async function signIn(baseUrl: string, username: string, options: { password?: string; at?: Date; headers?: Record<string, string> } = {}) {
  const api = client(baseUrl, options.headers);
  const first = await api.post('/api/auth/login', { username, password: options.password ?? DEMO_PASSWORD });
  const step = secondFactorOf(first);
  if (!step) return { api, reply: first };
  const code = totp(demoTotpSecret(username), options.at ?? new Date(), 'SHA256');
  const reply = await api.post('/api/auth/login/second-factor', { challenge: step.challenge, code });
  return { api, reply };
}

export function secondFactorOf(reply: Reply): { challenge: string; enrollment?: { secret: string } } | undefined {
  const body = reply.body;
  if (reply.status !== 200 || typeof body !== 'object' || body === null || !('secondFactor' in body)) return undefined;
  const step = body.secondFactor;
  return typeof step === 'object' && step !== null && 'challenge' in step && typeof step.challenge === 'string' ? { challenge: step.challenge } : undefined;
}
