/**
 * What a code validator reports (domain/codes.md): `ok` with the normalised code, or the list of
 * problems, each with a machine code, the 1-based position where it applies and the values a
 * form needs to say exactly what is wrong. `describeCodeProblem` words a problem in either language.
 */
export type CodeKind = 'investProjectCode' | 'projectCode' | 'tenderProjectCode' | 'sectionCode' | 'dealCode' | 'regionCode';

export type CodeProblem =
  | { code: 'length'; expected: number; actual: number }
  | { code: 'character'; position: number; character: string; allowed: 'digit' | 'alphabet' | 'hyphen' }
  | { code: 'check'; position: number; expected: string; actual: string }
  | { code: 'sequence'; position: number; value: string }
  | { code: 'date'; position: number; value: string }
  | { code: 'province'; value: string };

export type CodeCheck = { ok: true; code: string } | { ok: false; code: string; problems: CodeProblem[] };

export const CODE_NAMES: Record<CodeKind, { zh: string; en: string }> = {
  investProjectCode: { zh: '投资项目统一代码', en: 'investment project code' },
  projectCode: { zh: '项目编号', en: 'project code' },
  tenderProjectCode: { zh: '招标项目编号', en: 'tender project code' },
  sectionCode: { zh: '标段（包）编号', en: 'section code' },
  dealCode: { zh: '统一交易标识码', en: 'deal code' },
  regionCode: { zh: '行政区划代码', en: 'region code' },
};

const ALLOWED = {
  digit: { zh: '数字', en: 'a digit' },
  alphabet: { zh: '数字或除 I、O、S、V、Z 外的大写字母', en: 'a digit or a capital letter other than I, O, S, V, Z' },
  hyphen: { zh: '连字符“-”', en: 'a hyphen "-"' },
} as const;

export function describeCodeProblem(kind: CodeKind, problem: CodeProblem, locale: 'zh-CN' | 'en'): string {
  const name = CODE_NAMES[kind];
  const zh = locale === 'zh-CN';
  switch (problem.code) {
    case 'length':
      return zh ? `${name.zh}应为 ${problem.expected} 位，您输入了 ${problem.actual} 位` : `${/^[aeiou]/.test(name.en) ? 'An' : 'A'} ${name.en} has ${problem.expected} characters; you entered ${problem.actual}`;
    case 'character':
      return zh
        ? `${name.zh}第 ${problem.position} 位“${problem.character}”不合规，应为${ALLOWED[problem.allowed].zh}`
        : `Character ${problem.position} ("${problem.character}") of the ${name.en} should be ${ALLOWED[problem.allowed].en}`;
    case 'check':
      return zh
        ? `${name.zh}第 ${problem.position} 位校验码应为“${problem.expected}”，您输入的是“${problem.actual}”，请核对前面各位`
        : `The check character (position ${problem.position}) of the ${name.en} should be "${problem.expected}", not "${problem.actual}"`;
    case 'sequence':
      return zh
        ? `${name.zh}第 ${problem.position} 位起的序号“${problem.value}”不合规（应为 01–99，轮次为 1–9）`
        : `The sequence "${problem.value}" at position ${problem.position} of the ${name.en} is not allowed (01–99; a round is 1–9)`;
    case 'date':
      return zh ? `${name.zh}第 ${problem.position} 位起的日期“${problem.value}”不存在` : `The date "${problem.value}" at position ${problem.position} of the ${name.en} does not exist`;
    case 'province':
      return zh ? `${name.zh}“${problem.value}”的前两位不是省级行政区代码` : `The first two digits of the ${name.en} "${problem.value}" are not a province code`;
  }
}

/** The first problem of a failed check, worded; undefined when the code is valid. */
export function describeCodeCheck(kind: CodeKind, check: CodeCheck, locale: 'zh-CN' | 'en'): string | undefined {
  if (check.ok) return undefined;
  const first = check.problems[0];
  return first ? describeCodeProblem(kind, first, locale) : undefined;
}
