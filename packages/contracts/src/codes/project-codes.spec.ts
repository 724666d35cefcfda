import { describe, expect, it } from 'vitest';
import {
  checkDealCode,
  checkInvestProjectCode,
  checkProjectCode,
  checkRegionCode,
  checkSectionCode,
  checkTenderProjectCode,
  composeDealCode,
  composeProjectCode,
  composeSectionCode,
  composeTenderProjectCode,
  dealCodeParts,
  describeCodeCheck,
  regionAncestors,
  regionLevel,
  tradingCheckCharacter,
} from './index.js';

describe('investment project code (投资项目统一代码, codes.md §1)', () => {
  it.each(['2509-320193-89-01-544060', '2603-520115-48-01-304921', '2025-520000-78-02-000017'])('accepts %s', (code) =>
    expect(checkInvestProjectCode(code)).toEqual({ ok: true, code }),
  );

  it('refuses 23 characters and says how many were entered', () => {
    const check = checkInvestProjectCode('2509-320193-89-01-54406');
    expect(check).toMatchObject({ ok: false, problems: [{ code: 'length', expected: 24, actual: 23 }] });
    expect(describeCodeCheck('investProjectCode', check, 'zh-CN')).toBe('投资项目统一代码应为 24 位，您输入了 23 位');
  });

  it('refuses an underscore separator and names its position', () => {
    expect(checkInvestProjectCode('2509_320193-89-01-544060')).toMatchObject({
      ok: false,
      problems: [{ code: 'character', position: 5, character: '_', allowed: 'hyphen' }],
    });
  });

  it('normalises full-width digits and hyphens (and surrounding spaces)', () => {
    expect(checkInvestProjectCode(' ２５０９－３２０１９３－８９－０１－５４４０６０ ')).toEqual({ ok: true, code: '2509-320193-89-01-544060' });
    expect(checkInvestProjectCode('2509–320193–89–01–544060')).toEqual({ ok: true, code: '2509-320193-89-01-544060' });
  });

  it('refuses a letter where a digit belongs', () => {
    const check = checkInvestProjectCode('2509-32O193-89-01-544060');
    expect(check).toMatchObject({ ok: false, problems: [{ code: 'character', position: 8, character: 'O', allowed: 'digit' }] });
    expect(describeCodeCheck('investProjectCode', check, 'en')).toBe('Character 8 ("O") of the investment project code should be a digit');
  });
});

