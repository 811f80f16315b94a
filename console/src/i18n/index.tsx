import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en } from './en.js';
import { formatDateTime, interpolate, LANGS, type Lang } from './format.js';
import { ja, type MessageKey } from './ja.js';

export type { Lang, MessageKey };

const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { ja, en };
const STORAGE_KEY = 'koban.lang';

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** A label for a code from the API (`kind.smishing`), or the code itself when the catalogue has none. */
  label(prefix: string, code: string): string;
  dateTime(iso: string | null | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored && (LANGS as readonly string[]).includes(stored)) return stored as Lang;
  } catch {
    // Storage can be disabled; Japanese is the default anyway.
  }
  return 'ja';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted, still switched for this page.
    }
  }, []);
  const value = useMemo<I18n>(() => {
    const catalogue = CATALOGUES[lang];
    const t = (key: MessageKey, params?: Record<string, string | number>) =>
      interpolate(catalogue[key], params);
    return {
      lang,
      setLang,
      t,
      label: (prefix, code) => {
        const key = `${prefix}.${code}`;
        return key in catalogue ? catalogue[key as MessageKey] : code;
      },
      dateTime: (iso) => formatDateTime(iso, lang),
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
