import type { Role } from '@ggzy/contracts';
import { addCalendarDays, civilDateOf } from '../../platform/calendar/index.js';
import type { Principal } from '../../platform/http/access.js';
import type { PlatformDeps } from '../../platform/module.js';
import type { ProjectService, RegistrationInput } from './project.service.js';

/** The demo housing department (住建厅) reports through the demo supervisor account. */
export const DEMO_DEPARTMENT = { username: 'supervisor', departmentCode: 'gz-housing', departmentKind: 'housing', departmentName: '贵州省住房和城乡建设厅', regionCode: '520000' } as const;

const ctx = { ip: null };

const as = (user: { id: string; username: string }, roles: Role[]): Principal => ({ userId: user.id, username: user.username, roles, credentialId: 'demo-seed', via: 'session' });

/**
 * The default catalogue (version 1), the demo department client, and three projects so that the
 * supervisor's page is alive at first start: one accepted in 南明区, one in 汇川区 whose
 * construction the housing department reported before trading finished (先建设后招标), and one
 * approved in 七星关区 that never entered (应进未进, when the calendar covers its deadline).
 */
export async function seedProjectDemo(deps: PlatformDeps, service: ProjectService): Promise<void> {
  await deps.db.transaction().execute((tx) => service.ensureDefaultCatalogue(tx));
  if ((await deps.db.selectFrom('project.project').select('id').limit(1).execute()).length > 0) return;
  // Demo data only: the registrant is the demo tenderer, looked up by username (identity seeds first).
  const tenderer = await deps.db.selectFrom('identity.user').select(['id', 'username']).where('username', '=', 'tenderer').executeTakeFirst();
  const supervisor = await deps.db.selectFrom('identity.user').select(['id', 'username']).where('username', '=', DEMO_DEPARTMENT.username).executeTakeFirst();
  if (!tenderer || !supervisor) return;
  const today = civilDateOf(deps.clock.now());
  const daysAgo = (n: number) => addCalendarDays(today, -n);
  const inTx = <T>(work: (tx: typeof deps.db) => Promise<T>) => deps.db.transaction().execute(work);

  await inTx((tx) => service.addDepartmentClient(tx, null, DEMO_DEPARTMENT, ctx));

  const road: RegistrationInput = {
    name: '南明区花果园片区市政道路改造工程',
    investProjectCode: `${today.slice(2, 4)}${today.slice(5, 7)}-520102-48-01-100231`,
    approval: { kind: 'approval', documentNumber: '筑发改审批〔2026〕118号', authority: '贵阳市发展和改革委员会', date: daysAgo(9) },
    fundingSource: 'stateBudget',
    regionCode: '520102',
    industryCode: '48',
    category: 'engineeringConstruction',
    contractKind: 'works',
    estimatedAmount: '38600000.00',
    tendererName: '贵阳市城市建设投资有限公司',
    sections: [
      { name: '一标段（道路及排水）', estimatedAmount: '24500000.00' },
      { name: '二标段（照明及绿化）', estimatedAmount: '14100000.00' },
    ],
  };
  const staffLike = as(supervisor, ['centreStaff']);
  const roadResult = await inTx((tx) => service.register(tx, as(tenderer, ['tenderer']), road, ctx));
  const roadId = (roadResult.body as { id: string }).id;
  await inTx((tx) => service.review(tx, staffLike, roadId, { decision: 'accept' }, ctx));

  const school: RegistrationInput = {
    name: '汇川区高坪街道九年制学校新建工程',
    investProjectCode: `${today.slice(2, 4)}${today.slice(5, 7)}-520303-83-01-200417`,
    approval: { kind: 'ratification', documentNumber: '遵汇发改投资〔2026〕57号', authority: '遵义市汇川区发展和改革局', date: daysAgo(12) },
    fundingSource: 'stateBudget',
    regionCode: '520303',
    industryCode: '47',
    category: 'engineeringConstruction',
    contractKind: 'works',
    estimatedAmount: '52800000.00',
    tendererName: '遵义市汇川区教育投资有限公司',
    sections: [{ name: '施工总承包', estimatedAmount: '52800000.00' }],
  };
  const schoolResult = await inTx((tx) => service.register(tx, as(tenderer, ['tenderer']), school, ctx));
  const schoolCodes = schoolResult.body as { id: string; sections: Array<{ dealCode: string }> };
  await inTx((tx) => service.review(tx, staffLike, schoolCodes.id, { decision: 'accept' }, ctx));
  const department = as(supervisor, ['supervisor']);
  await inTx((tx) =>
    service.recordDepartmentEvent(
      tx,
      department,
      { dealCode: schoolCodes.sections[0]?.dealCode ?? '', stage: 'performance', kind: 'constructionStarted', title: '施工许可证核发（已开工）', occurredOn: daysAgo(2), documentNumber: '520303202611270101' },
      ctx,
      'zh-CN',
    ),
  );

  await inTx((tx) =>
    service.recordDepartmentEvent(
      tx,
      department,
      {
        investProjectCode: `${daysAgo(70).slice(2, 4)}${daysAgo(70).slice(5, 7)}-520502-48-01-300058`,
        stage: 'approval',
        kind: 'approved',
        title: '七星关区城北污水管网工程可行性研究报告批复',
        occurredOn: daysAgo(70),
        documentNumber: '毕七发改审〔2026〕203号',
        project: { name: '七星关区城北污水管网工程', regionCode: '520502', category: 'engineeringConstruction', contractKind: 'works', fundingSource: 'stateBudget', estimatedAmount: '16700000.00' },
      },
      ctx,
      'zh-CN',
    ),
  );
}
