export { I18nProvider, type I18nContextValue } from './I18nProvider';
export { useI18n } from './useI18n';
export { formatDate, formatDateTime, shanghaiHour, translate, locales, localeStorageKey, displayTimeZone, isLocale } from './format';
export type { MessageKey, Dictionary } from './zh-CN';
