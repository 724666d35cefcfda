/**
 * The specialty code list of the expert registry (评标专家专业). This round ships the construction
 * classes (section E, divisions 47–50) of GB/T 4754-2017 国民经济行业分类, taken from
 * /work/shared/reference/industry/gbt4754-2017.csv (derived there from SAH01/data-standardization
 * @ e479e92c, data_cleaning/GBT4754-2017.xlsx; the classification is a national standard published
 * by NBS/SAC), plus three economic/legal specialties every engineering committee needs. Codes are
 * stable strings; the list grows by migration.
 */
export interface Specialty {
  code: string;
  name: string;
  group: string;
}

export const SPECIALTIES: readonly Specialty[] = [
  { code: '4710', name: '住宅房屋建筑', group: '47' },
  { code: '4720', name: '体育场馆建筑', group: '47' },
  { code: '4790', name: '其他房屋建筑业', group: '47' },
  { code: '4811', name: '铁路工程建筑', group: '48' },
  { code: '4812', name: '公路工程建筑', group: '48' },
  { code: '4813', name: '市政道路工程建筑', group: '48' },
  { code: '4814', name: '城市轨道交通工程建筑', group: '48' },
  { code: '4819', name: '其他道路、隧道和桥梁工程建筑', group: '48' },
  { code: '4821', name: '水源及供水设施工程建筑', group: '48' },
  { code: '4822', name: '河湖治理及防洪设施工程建筑', group: '48' },
  { code: '4823', name: '港口及航运设施工程建筑', group: '48' },
  { code: '4831', name: '海洋油气资源开发利用工程建筑', group: '48' },
  { code: '4832', name: '海洋能源开发利用工程建筑', group: '48' },
  { code: '4833', name: '海底隧道工程建筑', group: '48' },
  { code: '4834', name: '海底设施铺设工程建筑', group: '48' },
  { code: '4839', name: '其他海洋工程建筑', group: '48' },
  { code: '4840', name: '工矿工程建筑', group: '48' },
  { code: '4851', name: '架线及设备工程建筑', group: '48' },
  { code: '4852', name: '管道工程建筑', group: '48' },
  { code: '4853', name: '地下综合管廊工程建筑', group: '48' },
  { code: '4861', name: '节能工程施工', group: '48' },
  { code: '4862', name: '环保工程施工', group: '48' },
  { code: '4863', name: '生态保护工程施工', group: '48' },
  { code: '4871', name: '火力发电工程施工', group: '48' },
  { code: '4872', name: '水力发电工程施工', group: '48' },
  { code: '4873', name: '核电工程施工', group: '48' },
  { code: '4874', name: '风能发电工程施工', group: '48' },
  { code: '4875', name: '太阳能发电工程施工', group: '48' },
  { code: '4879', name: '其他电力工程施工', group: '48' },
  { code: '4891', name: '园林绿化工程施工', group: '48' },
  { code: '4892', name: '体育场地设施工程施工', group: '48' },
  { code: '4893', name: '游乐设施工程施工', group: '48' },
  { code: '4899', name: '其他土木工程建筑施工', group: '48' },
  { code: '4910', name: '电气安装', group: '49' },
  { code: '4920', name: '管道和设备安装', group: '49' },
  { code: '4991', name: '体育场地设施安装', group: '49' },
  { code: '4999', name: '其他建筑安装', group: '49' },
  { code: '5011', name: '公共建筑装饰和装修', group: '50' },
  { code: '5012', name: '住宅装饰和装修', group: '50' },
  { code: '5013', name: '建筑幕墙装饰和装修', group: '50' },
  { code: '5021', name: '建筑物拆除活动', group: '50' },
  { code: '5022', name: '场地准备活动', group: '50' },
  { code: '5030', name: '提供施工设备服务', group: '50' },
  { code: '5090', name: '其他未列明建筑业', group: '50' },
  { code: 'X01', name: '工程造价', group: 'X' },
  { code: 'X02', name: '工程经济与财务', group: 'X' },
  { code: 'X03', name: '招标投标法律', group: 'X' },
];

export const SPECIALTY_CODES: ReadonlySet<string> = new Set(SPECIALTIES.map((s) => s.code));
