import type { Role } from '@ggzy/contracts';
import { civilDateOf } from '../../platform/calendar/index.js';
import type { Tx } from '../../platform/db/tables.js';
import type { Principal } from '../../platform/http/access.js';
import type { PlatformDeps } from '../../platform/module.js';
import { findAcceptedSectionsOf } from '../project/index.js';
import { postponedDeadline } from './domain/deadlines.js';
import { procedureOf } from './domain/procedures.js';
import type { TenderingService } from './tendering.service.js';

const ctx = { ip: null };
const as = (user: { id: string; username: string }, roles: Role[]): Principal => ({ userId: user.id, username: user.username, roles, credentialId: 'demo-seed', via: 'session' });

/** 09:30 in Asia/Shanghai, the usual opening hour. */
const OPENING_TIME_UTC = 'T01:30:00.000Z';
/** Days beyond the statutory minimum, so the demo tender stays open for a while after first start. */
const MARGIN_DAYS = 5;

/**
 * One published engineering tender (open tendering) for the demo tenderer's first accepted project,
 * so the trading hall shows a live tender at first start and bidders can obtain documents and bid.
 * It goes through the same commands as a real one: create, submit, staff approval. Skipped when
 * tenders exist, or when the deadline would fall in a year the holiday calendar does not cover yet.
 */
export async function seedTenderingDemo(deps: PlatformDeps, service: TenderingService): Promise<void> {
  if ((await deps.db.selectFrom('tendering.tender').select('id').limit(1).execute()).length > 0) return;
  const users = await deps.db.selectFrom('identity.user').select(['id', 'username']).where('username', 'in', ['tenderer', 'staff']).execute();
  const tenderer = users.find((u) => u.username === 'tenderer');
  const staff = users.find((u) => u.username === 'staff');
  if (!tenderer || !staff) return;
  const sections = await findAcceptedSectionsOf(deps.db, tenderer.id);
  const first = sections[0];
  if (!first) return;
  const projectSections = sections.filter((s) => s.projectName === first.projectName);

  const now = deps.clock.now();
  const minimum = procedureOf('engineeringOpen').documentIssueToDeadline;
  if (!minimum) return;
  const period = { ...minimum, days: minimum.days + MARGIN_DAYS };
  let deadline: Date;
  try {
    // A working day at least `period` after today, at the opening hour.
    deadline = postponedDeadline(deps.calendar, now, new Date(`${civilDateOf(now)}${OPENING_TIME_UTC}`), period);
  } catch {
    return; // the calendar does not reach the deadline's year yet: no demo tender rather than a wrong date
  }

  const input = {
    procedureType: 'engineeringOpen' as const,
    title: `${first.projectName}施工招标公告`,
    regionCode: first.regionCode,
    announcement: [
      `1. 招标条件：本招标项目${first.projectName}已由项目审批部门批准建设，项目资金来源为财政资金，招标人为贵阳市城市建设投资有限公司。项目已具备招标条件，现对该项目的施工进行公开招标。`,
      '2. 项目概况与招标范围：详见招标文件。',
      '3. 投标人资格要求：具备市政公用工程施工总承包二级及以上资质，具有有效的安全生产许可证。',
      '4. 招标文件的获取：凡有意参加投标者，请登录本平台使用数字证书获取招标文件。',
      '5. 投标文件的递交：投标文件为加密电子投标文件，递交截止时间即开标时间，开标采用不见面开标方式。',
    ].join('\n'),
    bidDeadline: deadline.toISOString(),
    sections: projectSections.map((s) => ({
      sectionCode: s.sectionCode,
      name: s.name,
      estimatedAmount: s.estimatedAmount,
      ceilingPrice: s.estimatedAmount,
      security: { kind: 'electronicGuarantee' as const, amount: '100000.00' },
    })),
  };
  const inTx = <T>(work: (tx: Tx) => Promise<T>) => deps.db.transaction().execute(work);
  const created = await inTx((tx) => service.create(tx, as(tenderer, ['tenderer']), input, ctx));
  const id = (created.body as { id: string }).id;
  await inTx((tx) => service.submitForReview(tx, as(tenderer, ['tenderer']), id, ctx));
  await inTx((tx) => service.review(tx, as(staff, ['centreStaff']), id, { approve: true }, ctx));
}