describe('trading codes with check characters (codes.md §2, ggzy scheme)', () => {
  it('reproduces the worked example of codes.md for every level', () => {
    expect(tradingCheckCharacter('G520000000004711')).toBe('M');
    expect(composeProjectCode('520000', 4711)).toBe('G520000000004711M');
    expect(composeTenderProjectCode('G520000000004711M', 1)).toBe('G520000000004711M01J');
    expect(composeSectionCode('G520000000004711M01J', 2)).toBe('G520000000004711M01J02L');
    expect(composeDealCode('G520000000004711M01J02L', 1, '2026-03-12', 42)).toBe('G520000000004711M01J02L1202603120000042Q');
  });

  it('matches the further vectors of codes.md (remainders 25 and 0)', () => {
    expect(composeProjectCode('520000', 3862)).toBe('G520000000003862J');
    expect(composeTenderProjectCode('G520000000003862J', 1)).toBe('G520000000003862J016');
    expect(checkTenderProjectCode('G5200000000123451010')).toEqual({ ok: true, code: 'G5200000000123451010' });
  });

  it.each([
    ['project', checkProjectCode, 'G520000000004711M'],
    ['project in 南明区', checkProjectCode, composeProjectCode('520102', 123_456)],
    ['tender project', checkTenderProjectCode, 'G520000000004711M01J'],
    ['section', checkSectionCode, 'G520000000004711M01J02L'],
    ['deal', checkDealCode, 'G520000000004711M01J02L1202603120000042Q'],
  ])('accepts a valid %s code', (_name, check, code) => expect(check(code)).toEqual({ ok: true, code }));

  it('accepts lower case and full-width input after normalisation', () => {
    expect(checkProjectCode('g520000000004711m')).toEqual({ ok: true, code: 'G520000000004711M' });
    expect(checkSectionCode('Ｇ520000000004711M01J02L')).toEqual({ ok: true, code: 'G520000000004711M01J02L' });
  });

  it('names the expected check character of a mistyped project code', () => {
    const check = checkProjectCode('G520000000004711N');
    expect(check).toMatchObject({ ok: false, problems: [{ code: 'check', position: 17, expected: 'M', actual: 'N' }] });
    expect(describeCodeCheck('projectCode', check, 'zh-CN')).toBe('项目编号第 17 位校验码应为“M”，您输入的是“N”，请核对前面各位');
  });

  it('detects every single substitution and every adjacent transposition of a section code', () => {
    const code = 'G520000000004711M01J02L';
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const variants: string[] = [];
    for (let i = 0; i < code.length; i += 1) {
      for (const c of alphabet) if (c !== code.charAt(i)) variants.push(code.slice(0, i) + c + code.slice(i + 1));
      const swapped = code.slice(0, i) + code.charAt(i + 1) + code.charAt(i) + code.slice(i + 2);
      if (i + 1 < code.length && swapped !== code) variants.push(swapped);
    }
    expect(variants.length).toBeGreaterThan(22 * 30);
    expect(variants.filter((v) => checkSectionCode(v).ok)).toEqual([]);
  });

  it('names the inner check character when a tender project code carries a wrong project code', () => {
    // The project part's check character is wrong; the outer check is recomputed to match, so only the inner one fails.
    const body = 'G520000000004711N01';
    expect(checkTenderProjectCode(body + tradingCheckCharacter(body))).toMatchObject({ ok: false, problems: [{ code: 'check', position: 17, expected: 'M' }] });
  });

  it('refuses wrong lengths, characters outside the alphabet and sequence 00', () => {
    expect(checkProjectCode('G52000000000471M')).toMatchObject({ ok: false, problems: [{ code: 'length', expected: 17, actual: 16 }] });
    expect(checkProjectCode('I520000000004711M')).toMatchObject({ ok: false, problems: [{ code: 'character', position: 1, character: 'I', allowed: 'alphabet' }] });
    expect(checkProjectCode('G5200A0000004711M')).toMatchObject({ ok: false, problems: [{ code: 'character', position: 6, allowed: 'digit' }] });
    const zeroSequence = 'G520000000004711M00';
    expect(checkTenderProjectCode(zeroSequence + tradingCheckCharacter(zeroSequence))).toMatchObject({ ok: false, problems: [{ code: 'sequence', position: 18 }] });
    expect(checkSectionCode('G520000000004711M01J02')).toMatchObject({ ok: false, problems: [{ code: 'length', expected: 23, actual: 22 }] });
  });

  it('refuses a deal code whose date does not exist or whose round is 0', () => {
    const badDate = 'G520000000004711M01J02L1202602300000042';
    const check = checkDealCode(badDate + tradingCheckCharacter(badDate));
    expect(check).toMatchObject({ ok: false, problems: [{ code: 'date', position: 25, value: '20260230' }] });
    expect(describeCodeCheck('dealCode', check, 'en')).toBe('The date "20260230" at position 25 of the deal code does not exist');
    const roundZero = 'G520000000004711M01J02L0202603120000042';
    expect(checkDealCode(roundZero + tradingCheckCharacter(roundZero))).toMatchObject({ ok: false, problems: [{ code: 'sequence', position: 24 }] });
    expect(checkDealCode('G520000000004711M01J02L1202603120000042R')).toMatchObject({ ok: false, problems: [{ code: 'check', position: 40, expected: 'Q' }] });
  });

  it('a re-tender keeps the section code and gets a new deal code with round + 1', () => {
    const first = composeDealCode('G520000000004711M01J02L', 1, '2026-03-12', 42);
    const second = composeDealCode('G520000000004711M01J02L', 2, '2026-05-06', 7);
    expect(second.startsWith('G520000000004711M01J02L2')).toBe(true);
    expect(second).not.toBe(first);
    expect(dealCodeParts(second)).toEqual({ sectionCode: 'G520000000004711M01J02L', round: 2, date: '2026-05-06', dailySerial: 7 });
    expect(checkDealCode(second).ok).toBe(true);
  });

  it('refuses to compose out-of-range parts', () => {
    expect(() => composeProjectCode('52000', 1)).toThrow(RangeError);
    expect(() => composeProjectCode('520000', 1_000_000_000)).toThrow(RangeError);
    expect(() => composeTenderProjectCode('G520000000004711M', 100)).toThrow(RangeError);
    expect(() => composeDealCode('G520000000004711M01J02L', 10, '2026-03-12', 1)).toThrow(RangeError);
  });
});

describe('region code (GB/T 2260, codes.md §3)', () => {
  it.each([
    ['520000', 'province'],
    ['520100', 'prefecture'],
    ['522700', 'prefecture'],
    ['520102', 'county'],
    ['520181', 'county'],
  ] as const)('accepts %s (%s level)', (code, level) => {
    expect(checkRegionCode(code)).toEqual({ ok: true, code });
    expect(regionLevel(code)).toBe(level);
  });

  it('refuses a wrong length, a letter and an unknown province', () => {
    expect(checkRegionCode('52010')).toMatchObject({ ok: false, problems: [{ code: 'length', expected: 6, actual: 5 }] });
    expect(checkRegionCode('52O102')).toMatchObject({ ok: false, problems: [{ code: 'character', position: 3 }] });
    expect(checkRegionCode('990102')).toMatchObject({ ok: false, problems: [{ code: 'province', value: '990102' }] });
  });

  it('finds the prefecture and province of a county', () => {
    expect(regionAncestors('520115')).toEqual({ province: '520000', prefecture: '520100' });
    expect(regionAncestors('520000')).toEqual({ province: '520000', prefecture: null });
  });
});
