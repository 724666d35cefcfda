/**
 * The numbers of project entry and lifecycle supervision, in one table. Each row names its
 * source: an article (rules.md row and the law), or "provincial configurable default" where no
 * statute fixes the number and the province sets it (domain/README.md conventions).
 *
 * Values that an administrator changes per catalogue version (the entry deadline) take their
 * default from here; thresholds live in the default catalogue (catalogue-default.ts), which
 * cites the same rows.
 */
export interface RuleRow {
  value: number | string;
  unit: 'workingDays' | 'yuan' | 'count';
  /** rules.md row id(s). */
  rule: string;
  source: string;
  status: 'statute' | 'statute (to verify)' | 'provincial configurable default' | 'design decision';
}

export const PROJECT_RULES = {
  /**
   * 应进未进: a catalogue project must be registered for trading within this many working days
   * after its approval / ratification / filing. The duty to register is C5 (宁波 16) and the
   * sanction C9d (法 49); no statute fixes the period, so the province configures it.
   */
  entryDeadlineWorkingDays: {
    value: 20,
    unit: 'workingDays',
    rule: 'C5, C9d',
    source: '宁波市公共资源交易管理条例 16 (registration duty); 招标投标法 49 (sanction); period: Guizhou configurable',
    status: 'provincial configurable default',
  },
  /** C9b: construction contracts of a must-tender project from this estimate. */
  worksThreshold: { value: '4000000.00', unit: 'yuan', rule: 'C9b', source: '必须招标的工程项目规定 (国家发展改革委令第16号) 第五条 (一)', status: 'statute (to verify)' },
  /** C9b: important equipment and materials. */
  goodsThreshold: { value: '2000000.00', unit: 'yuan', rule: 'C9b', source: '必须招标的工程项目规定 (国家发展改革委令第16号) 第五条 (二)', status: 'statute (to verify)' },
  /** C9b: survey, design, supervision and similar services. */
  servicesThreshold: { value: '1000000.00', unit: 'yuan', rule: 'C9b', source: '必须招标的工程项目规定 (国家发展改革委令第16号) 第五条 (三)', status: 'statute (to verify)' },
  /**
   * C9c: government procurement enters the platform from the provincial amount (the open-tender
   * amount is a provincial notice not held by the project).
   */
  procurementThreshold: { value: '1000000.00', unit: 'yuan', rule: 'C9c', source: '政府采购法 26–28; amount: Guizhou provincial notice (to verify)', status: 'provincial configurable default' },
  /** codes.md §2: sequences within a project and a tender project are two digits. */
  maxSectionsPerTenderProject: { value: 99, unit: 'count', rule: 'codes.md §2', source: 'ggzy code scheme ggzy-1', status: 'design decision' },
} as const satisfies Record<string, RuleRow>;
