import { describe, expect, it } from 'vitest';
import { loadWorkingDayCalendar } from '../../../platform/calendar/index.js';
import { computeAlerts, type Dossier, type DossierEvent, entryDeadline, tradingFinishedOn } from './alerts.js';

const calendar = loadWorkingDayCalendar();
const ctx = (today: string, entryDeadlineWorkingDays = 7) => ({ today, calendar, entryDeadlineWorkingDays });
const event = (id: string, stage: DossierEvent['stage'], occurredOn: string, extra: Partial<DossierEvent> = {}): DossierEvent => ({
  id,
  stage,
  kind: stage,
  occurredOn,
  departmentCode: 'housing-520000',
  resolved: true,
  unresolvedReason: null,
  unresolvedCode: null,
  ...extra,
});
// Approved Monday 2026-09-28; 7 working days run 09-29, 09-30, 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13 (rules.md §0 vectors).
const approval = event('a', 'approval', '2026-09-28');
const approvedOnly = (extra: Partial<Dossier> = {}): Dossier => ({
  project: null,
  approval: { on: '2026-09-28', mustEnter: true, eventIds: ['a'] },
  events: [approval],
  ...extra,
});

const entered = (enteredOn: string): Dossier => approvedOnly({ project: { enteredOn, mustEnter: true, tradingFinishedOn: null } });
const registered = (tradingFinished: string | null, events: DossierEvent[]): Dossier => ({
  project: { enteredOn: '2026-10-09', mustEnter: true, tradingFinishedOn: tradingFinished },
  approval: { on: '2026-09-28', mustEnter: true, eventIds: ['a'] },
  events: [approval, ...events],
});

describe('应进未进 (notEntered): C5 registration duty, period = provincial configurable default', () => {
  it('the deadline counts working days from the day after approval, across the National Day holiday and a make-up Saturday', () => {
    expect(entryDeadline('2026-09-28', { calendar, entryDeadlineWorkingDays: 7 })).toBe('2026-10-13');
    expect(entryDeadline('2026-02-13', { calendar, entryDeadlineWorkingDays: 5 })).toBe('2026-02-27');
  });

  it('no alert on the last day of the period, a red alert the day after', () => {
    expect(computeAlerts(approvedOnly(), ctx('2026-10-13'))).toEqual([]);
    expect(computeAlerts(approvedOnly(), ctx('2026-10-14'))).toEqual([
      {
        kind: 'notEntered',
        level: 'red',
        subject: '',
        reason: { approvedOn: '2026-09-28', deadline: '2026-10-13', workingDays: 7, enteredOn: '' },
        evidence: ['a'],
        departmentCode: 'housing-520000',
      },
    ]);
  });

  it('registration on the last day is in time; the next day is late (yellow)', () => {
    expect(computeAlerts(entered('2026-10-13'), ctx('2026-11-20')).filter((a) => a.kind === 'notEntered')).toEqual([]);
    expect(computeAlerts(entered('2026-10-14'), ctx('2026-11-20')).filter((a) => a.kind === 'notEntered')).toMatchObject([{ level: 'yellow', reason: { enteredOn: '2026-10-14' } }]);
  });

  it('a project outside the catalogue raises nothing', () => {
    expect(computeAlerts(approvedOnly({ approval: { on: '2026-09-28', mustEnter: false, eventIds: ['a'] } }), ctx('2026-12-01'))).toEqual([]);
  });

  it('does not guess when the deadline falls in a year without a published calendar (rules.md T7)', () => {
    const late = approvedOnly({ approval: { on: '2026-12-28', mustEnter: true, eventIds: ['a'] }, events: [event('a', 'approval', '2026-12-28')] });
    expect(entryDeadline('2026-12-28', { calendar, entryDeadlineWorkingDays: 20 })).toBeNull();
    expect(computeAlerts(late, ctx('2026-12-31', 20))).toEqual([]);
  });
});

