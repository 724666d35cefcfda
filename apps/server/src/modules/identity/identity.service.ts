import { isRole, type Role } from '@ggzy/contracts';
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import { digestSecret, newSecretToken } from '../../platform/crypto/secret-token.js';
import type { Executor } from '../../platform/db/tables.js';
import { type Authenticator, type Principal, type RequestContext } from '../../platform/http/access.js';
import type { KeyStore } from '../../platform/keys/key-store.js';
import { loadIdentityDataKey, type IdentityDataKey } from './data-key.js';
import { CHALLENGE_POLICY, requiresSecondFactor } from './domain/second-factor.js';
import { base32Encode, matchTotp, otpauthUri, type TotpAlgorithm } from './domain/totp.js';
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


// Compared against when the username is unknown, so timing does not reveal which usernames exist.
// Made on first use, not at import: scripts that import this module should not pay for an argon2 hash.
let unknownUserHash: Promise<string> | undefined;
const UNKNOWN_USER_HASH = () => (unknownUserHash ??= argon2.hash('not-a-real-password'));

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export interface IdentityServiceDeps {
  db: Executor;
  clock: Clock;
  keys: KeyStore;
  sessionIdleMinutes: number;
  totpAlgorithm: TotpAlgorithm;
}

/** What a correct password leads to: a session, or a second-factor step first. */
export type LoginOutcome = { kind: 'signedIn'; profile: Profile; sessionToken: string } | { kind: 'secondFactor'; step: SecondFactorStep };

export interface SecondFactorStep {
  /** Opaque, single-use, 5 minutes. */
  challenge: string;
  /** Present when the user has no authenticator yet: add this secret, then answer with a code. */
  enrollment?: { secret: string; otpauthUri: string; algorithm: TotpAlgorithm };
}

