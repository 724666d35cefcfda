import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/zh-cn';
import type { Locale } from '../api/types';
import { zhCN, type MessageKey } from './zh-CN';
import { en } from './en';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every time on the platform is shown in China Standard Time, whatever the browser's zone. */
export const displayTimeZone = 'Asia/Shanghai';

export const locales: readonly Locale[] = ['zh-CN', 'en'];
export const defaultLocale: Locale = 'zh-CN';
export const localeStorageKey = 'ggzy.locale';

export type MessageParams = Record<string, string | number>;

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = (locale === 'en' ? en : zhCN)[key];
  if (params === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en';
}

export function dayjsLocale(locale: Locale): string {
  return locale === 'en' ? 'en' : 'zh-cn';
}

/** `2025-03-01 14:30` in Asia/Shanghai. */
export function formatDateTime(iso: string, locale: Locale): string {
  const instant = dayjs(iso);
  if (!instant.isValid()) return iso;
  return instant.tz(displayTimeZone).locale(dayjsLocale(locale)).format('YYYY-MM-DD HH:mm');
}

/** `2025-03-01` in Asia/Shanghai. */
export function formatDate(iso: string, locale: Locale): string {
  const instant = dayjs(iso);
  if (!instant.isValid()) return iso;
  return instant.tz(displayTimeZone).locale(dayjsLocale(locale)).format('YYYY-MM-DD');
}

/** The hour of day (0–23) in Asia/Shanghai. */
export function shanghaiHour(now: Date = new Date()): number {
  return dayjs(now).tz(displayTimeZone).hour();
}
