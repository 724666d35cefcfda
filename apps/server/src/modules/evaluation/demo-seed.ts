import { recordAudit } from '../../platform/audit/audit.js';
import type { PlatformDeps } from '../../platform/module.js';
import { evaluationRepository as repo } from './evaluation.repository.js';

/** A dozen approved experts across construction specialties in Guizhou's regions; the demo `expert` account is the first. */
const DEMO_EXPERTS = [
  { name: '张卫东', title: '正高级工程师', years: 22, employer: '贵州省交通规划勘察设计研究院', region: '520103', specialties: ['4812', '4813'] },
  { name: '李晓梅', title: '高级工程师', years: 15, employer: '贵阳市市政工程设计研究院', region: '520102', specialties: ['4813', '4852'] },
  { name: '王建国', title: '高级工程师', years: 18, employer: '遵义市建筑设计院', region: '520302', specialties: ['4710', '4790'] },
  { name: '陈丽', title: '高级经济师', years: 12, employer: '贵州大学', region: '520115', specialties: ['X01', 'X02'] },
  { name: '杨光明', title: '高级工程师', years: 20, employer: '安顺市水利水电勘测设计院', region: '520402', specialties: ['4822', '4821'] },
  { name: '吴敏', title: '高级工程师', years: 10, employer: '毕节市公路管理局', region: '520502', specialties: ['4812'] },
  { name: '赵磊', title: '正高级工程师', years: 25, employer: '中国电建集团贵州电力设计研究院', region: '520111', specialties: ['4910', '4851'] },
  { name: '刘芳', title: '高级工程师', years: 14, employer: '铜仁市住房和城乡建设局技术中心', region: '520602', specialties: ['4710', '5010'] },
  { name: '周强', title: '高级工程师', years: 16, employer: '黔东南州建筑设计院', region: '522601', specialties: ['4790', '5010'] },
  { name: '孙静', title: '高级会计师', years: 13, employer: '贵州财经大学', region: '520113', specialties: ['X02', 'X01'] },
  { name: '黄涛', title: '高级工程师', years: 11, employer: '黔南州交通建设工程质量监督站', region: '522701', specialties: ['4812', '4819'] },
  { name: '马云飞', title: '律师（一级）', years: 17, employer: '贵州黔坤律师事务所', region: '520103', specialties: ['X03'] },
] as const;

export async function seedEvaluationDemo(deps: PlatformDeps): Promise<void> {
  if ((await repo.listExperts(deps.db)).length > 0) return;
  const staff = await deps.db.selectFrom('identity.user').select(['id', 'username']).where('username', '=', 'staff').executeTakeFirst();
  const expertUser = await deps.db.selectFrom('identity.user').select(['id']).where('username', '=', 'expert').executeTakeFirst();
  if (!staff) return;
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    for (const [i, e] of DEMO_EXPERTS.entries()) {
      await repo.insertExpert(tx, {
        user_id: i === 0 ? (expertUser?.id ?? null) : null,
        name: e.name,
        title: e.title,
        years_of_practice: e.years,
        employer: JSON.stringify({ name: e.employer }),
        region_code: e.region,
        specialties: JSON.stringify([...e.specialties].toSorted()),
        related_orgs: '[]',
        departments: '[]',
        unavailable_dates: '[]',
        status: 'approved',
        review_reason: null,
        suspended_until: null,
        penalised: false,
        credit_notes: '[]',
        last_drawn_on: null,
        registered_by: staff.id,
        reviewed_by: staff.id,
        created_at: now,
        updated_at: now,
      });
    }
    await recordAudit(tx, { actorId: staff.id, actorName: staff.username, action: 'evaluation.expert.seed', target: 'expert:demo', outcome: 'success', ip: null, detail: { experts: DEMO_EXPERTS.length }, at: now });
  });
}
