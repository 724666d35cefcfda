import { isRole, type Role } from '@ggzy/contracts';
import argon2 from 'argon2';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import { digestSecret, newSecretToken } from '../../platform/crypto/secret-token.js';
import type { Executor } from '../../platform/db/tables.js';
import type { Authenticator, Principal } from '../../platform/http/access.js';
import { afterFailure, afterSuccess, isLocked } from './domain/lockout.js';
import { identityError } from './identity.errors.js';
import { identityRepository as repo } from './identity.repository.js';

export const SESSION_COOKIE = 'ggzy_session';
const API_TOKEN_PREFIX = 'ggzy_';
/** Sliding sessions are extended at most once a minute: no write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export interface Profile {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  entityName: string | null;
  regionCode: string | null;
}

export interface RequestContext {
  ip: string | null;
}

// Compared against when the username is unknown, so timing does not reveal which usernames exist.
const UNKNOWN_USER_HASH = argon2.hash('not-a-real-password');

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export function createIdentityService(deps: { db: Executor; clock: Clock; sessionIdleMinutes: number }) {
  const { db, clock } = deps;
  const idleMs = deps.sessionIdleMinutes * 60_000;

  async function profile(userId: string): Promise<Profile> {
    const row = await repo.findProfile(db, userId);
    if (!row) throw identityError('INVALID_CREDENTIALS');
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      roles: row.roles.filter(isRole),
      entityName: row.entity_name,
      regionCode: row.region_code,
    };
  }

  async function login(
    input: { username: string; password: string },
    ctx: RequestContext,
  ): Promise<{ profile: Profile; sessionToken: string }> {
    const now = clock.now();
    const user = await repo.findUserByUsername(db, input.username);
    const valid = await argon2.verify(user?.password_hash ?? (await UNKNOWN_USER_HASH), input.password);
    const audit = (outcome: 'success' | 'failure', reason?: string) =>
      recordAudit(db, {
        actorId: user?.id ?? null,
        actorName: input.username,
        action: 'identity.login',
        target: user ? `user:${user.id}` : null,
        outcome,
        ip: ctx.ip,
        detail: reason ? { reason } : {},
        at: now,
      });
    if (!user) {
      await audit('failure', 'unknown user');
      throw identityError('INVALID_CREDENTIALS');
    }
    const counters = { failedLogins: user.failed_logins, lockedUntil: user.locked_until };
    if (isLocked(counters, now)) {
      await audit('failure', 'locked');
      throw identityError('ACCOUNT_LOCKED', { until: formatShanghai(counters.lockedUntil ?? now) });
    }
    if (!valid) {
      const next = afterFailure(counters, now);
      await repo.updateLoginCounters(db, user.id, next.failedLogins, next.lockedUntil);
      await audit('failure', 'wrong password');
      if (next.lockedUntil) throw identityError('ACCOUNT_LOCKED', { until: formatShanghai(next.lockedUntil) });
      throw identityError('INVALID_CREDENTIALS');
    }
    if (user.status !== 'active') {
      await audit('failure', 'suspended');
      throw identityError('ACCOUNT_SUSPENDED');
    }
    const sessionToken = newSecretToken();
    await db.transaction().execute(async (tx) => {
      const reset = afterSuccess();
      await repo.updateLoginCounters(tx, user.id, reset.failedLogins, reset.lockedUntil);
      await repo.insertSession(tx, {
        id: digestSecret(sessionToken),
        user_id: user.id,
        now,
        expires_at: new Date(now.getTime() + idleMs),
        ip: ctx.ip,
      });
      await recordAudit(tx, {
        actorId: user.id,
        actorName: user.username,
        action: 'identity.login',
        target: `user:${user.id}`,
        outcome: 'success',
        ip: ctx.ip,
        at: now,
      });
    });
    return { profile: await profile(user.id), sessionToken };
  }

  async function logout(principal: Principal, ctx: RequestContext): Promise<void> {
    await db.transaction().execute(async (tx) => {
      if (principal.via === 'session') await repo.deleteSession(tx, principal.credentialId);
      await recordAudit(tx, {
        actorId: principal.userId,
        actorName: principal.username,
        action: 'identity.logout',
        target: `user:${principal.userId}`,
        outcome: 'success',
        ip: ctx.ip,
        at: clock.now(),
      });
    });
  }

  async function fromSession(token: string): Promise<Principal | undefined> {
    const id = digestSecret(token);
    const session = await repo.findSession(db, id);
    const now = clock.now();
    if (!session || session.status !== 'active') return undefined;
    if (session.expires_at.getTime() <= now.getTime()) {
      await repo.deleteSession(db, id);
      return undefined;
    }
    if (now.getTime() - session.last_seen_at.getTime() >= TOUCH_INTERVAL_MS) {
      await repo.touchSession(db, id, now, new Date(now.getTime() + idleMs));
    }
    return { userId: session.user_id, username: session.username, roles: session.roles.filter(isRole), credentialId: id, via: 'session' };
  }

  async function fromApiToken(token: string): Promise<Principal | undefined> {
    const row = await repo.findApiToken(db, digestSecret(token));
    const now = clock.now();
    if (!row || row.status !== 'active' || row.revoked_at) return undefined;
    if (row.expires_at && row.expires_at.getTime() <= now.getTime()) return undefined;
    return { userId: row.user_id, username: row.username, roles: row.roles.filter(isRole), credentialId: row.id, via: 'token' };
  }

  const authenticator: Authenticator = {
    async authenticate(request: FastifyRequest) {
      const header = request.headers.authorization;
      if (header?.startsWith('Bearer ')) return fromApiToken(header.slice('Bearer '.length).trim());
      const cookie = request.cookies[SESSION_COOKIE];
      return cookie ? fromSession(cookie) : undefined;
    },
  };

  async function createApiToken(principal: Principal, input: { name: string; expiresInDays?: number }, ctx: RequestContext) {
    const now = clock.now();
    const token = newSecretToken(API_TOKEN_PREFIX);
    const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
    const row = await db.transaction().execute(async (tx) => {
      const inserted = await repo.insertApiToken(tx, {
        token_hash: digestSecret(token),
        user_id: principal.userId,
        name: input.name,
        created_at: now,
        expires_at: expiresAt,
      });
      await recordAudit(tx, {
        actorId: principal.userId,
        actorName: principal.username,
        action: 'identity.apiToken.create',
        target: `apiToken:${inserted.id}`,
        outcome: 'success',
        ip: ctx.ip,
        at: now,
      });
      return inserted;
    });
    return { id: row.id, name: row.name, createdAt: row.created_at.toISOString(), expiresAt: row.expires_at?.toISOString() ?? null, token };
  }

  async function listApiTokens(principal: Principal) {
    const rows = await repo.listApiTokens(db, principal.userId);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: r.created_at.toISOString(),
      expiresAt: r.expires_at?.toISOString() ?? null,
      revokedAt: r.revoked_at?.toISOString() ?? null,
    }));
  }

  async function revokeApiToken(principal: Principal, id: string, ctx: RequestContext) {
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      const result = await repo.revokeApiToken(tx, principal.userId, id, now);
      if (result.numUpdatedRows === 0n) throw identityError('TOKEN_NOT_FOUND');
      await recordAudit(tx, {
        actorId: principal.userId,
        actorName: principal.username,
        action: 'identity.apiToken.revoke',
        target: `apiToken:${id}`,
        outcome: 'success',
        ip: ctx.ip,
        at: now,
      });
    });
  }

  return { login, logout, profile, authenticator, createApiToken, listApiTokens, revokeApiToken };
}

export type IdentityService = ReturnType<typeof createIdentityService>;

function formatShanghai(instant: Date): string {
  return instant.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}
