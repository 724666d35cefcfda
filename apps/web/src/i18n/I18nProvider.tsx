import { createContext, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import { setRequestLocale } from '../api/client';
import type { Locale } from '../api/types';
import type { MessageKey } from './zh-CN';
import { dayjsLocale, defaultLocale, isLocale, localeStorageKey, translate, type MessageParams } from './format';

export interface I18nContextValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, params?: MessageParams) => string;
}

export const I18nContext = createContext<I18nContextValue | null>(null);

function readStoredLocale(): Locale {
  try {
    const stored = window.localStorage.getItem(localeStorageKey);
    return isLocale(stored) ? stored : defaultLocale;
  } catch {
    return defaultLocale;
  }
}

/** Applies a locale to everything outside React: API requests, dayjs and <html lang>. */
function applyLocale(locale: Locale): void {
  setRequestLocale(locale);
  dayjs.locale(dayjsLocale(locale));
  document.documentElement.lang = locale;
}

export function I18nProvider({ children, onLocaleChange }: { children: ReactNode; onLocaleChange?: (locale: Locale) => void }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const initial = readStoredLocale();
    applyLocale(initial);
    return initial;
  });

  const setLocale = useCallback(
    (next: Locale) => {
      applyLocale(next);
      try {
        window.localStorage.setItem(localeStorageKey, next);
      } catch {
        // Private mode or storage disabled: the choice lasts for this page only.
      }
      setLocaleState(next);
      onLocaleChange?.(next);
    },
    [onLocaleChange],
  );

  useEffect(() => {
    document.title = translate(locale, 'app.name');
  }, [locale]);

  const value = useMemo<I18nContextValue>(
    () => ({ locale, setLocale, t: (key, params) => translate(locale, key, params) }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