describe('先建设后招标 (builtBeforeTendering): C9d, 招标投标法 49', () => {
  it('completion acceptance while trading has not finished is red, naming the stage and the department', () => {
    const alerts = computeAlerts(registered(null, [event('c', 'completionAcceptance', '2026-10-20')]), ctx('2026-10-21'));
    expect(alerts).toEqual([
      {
        kind: 'builtBeforeTendering',
        level: 'red',
        subject: '',
        reason: { stages: ['completionAcceptance'], firstOn: '2026-10-20', tradingFinishedOn: '' },
        evidence: ['c'],
        departmentCode: 'housing-520000',
      },
    ]);
  });

  it('a contract signed the day before trading finished is early; on the same day it is not', () => {
    expect(computeAlerts(registered('2026-10-16', [event('k', 'contract', '2026-10-15')]), ctx('2026-10-21')).map((a) => a.kind)).toEqual(['builtBeforeTendering']);
    expect(computeAlerts(registered('2026-10-16', [event('k', 'contract', '2026-10-16')]), ctx('2026-10-21'))).toEqual([]);
  });

  it('payment recorded for an approved catalogue project that never entered is early too', () => {
    const alerts = computeAlerts(approvedOnly({ events: [approval, event('p', 'fundDisbursement', '2026-10-09')] }), ctx('2026-10-12'));
    expect(alerts.map((a) => a.kind)).toEqual(['builtBeforeTendering']);
  });

  it('trading finishes when every section has completed, on the latest day', () => {
    expect(tradingFinishedOn(['S1', 'S2'], [{ sectionCode: 'S1', occurredOn: '2026-10-10' }])).toBeNull();
    expect(tradingFinishedOn(['S1', 'S2'], [{ sectionCode: 'S1', occurredOn: '2026-10-10' }, { sectionCode: 'S2', occurredOn: '2026-10-12' }])).toBe('2026-10-12');
    expect(tradingFinishedOn([], [])).toBeNull();
  });
});

describe('stages out of order and codes that do not resolve', () => {
  it('completion acceptance dated before final accounts is out of order (the issue’s order: final accounts → acceptance), yellow', () => {
    const dossier: Dossier = {
      project: { enteredOn: '2026-10-09', mustEnter: true, tradingFinishedOn: '2026-10-12' },
      approval: { on: '2026-09-28', mustEnter: true, eventIds: ['a'] },
      events: [approval, event('k', 'contract', '2026-10-13'), event('f', 'finalAccounts', '2026-11-05'), event('c', 'completionAcceptance', '2026-11-02')],
    };
    expect(computeAlerts(dossier, ctx('2026-11-06'))).toEqual([
      {
        kind: 'outOfOrder',
        level: 'yellow',
        subject: '',
        reason: { pairs: ['completionAcceptance@2026-11-02<finalAccounts@2026-11-05'], stage: 'completionAcceptance', stageOn: '2026-11-02', before: 'finalAccounts', beforeOn: '2026-11-05' },
        evidence: ['c', 'f'],
        departmentCode: 'housing-520000',
      },
    ]);
  });

  it('an event whose deal code matches nothing is one red alert per event', () => {
    const lost = event('x', 'contract', '2026-10-13', { resolved: false, unresolvedCode: 'G520000000004711M01J02L1202603120000042Q', unresolvedReason: 'dealCodeUnknown' });
    const alerts = computeAlerts({ project: null, approval: null, events: [lost] }, ctx('2026-10-14'));
    expect(alerts).toEqual([
      {
        kind: 'unresolvedCode',
        level: 'red',
        subject: 'x',
        reason: { code: 'G520000000004711M01J02L1202603120000042Q', why: 'dealCodeUnknown', stage: 'contract', occurredOn: '2026-10-13' },
        evidence: ['x'],
        departmentCode: 'housing-520000',
      },
    ]);
  });
});
