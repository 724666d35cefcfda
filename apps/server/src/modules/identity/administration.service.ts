import { isRole, type Role } from '@ggzy/contracts';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/tables.js';
import { type Principal, type RequestContext } from '../../platform/http/access.js';
import { passwordProblem } from './domain/second-factor.js';
import { identityError } from './identity.errors.js';
import { identityRepository } from './identity.repository.js';
import { hashPassword } from './identity.service.js';
import { registrationRepository as repo } from './registration.repository.js';

/**
 * What administrators do to accounts: suspend and reactivate (a suspension also ends the
 * user's sessions at once), reset a lost second factor, and create internal accounts (staff,
 * supervisors, administrators) that cannot be self-registered.
 */
const updated = (result: { numUpdatedRows: bigint }) => result.numUpdatedRows > 0n;

export function createAdministrationService(deps: { db: Executor; clock: Clock }) {
  const { db, clock } = deps;

  async function audited(
    admin: Principal,
    ctx: RequestContext,
    action: string,
    userId: string,
    change: (tx: Executor) => Promise<boolean>,
  ) {
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      if (!(await change(tx))) throw identityError('USER_NOT_FOUND');
      await recordAudit(tx, {
        actorId: admin.userId,
        actorName: admin.username,
        action,
        target: `user:${userId}`,
        outcome: 'success',
        ip: ctx.ip,
        at: now,
      });
    });
  }

  return {
    async listUsers(status: string | undefined, limit: number) {
      const rows = await repo.listUsers(db, { ...(status ? { status } : {}), limit });
      return rows.map((r) => ({
        id: r.id,
        username: r.username,
        displayName: r.display_name,
        roles: r.roles.filter(isRole),
        status: r.status,
        regionCode: r.region_code,
        entityName: r.entity_name,
        secondFactorEnrolled: r.totp_secret_sealed !== null,
        lockedUntil: r.locked_until?.toISOString() ?? null,
        createdAt: r.created_at.toISOString(),
      }));
    },

    suspend: (admin: Principal, userId: string, ctx: RequestContext) =>
      audited(admin, ctx, 'identity.user.suspend', userId, async (tx) => {
        const ok = updated(await repo.setUserStatus(tx, userId, 'suspended'));
        if (ok) await repo.deleteSessionsOf(tx, userId);
        return ok;
      }),

    activate: (admin: Principal, userId: string, ctx: RequestContext) =>
      audited(admin, ctx, 'identity.user.activate', userId, async (tx) => updated(await repo.setUserStatus(tx, userId, 'active'))),

    resetSecondFactor: (admin: Principal, userId: string, ctx: RequestContext) =>
      audited(admin, ctx, 'identity.user.resetSecondFactor', userId, async (tx) => updated(await repo.clearSecondFactor(tx, userId))),

    async createInternalUser(
      admin: Principal,
      input: { username: string; displayName: string; password: string; roles: Role[]; regionCode: string },
      ctx: RequestContext,
    ) {
      if (passwordProblem(input.password)) throw identityError('PASSWORD_TOO_WEAK');
      const passwordHash = await hashPassword(input.password);
      const now = clock.now();
      return db.transaction().execute(async (tx) => {
        if (await identityRepository.findUserByUsername(tx, input.username))
          throw identityError('USERNAME_TAKEN', { username: input.username });
        const { id } = await identityRepository.insertUser(tx, {
          username: input.username,
          display_name: input.displayName,
          password_hash: passwordHash,
          roles: input.roles,
          entity_id: null,
          region_code: input.regionCode,
          created_at: now,
        });
        await recordAudit(tx, {
          actorId: admin.userId,
          actorName: admin.username,
          action: 'identity.user.create',
          target: `user:${id}`,
          outcome: 'success',
          ip: ctx.ip,
          detail: { username: input.username, roles: input.roles },
          at: now,
        });
        return { id };
      });
    },
  };
}

export type AdministrationService = ReturnType<typeof createAdministrationService>;
