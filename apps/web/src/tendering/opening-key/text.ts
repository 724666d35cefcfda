import { useI18n } from '../../i18n';

/** The opening-key ceremony card's dictionary (zh-CN first, English with exactly the same keys). */
const zh = {
  'title': '开标密钥仪式',
  'intro': '平台生成本项目的开标密钥（SM2），私钥立即按门限拆分为份额，每个份额用保管人本人数字证书的 SM2 公钥加密，私钥不保存。投标人解密失败时，任意 {t} 名保管人可恢复开标密钥（电子招标投标办法第三十一条）。',
  'missing': '尚未生成开标密钥，投标人暂不能递交投标文件。',
  'candidates': '选择保管人（持有有效 SM2 数字证书）',
  'candidates.rule': '候选人：本项目招标人/代理（创建人）及代理机构、监督部门、交易中心和平台人员中持有有效 SM2 证书者；已获取招标文件的潜在投标人除外。',
  'candidates.empty': '没有持有有效 SM2 证书的候选保管人',
  'col.name': '姓名',
  'col.relation': '身份',
  'col.serial': '证书序列号',
  'col.fingerprint': '公钥指纹（SM3）',
  'col.x': '份额编号',
  'col.source': '密钥来源',
  'relation.owner': '招标人/代理（本项目）',
  'relation.agency': '代理机构',
  'relation.supervisor': '监督部门',
  'relation.centreStaff': '交易中心',
  'relation.admin': '平台',
  'source.platform': '平台签发证书',
  'source.bound': '绑定的外部证书',
  'source.offline': '离线公钥',
  'threshold': '门限 t',
  'count': '保管人 n = {n}',
  'thresholdRule': '2 ≤ t ≤ n；默认 5 人中任意 3 人',
  'run': '生成开标密钥',
  'confirm.title': '确认生成开标密钥？',
  'confirm.body': '由 {n} 名保管人持有份额，任意 {t} 名可恢复。生成后不能更改。',
  'confirm.ok': '生成',
  'confirm.cancel': '取消',
  'done': '开标密钥已生成',
  'publicKey': '开标公钥',
  'thresholdOf': '门限：{n} 名保管人中任意 {t} 名',
  'createdAt': '生成时间：{at}',
  'custodians': '份额保管人',
};

const en: Record<keyof typeof zh, string> = {
  'title': 'Opening-key ceremony',
  'intro': "The platform generates this tender's opening key (SM2) and splits its private key into shares at once, each encrypted to the SM2 key of the custodian's own certificate; the private key is not kept. If a bidder cannot decrypt, any {t} custodians can rebuild the opening key (e-bidding Measures Art. 31).",
  'missing': 'No opening key yet: bids cannot be sealed.',
  'candidates': 'Choose the custodians (holding a valid SM2 certificate)',
  'candidates.rule': "Candidates: this tender's tenderer/agency (its creator) and agency, supervisor, trading-centre and platform users with a valid SM2 certificate; would-be bidders who obtained the documents are left out.",
  'candidates.empty': 'No candidate custodian holds a valid SM2 certificate',
  'col.name': 'Name',
  'col.relation': 'As',
  'col.serial': 'Certificate serial',
  'col.fingerprint': 'Key fingerprint (SM3)',
  'col.x': 'Share',
  'col.source': 'Key from',
  'relation.owner': 'Tenderer/agency (this tender)',
  'relation.agency': 'Agency',
  'relation.supervisor': 'Supervisor',
  'relation.centreStaff': 'Trading centre',
  'relation.admin': 'Platform',
  'source.platform': 'Platform certificate',
  'source.bound': 'Bound foreign certificate',
  'source.offline': 'Offline key',
  'threshold': 'Threshold t',
  'count': 'Custodians n = {n}',
  'thresholdRule': '2 ≤ t ≤ n; by default any 3 of 5',
  'run': 'Generate the opening key',
  'confirm.title': 'Generate the opening key?',
  'confirm.body': '{n} custodians hold shares; any {t} rebuild the key. It cannot be changed afterwards.',
  'confirm.ok': 'Generate',
  'confirm.cancel': 'Cancel',
  'done': 'The opening key was generated',
  'publicKey': 'Opening public key',
  'thresholdOf': 'Threshold: any {t} of {n} custodians',
  'createdAt': 'Generated {at}',
  'custodians': 'Share custodians',
};

export type OpeningKeyTextKey = keyof typeof zh;

export function useOpeningKeyText() {
  const { locale } = useI18n();
  const dict: Record<OpeningKeyTextKey, string> = locale === 'en' ? en : zh;
  return (key: OpeningKeyTextKey, params?: Record<string, string | number>) =>
    dict[key].replace(/\{(\w+)\}/g, (whole, name: string) => (params?.[name] === undefined ? whole : String(params[name])));
}
