import type { LifecycleAlertKind, LifecycleStage } from '@ggzy/contracts';

/** How alerts read, in both languages (the web shows the server's text). */
export const STAGE_NAMES: Record<LifecycleStage, { zh: string; en: string }> = {
  approval: { zh: '审批核准备案', en: 'approval' },
  trading: { zh: '交易', en: 'trading' },
  contract: { zh: '合同签订', en: 'contract signing' },
  performance: { zh: '履约施工', en: 'performance' },
  finalAccounts: { zh: '决算', en: 'final accounts' },
  completionAcceptance: { zh: '竣工验收', en: 'completion acceptance' },
  fundDisbursement: { zh: '资金拨付', en: 'fund disbursement' },
  fixedAssetTransfer: { zh: '投转固', en: 'transfer to fixed assets' },
};

const UNRESOLVED: Record<string, { zh: string; en: string }> = {
  investProjectCodeUnknown: { zh: '平台无此投资项目的登记或审批记录', en: 'no registration or approval record of this investment project' },
  projectCodeUnknown: { zh: '项目编号不存在', en: 'no such project code' },
  sectionCodeUnknown: { zh: '标段编号不存在', en: 'no such section code' },
  dealCodeUnknown: { zh: '交易标识码不存在', en: 'no such deal code' },
  codesDisagree: { zh: '所报各赋码不属于同一项目', en: 'the codes given belong to different projects' },
};

const stageName = (stage: unknown, zh: boolean) => {
  const names = typeof stage === 'string' && stage in STAGE_NAMES ? STAGE_NAMES[stage as LifecycleStage] : undefined;
  return names ? (zh ? names.zh : names.en) : String(stage);
};

export function alertMessage(kind: LifecycleAlertKind, reason: Record<string, unknown>, locale: 'zh-CN' | 'en'): string {
  const zh = locale === 'zh-CN';
  const r = (name: string) => String(reason[name] ?? '');
  switch (kind) {
    case 'notEntered':
      return zh
        ? `应进未进：目录内项目于 ${r('approvedOn')} 批准，应在 ${r('workingDays')} 个工作日内（${r('deadline')} 前）进场登记，${r('enteredOn') ? `实际于 ${r('enteredOn')} 登记，已逾期` : '至今未进场'}`
        : `Not entered: a catalogue project approved on ${r('approvedOn')} had to register within ${r('workingDays')} working days (by ${r('deadline')}); ${r('enteredOn') ? `it registered late, on ${r('enteredOn')}` : 'it has not registered'}`;
    case 'builtBeforeTendering': {
      const stages = Array.isArray(reason.stages) ? reason.stages.map((s) => stageName(s, zh)) : [];
      return zh
        ? `先建设后招标：交易${r('tradingFinishedOn') ? `于 ${r('tradingFinishedOn')} 完成` : '尚未完成'}，但 ${r('firstOn')} 起已报送${stages.join('、')}`
        : `Built before tendering: ${stages.join(', ')} recorded from ${r('firstOn')} while trading ${r('tradingFinishedOn') ? `finished only on ${r('tradingFinishedOn')}` : 'has not finished'}`;
    }
    case 'outOfOrder':
      return zh
        ? `环节倒置：${stageName(reason.stage, true)}（${r('stageOn')}）早于前序环节${stageName(reason.before, true)}（${r('beforeOn')}）`
        : `Stages out of order: ${stageName(reason.stage, false)} (${r('stageOn')}) is dated before ${stageName(reason.before, false)} (${r('beforeOn')})`;
    case 'unresolvedCode': {
      const why = UNRESOLVED[r('why')];
      return zh
        ? `赋码无法关联：${stageName(reason.stage, true)}事件（${r('occurredOn')}）中的赋码 ${r('code')} ${why ? why.zh : r('why')}`
        : `Code does not resolve: the ${stageName(reason.stage, false)} event of ${r('occurredOn')} names ${r('code')}: ${why ? why.en : r('why')}`;
    }
  }
}
