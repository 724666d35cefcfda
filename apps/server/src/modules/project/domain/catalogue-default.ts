import type { CatalogueVersion } from './catalogue.js';
import { PROJECT_RULES } from './rules.js';

const stateFunded = ['stateBudget', 'stateOwnedCapital', 'internationalLoan', 'mixedStateControlled'] as const;
const C2 = '宁波市公共资源交易管理条例 12 (rules.md C2)';

/**
 * The catalogue shipped as seed data (version 1). Engineering entries follow the national
 * must-tender rule (C9a scope, C9b thresholds); procurement uses the provincial amount (C9c);
 * the other categories of C2 enter whatever their size.
 */
export const DEFAULT_CATALOGUE: Omit<CatalogueVersion, 'version'> = {
  effectiveFrom: '2026-01-01',
  reason: '初始目录：依据《必须招标的工程项目规定》、政府采购法及公共资源交易目录十二类（宁波条例第十二条为范本），贵州适用前须经省政府批准公布 / Initial catalogue',
  entryDeadlineWorkingDays: PROJECT_RULES.entryDeadlineWorkingDays.value,
  entries: [
    {
      code: 'ENG-WORKS',
      category: 'engineeringConstruction',
      nameZh: '国有资金投资工程施工（单项合同估算 400 万元以上）',
      nameEn: 'State-funded construction works (contract estimate ≥ 4 million yuan)',
      contractKinds: ['works'],
      fundingSources: [...stateFunded],
      minAmount: PROJECT_RULES.worksThreshold.value,
      basis: '国家发展改革委令第16号 第二至五条 (C9a, C9b)',
    },
    {
      code: 'ENG-GOODS',
      category: 'engineeringConstruction',
      nameZh: '国有资金投资工程重要设备、材料采购（200 万元以上）',
      nameEn: 'State-funded important equipment and materials (≥ 2 million yuan)',
      contractKinds: ['goods'],
      fundingSources: [...stateFunded],
      minAmount: PROJECT_RULES.goodsThreshold.value,
      basis: '国家发展改革委令第16号 第五条 (C9b)',
    },
    {
      code: 'ENG-SERVICES',
      category: 'engineeringConstruction',
      nameZh: '国有资金投资工程勘察、设计、监理等服务（100 万元以上）',
      nameEn: 'State-funded survey, design, supervision services (≥ 1 million yuan)',
      contractKinds: ['services'],
      fundingSources: [...stateFunded],
      minAmount: PROJECT_RULES.servicesThreshold.value,
      basis: '国家发展改革委令第16号 第五条 (C9b)',
    },
    {
      code: 'GP',
      category: 'governmentProcurement',
      nameZh: '政府采购货物、工程和服务（达到省定限额）',
      nameEn: 'Government procurement at or above the provincial amount',
      minAmount: PROJECT_RULES.procurementThreshold.value,
      basis: '政府采购法 26–28 (C9c)',
    },
    { code: 'LAND', category: 'landUseRight', nameZh: '国有建设用地使用权招标拍卖挂牌出让', nameEn: 'State construction-land use rights (tender, auction, listing)', basis: C2 },
    { code: 'MINING', category: 'miningRight', nameZh: '探矿权、采矿权出让', nameEn: 'Exploration and mining rights', basis: C2 },
    { code: 'PROPERTY', category: 'stateOwnedPropertyRight', nameZh: '国有企业产权交易', nameEn: 'State-owned enterprise property rights', basis: C2 },
    { code: 'INSTITUTION-ASSET', category: 'publicInstitutionAsset', nameZh: '行政事业单位资产转让、出租', nameEn: 'Public institution asset transfers and leases', basis: C2 },
    { code: 'CONFISCATED', category: 'confiscatedAsset', nameZh: '罚没物品和资产处置', nameEn: 'Confiscated goods and assets', basis: C2 },
    { code: 'CONCESSION', category: 'concessionRight', nameZh: '特许经营权及公共设施使用、经营、冠名权', nameEn: 'Concessions and public-facility rights', basis: C2 },
    { code: 'ENVIRONMENTAL', category: 'environmentalRight', nameZh: '排污权、碳排放权、用能权', nameEn: 'Emission, carbon and energy-use rights', basis: C2 },
    { code: 'INTERNATIONAL', category: 'internationalTender', nameZh: '机电产品国际招标', nameEn: 'International tenders for mechanical and electrical products', basis: C2 },
    { code: 'FOREST', category: 'forestRight', nameZh: '林权交易', nameEn: 'Forest rights', basis: C2 },
    { code: 'RURAL', category: 'ruralCollectiveProperty', nameZh: '农村集体产权交易', nameEn: 'Rural collective property rights', basis: C2 },
  ],
};
