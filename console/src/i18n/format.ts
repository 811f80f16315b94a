/** Pure formatting helpers (no React), shared by the provider and the tests. */
export type Lang = 'ja' | 'en';
export const LANGS: readonly Lang[] = ['ja', 'en'];
export const TIME_ZONE = 'Asia/Tokyo';

/** Replaces {name} placeholders; unknown placeholders stay visible rather than vanish. */
export function interpolate(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

const dateTimeFormats = new Map<Lang, Intl.DateTimeFormat>();
const dayFormats = new Map<Lang, Intl.DateTimeFormat>();

/** "2026/11/20 18:30 JST" — always in Japan time, whatever the browser's zone. */
export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = dateTimeFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dateTimeFormats.set(lang, format);
  }
  return `${format.format(date)} JST`;
}

/** The JST calendar day of an instant, as YYYY-MM-DD (for grouping and date inputs). */
export function jstDay(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  let format = dayFormats.get('en');
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set('en', format);
  }
  return format.format(date);
}

/** The instant a JST calendar day starts, for API filters (`since=…T00:00:00+09:00`). */
export function jstDayStart(day: string): string {
  return `${day}T00:00:00+09:00`;
}

/** The start of the next JST day, so `until` includes the whole chosen day. */
export function jstDayEnd(day: string): string {
  const next = new Date(Date.parse(`${day}T00:00:00+09:00`) + 86_400_000);
  return `${jstDay(next)}T00:00:00+09:00`;
}
