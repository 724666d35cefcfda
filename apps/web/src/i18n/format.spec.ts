import { describe, expect, it } from 'vitest';
import { en } from './en';
import { formatDateTime, isLocale, shanghaiHour, translate } from './format';
import { zhCN } from './zh-CN';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).toSorted();

describe('i18n', () => {
  it('has the same keys in both dictionaries', () => {
    expect(Object.keys(en).toSorted()).toEqual(Object.keys(zhCN).toSorted());
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of Object.keys(zhCN) as Array<keyof typeof zhCN>) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'home.announcements.count', { total: 3 })).toBe('共 3 条');
    expect(translate('en', 'home.announcements.count', { total: 3 })).toBe('3 in total');
    expect(translate('en', 'home.announcements.count')).toBe('{total} in total');
  });

  it('recognises only the supported locales', () => {
    expect(isLocale('zh-CN')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('en-US')).toBe(false);
    expect(isLocale(null)).toBe(false);
  });

  it('shows instants in Asia/Shanghai whatever the machine time zone', () => {
    expect(formatDateTime('2026-03-01T06:30:00Z', 'zh-CN')).toBe('2026-03-01 14:30');
    expect(formatDateTime('2026-12-31T16:05:00.000Z', 'en')).toBe('2027-01-01 00:05');
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
    expect(shanghaiHour(new Date('2026-03-01T23:00:00Z'))).toBe(7);
  });
});
