import { describe, expect, it } from 'vitest';
import { type CatalogueVersion, catalogueProblems, catalogueVersionAt, decideMustEnter, type ProjectFacts } from './catalogue.js';
import { DEFAULT_CATALOGUE } from './catalogue-default.js';
import { PROJECT_RULES } from './rules.js';

const v1: CatalogueVersion = { ...DEFAULT_CATALOGUE, version: 1 };
const works = (overrides: Partial<ProjectFacts> = {}): ProjectFacts => ({
  category: 'engineeringConstruction',
  contractKind: 'works',
  fundingSource: 'stateBudget',
  estimatedAmount: '4000000.00',
  ...overrides,
});

describe('rule table (rules.md §3)', () => {
  it('C5/C9d: the 应进未进 period is a provincial configurable default of 20 working days', () => {
    expect(PROJECT_RULES.entryDeadlineWorkingDays).toMatchObject({ value: 20, unit: 'workingDays', status: 'provincial configurable default' });
  });
  it('C9b (国家发展改革委令第16号 第五条): construction 400万, goods 200万, services 100万', () => {
    expect([PROJECT_RULES.worksThreshold.value, PROJECT_RULES.goodsThreshold.value, PROJECT_RULES.servicesThreshold.value]).toEqual(['4000000.00', '2000000.00', '1000000.00']);
  });
  it('C9c: the government procurement amount is a provincial parameter', () => {
    expect(PROJECT_RULES.procurementThreshold.status).toBe('provincial configurable default');
  });
});

describe('must-enter decision (交易项目目录)', () => {
  it('C9b: state-funded construction of exactly 4 million yuan must enter, naming the entry and version', () => {
    expect(decideMustEnter(works(), v1)).toMatchObject({ mustEnter: true, version: 1, entry: { code: 'ENG-WORKS' } });
  });

  it('C9b: 3,999,999.99 yuan of construction is below the threshold', () => {
    expect(decideMustEnter(works({ estimatedAmount: '3999999.99' }), v1)).toMatchObject({ mustEnter: false, reason: 'belowThreshold', closest: { code: 'ENG-WORKS' } });
  });

  it('C9b: services enter from 1 million, goods from 2 million', () => {
    expect(decideMustEnter(works({ contractKind: 'services', estimatedAmount: '1000000' }), v1)).toMatchObject({ mustEnter: true, entry: { code: 'ENG-SERVICES' } });
    expect(decideMustEnter(works({ contractKind: 'goods', estimatedAmount: '1999999.99' }), v1)).toMatchObject({ mustEnter: false, reason: 'belowThreshold' });
  });

  it('C9a: privately funded construction is outside the must-tender scope', () => {
    expect(decideMustEnter(works({ fundingSource: 'private', estimatedAmount: '90000000.00' }), v1)).toMatchObject({ mustEnter: false, reason: 'fundingNotCovered' });
  });

  it('C2: land use rights and mining rights enter whatever their size', () => {
    expect(decideMustEnter({ category: 'landUseRight', contractKind: null, fundingSource: 'other', estimatedAmount: '1.00' }, v1)).toMatchObject({ mustEnter: true, entry: { code: 'LAND' } });
    expect(decideMustEnter({ category: 'miningRight', contractKind: null, fundingSource: 'private', estimatedAmount: '0' }, v1)).toMatchObject({ mustEnter: true, entry: { code: 'MINING' } });
  });

  it('C4: a category the catalogue does not list is not required (encouraged only)', () => {
    expect(decideMustEnter({ category: 'other', contractKind: null, fundingSource: 'private', estimatedAmount: '5000000' }, v1)).toEqual({ mustEnter: false, version: 1, reason: 'categoryNotListed', closest: null });
  });

  it('picks the version in force on the approval date', () => {
    const v2: CatalogueVersion = { ...v1, version: 2, effectiveFrom: '2026-07-01', reason: '施工限额调整', entries: v1.entries.map((e) => (e.code === 'ENG-WORKS' ? { ...e, minAmount: '3000000.00' } : e)) };
    expect(catalogueVersionAt([v1, v2], '2026-06-30')?.version).toBe(1);
    expect(catalogueVersionAt([v2, v1], '2026-07-01')?.version).toBe(2);
    expect(catalogueVersionAt([v1, v2], '2025-03-01')?.version).toBe(1);
    const approvedInJuly = catalogueVersionAt([v1, v2], '2026-07-15');
    expect(approvedInJuly && decideMustEnter(works({ estimatedAmount: '3500000.00' }), approvedInJuly)).toMatchObject({ mustEnter: true, version: 2 });
  });

  it('checks an administrator’s edit', () => {
    expect(catalogueProblems(DEFAULT_CATALOGUE)).toEqual([]);
    const first = DEFAULT_CATALOGUE.entries[0];
    if (!first) throw new Error('empty default catalogue');
    expect(catalogueProblems({ ...DEFAULT_CATALOGUE, entryDeadlineWorkingDays: 0, entries: [first, { ...first, minAmount: '4,000,000' }] })).toEqual([
      'duplicate entry code ENG-WORKS',
      'entry ENG-WORKS: minAmount "4,000,000" is not an amount',
      'entryDeadlineWorkingDays must be 1–120',
    ]);
  });
});
