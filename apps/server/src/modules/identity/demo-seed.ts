import { createHash } from 'node:crypto';
import { type Role, usccCheckCharacter } from '@ggzy/contracts';
import type { PlatformDeps } from '../../platform/module.js';
import { loadIdentityDataKey } from './data-key.js';
import { requiresSecondFactor } from './domain/second-factor.js';
import { identityRepository as repo } from './identity.repository.js';
import { hashPassword } from './identity.service.js';

/** Printed at start and shown on the login page in demo mode only. */
export const DEMO_PASSWORD = 'Demo@2026';

interface DemoEntity {
  key: string;
  kind: 'enterprise' | 'publicInstitution' | 'otherOrganisation' | 'naturalPerson';
  name: string;
  /** First 17 characters of the USCC; the check character is computed. */
  usccBody: string | null;
  regionCode: string;
}

// Fictional organisations in real Guizhou regions; USCCs carry a valid GB 32100 check character.
const entities: DemoEntity[] = [
  { key: 'owner', kind: 'enterprise', name: '贵阳市城市建设投资有限公司', usccBody: '91520102MA6H0K2Q3', regionCode: '520102' },
  { key: 'agency', kind: 'enterprise', name: '贵州黔诚招标代理有限公司', usccBody: '91520103MA6DL7X41', regionCode: '520103' },
  { key: 'builder1', kind: 'enterprise', name: '贵州黔建工程有限公司', usccBody: '91520115MA6E2R0T9', regionCode: '520115' },
  { key: 'builder2', kind: 'enterprise', name: '遵义宏达建设集团有限公司', usccBody: '91520303MA6GQ5W27', regionCode: '520303' },
  { key: 'builder3', kind: 'enterprise', name: '六盘水山城路桥有限公司', usccBody: '91520201MA6J8N3K0', regionCode: '520201' },
  { key: 'centre', kind: 'publicInstitution', name: '贵州省公共资源交易中心', usccBody: '12520000MB1C4P6D2', regionCode: '520000' },
  { key: 'housing', kind: 'otherOrganisation', name: '贵州省住房和城乡建设厅', usccBody: '11520000MB0E7H2F5', regionCode: '520000' },
  { key: 'bank', kind: 'enterprise', name: '贵州银行股份有限公司', usccBody: '91520000MA6K3B8L6', regionCode: '520000' },
];

export interface DemoAccount {
  username: string;
  displayName: string;
  roles: Role[];
  entityKey: string | null;
  regionCode: string;
}

export const demoAccounts: DemoAccount[] = [
  { username: 'tenderer', displayName: '王建国（招标人）', roles: ['tenderer'], entityKey: 'owner', regionCode: '520102' },
  { username: 'agency', displayName: '李敏（代理机构）', roles: ['agency'], entityKey: 'agency', regionCode: '520103' },
  { username: 'bidder', displayName: '陈强（投标人）', roles: ['bidder'], entityKey: 'builder1', regionCode: '520115' },
  { username: 'bidder2', displayName: '赵磊（投标人）', roles: ['bidder'], entityKey: 'builder2', regionCode: '520303' },
  { username: 'bidder3', displayName: '孙丽（投标人）', roles: ['bidder'], entityKey: 'builder3', regionCode: '520201' },
  { username: 'expert', displayName: '张卫东（评标专家）', roles: ['expert'], entityKey: null, regionCode: '520100' },
  { username: 'staff', displayName: '刘洋（交易中心）', roles: ['centreStaff'], entityKey: 'centre', regionCode: '520000' },
  { username: 'supervisor', displayName: '周静（住建厅监督）', roles: ['supervisor'], entityKey: 'housing', regionCode: '520000' },
  { username: 'bank', displayName: '吴涛（贵州银行）', roles: ['financialInstitution'], entityKey: 'bank', regionCode: '520000' },
  { username: 'admin', displayName: '平台管理员', roles: ['admin'], entityKey: 'centre', regionCode: '520000' },
];

/**
 * Demo users whose roles need a second factor get an authenticator secret derived from their
 * username, published (demo mode only) with the demo accounts so the login page and tests can
 * compute the code. Real users enrol their own secret at first sign-in.
 */
export function demoTotpSecret(username: string): Buffer {
  return createHash('sm3').update(`ggzy demo authenticator for ${username}`).digest().subarray(0, 20);
}

export function demoAccountsNeedingTotp(): DemoAccount[] {
  return demoAccounts.filter((a) => requiresSecondFactor(a.roles));
}

export async function seedIdentityDemo(deps: PlatformDeps): Promise<void> {
  const { count } = await repo.countUsers(deps.db);
  if (Number(count) > 0) return;
  const now = deps.clock.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const dataKey = await loadIdentityDataKey(deps.keys);
  await deps.db.transaction().execute(async (tx) => {
    const ids = new Map<string, string>();
    for (const e of entities) {
      const uscc = e.usccBody ? e.usccBody + usccCheckCharacter(e.usccBody) : null;
      const { id } = await repo.insertEntity(tx, { kind: e.kind, name: e.name, uscc, region_code: e.regionCode, created_at: now });
      ids.set(e.key, id);
    }
    for (const a of demoAccounts) {
      const { id } = await repo.insertUser(tx, {
        username: a.username,
        display_name: a.displayName,
        password_hash: passwordHash,
        roles: a.roles,
        entity_id: a.entityKey ? (ids.get(a.entityKey) ?? null) : null,
        region_code: a.regionCode,
        created_at: now,
      });
      if (requiresSecondFactor(a.roles)) {
        await repo.recordTotpUse(tx, id, '0', {
          sealed: dataKey.seal(demoTotpSecret(a.username).toString('hex')),
          algorithm: deps.config.TOTP_ALGORITHM,
        });
      }
    }
  });
}