export function createIdentityService(deps: IdentityServiceDeps) {
  const { db, clock } = deps;
  const idleMs = deps.sessionIdleMinutes * 60_000;
  let dataKey: Promise<IdentityDataKey> | undefined;
  const getDataKey = () => (dataKey ??= loadIdentityDataKey(deps.keys));

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

  async function login(input: { username: string; password: string }, ctx: RequestContext): Promise<LoginOutcome> {
    const now = clock.now();
    const user = await repo.findUserByUsername(db, input.username);
    const valid = await argon2.verify(user?.password_hash ?? (await UNKNOWN_USER_HASH()), input.password);
    const audit = (executor: Executor, outcome: 'success' | 'failure', reason: string) =>
      recordAudit(executor, {
        actorId: user?.id ?? null,
        actorName: input.username,
        action: 'identity.login',
        target: user ? `user:${user.id}` : null,
        outcome,
        ip: ctx.ip,
        detail: { reason },
        at: now,
      });
    if (!user) {
      await audit(db, 'failure', 'unknown user');
      throw identityError('INVALID_CREDENTIALS');
    }
    const counters = { failedLogins: user.failed_logins, lockedUntil: user.locked_until };
    if (isLocked(counters, now)) {
      await audit(db, 'failure', 'locked');
      throw identityError('ACCOUNT_LOCKED', { until: formatShanghai(counters.lockedUntil ?? now) });
    }
    if (!valid) {
      const next = afterFailure(counters, now);
      await db.transaction().execute(async (tx) => {
        await repo.updateLoginCounters(tx, user.id, next.failedLogins, next.lockedUntil);
        await audit(tx, 'failure', 'wrong password');
      });
      if (next.lockedUntil) throw identityError('ACCOUNT_LOCKED', { until: formatShanghai(next.lockedUntil) });
      throw identityError('INVALID_CREDENTIALS');
    }
    if (user.status !== 'active') {
      await audit(db, 'failure', user.status);
      if (user.status === 'pending') throw identityError('REGISTRATION_PENDING');
      if (user.status === 'rejected') throw identityError('REGISTRATION_REJECTED', { reason: await repo.rejectionReason(db, user.id) });
      throw identityError('ACCOUNT_SUSPENDED');
    }
    const roles = user.roles.filter(isRole);
    if (requiresSecondFactor(roles) || user.totp_secret_sealed) {
      await audit(db, 'success', 'password verified; second factor required');
      return { kind: 'secondFactor', step: await beginSecondFactor(user.id, user.username, user.totp_secret_sealed === null) };
    }
    return { kind: 'signedIn', ...(await startSessionFor(user.id, ctx, 'password')) };
  }

  async function beginSecondFactor(userId: string, username: string, enroll: boolean): Promise<SecondFactorStep> {
    const now = clock.now();
    const challenge = newSecretToken();
    const secret = enroll ? randomBytes(20) : undefined;
    const key = await getDataKey();
    await repo.insertLoginChallenge(db, {
      id: digestSecret(challenge),
      user_id: userId,
      purpose: enroll ? 'enroll' : 'verify',
      pending_secret_sealed: secret ? key.seal(secret.toString('hex')) : null,
      expires_at: new Date(now.getTime() + CHALLENGE_POLICY.ttlMinutes * 60_000),
    });
    if (!secret) return { challenge };
    return {
      challenge,
      enrollment: {
        secret: base32Encode(secret),
        algorithm: deps.totpAlgorithm,
        otpauthUri: otpauthUri({ issuer: 'ggzy', account: username, secret, algorithm: deps.totpAlgorithm }),
      },
    };
  }

  /** Answers a second-factor step with a code; enrols the authenticator on first use. */
  async function completeSecondFactor(input: { challenge: string; code: string }, ctx: RequestContext) {
    const now = clock.now();
    const id = digestSecret(input.challenge);
    const challenge = await repo.findLoginChallenge(db, id);
    if (!challenge || challenge.expires_at.getTime() <= now.getTime() || challenge.attempts >= CHALLENGE_POLICY.maxAttempts) {
      if (challenge) await repo.deleteLoginChallenge(db, id);
      throw identityError('SECOND_FACTOR_EXPIRED');
    }
    const key = await getDataKey();
    const sealed = challenge.purpose === 'enroll' ? challenge.pending_secret_sealed : challenge.totp_secret_sealed;
    const algorithm = challenge.purpose === 'enroll' ? deps.totpAlgorithm : toTotpAlgorithm(challenge.totp_algorithm);
    const secret = sealed ? Buffer.from(key.open(sealed), 'hex') : undefined;
    const step = secret ? matchTotp(secret, input.code, now, algorithm) : undefined;
    const replayed = step !== undefined && challenge.totp_last_step !== null && step <= BigInt(challenge.totp_last_step);
    if (step === undefined || replayed || !sealed) {
      await db.transaction().execute(async (tx) => {
        await repo.countChallengeAttempt(tx, id);
        await recordAudit(tx, {
          actorId: challenge.user_id,
          actorName: challenge.username,
          action: 'identity.login.secondFactor',
          target: `user:${challenge.user_id}`,
          outcome: 'failure',
          ip: ctx.ip,
          at: now,
        });
      });
      throw identityError('SECOND_FACTOR_INVALID');
    }
    await db.transaction().execute(async (tx) => {
      await repo.deleteLoginChallenge(tx, id);
      await repo.recordTotpUse(tx, challenge.user_id, String(step), challenge.purpose === 'enroll' ? { sealed, algorithm } : undefined);
    });
    return startSessionFor(challenge.user_id, ctx, challenge.purpose === 'enroll' ? 'password+totp (enrolled)' : 'password+totp');
  }

  /**
   * Opens a session for a user whose credentials were verified (password and second factor,
   * or a certificate signature): the one place sessions are made.
   */
  async function startSessionFor(userId: string, ctx: RequestContext, method: string): Promise<{ profile: Profile; sessionToken: string }> {
    const now = clock.now();
    const sessionToken = newSecretToken();
    await db.transaction().execute(async (tx) => {
      const reset = afterSuccess();
      await repo.updateLoginCounters(tx, userId, reset.failedLogins, reset.lockedUntil);
      await repo.insertSession(tx, {
        id: digestSecret(sessionToken),
        user_id: userId,
        now,
        expires_at: new Date(now.getTime() + idleMs),
        ip: ctx.ip,
      });
      await recordAudit(tx, {
        actorId: userId,
        actorName: null,
        action: 'identity.session.start',
        target: `user:${userId}`,
        outcome: 'success',
        ip: ctx.ip,
        detail: { method },
        at: now,
      });
    });
    return { profile: await profile(userId), sessionToken };
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

  return {
    login,
    completeSecondFactor,
    startSessionFor,
    getDataKey,
    logout,
    profile,
    authenticator,
    createApiToken,
    listApiTokens,
    revokeApiToken,
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;

function toTotpAlgorithm(value: string | null): TotpAlgorithm {
  return value === 'SM3' || value === 'SHA1' ? value : 'SHA256';
}

function formatShanghai(instant: Date): string {
  return instant.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}
