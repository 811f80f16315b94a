/**
 * Typed placeholders in the document's language (`［氏名1］`, `[name1]`). The same original gets
 * the same number within one document, so an advisory stays readable (`［氏名1］さんは［氏名2］さんに…`).
 * Placeholders already in the text are recognised, never redacted again, and numbering continues
 * after them: redacting a redacted text changes nothing.
 */
import type { PiiKind, RedactionLanguage } from './types.js';

export const PLACEHOLDER_LABELS: Readonly<Record<PiiKind, Readonly<Record<RedactionLanguage, string>>>> = {
  person_name: { ja: '氏名', en: 'name' },
  postal_address: { ja: '住所', en: 'address' },
  phone: { ja: '電話番号', en: 'phone' },
  email: { ja: 'メールアドレス', en: 'email' },
  bank_account: { ja: '口座番号', en: 'account' },
  credit_card: { ja: 'カード番号', en: 'card' },
  my_number: { ja: '個人番号', en: 'my-number' },
  date_of_birth: { ja: '生年月日', en: 'date-of-birth' },
  ip_address: { ja: 'IPアドレス', en: 'ip-address' },
  license_plate: { ja: '車両番号', en: 'plate' },
  investigation: { ja: '捜査情報', en: 'redacted' },
};

export function placeholder(kind: PiiKind, n: number, language: RedactionLanguage): string {
  const label = PLACEHOLDER_LABELS[kind][language];
  return language === 'ja' ? `［${label}${n}］` : `[${label}${n}]`;
}

const KIND_BY_LABEL: ReadonlyMap<string, PiiKind> = new Map(
  (Object.entries(PLACEHOLDER_LABELS) as [PiiKind, Record<RedactionLanguage, string>][]).flatMap(
    ([kind, labels]) => [
      [labels.ja, kind],
      [labels.en, kind],
    ],
  ),
);

const LABEL_ALTERNATION = [...KIND_BY_LABEL.keys()].sort((a, b) => b.length - a.length).join('|');
const PLACEHOLDER_RE = new RegExp(
  `［(${LABEL_ALTERNATION})([0-9]{0,6})］|\\[(${LABEL_ALTERNATION})([0-9]{0,6})\\]`,
  'g',
);

export interface ExistingPlaceholders {
  /** Flat `[start, end)` pairs of placeholders already in the text. */
  readonly ranges: number[];
  /** Highest number per kind, so new placeholders do not collide with old ones. */
  readonly maxNumber: Map<PiiKind, number>;
}

export function findPlaceholders(text: string): ExistingPlaceholders {
  const ranges: number[] = [];
  const maxNumber = new Map<PiiKind, number>();
  if (!text.includes('［') && !text.includes('[')) return { ranges, maxNumber };
  PLACEHOLDER_RE.lastIndex = 0;
  for (let m = PLACEHOLDER_RE.exec(text); m !== null; m = PLACEHOLDER_RE.exec(text)) {
    ranges.push(m.index, m.index + m[0].length);
    const kind = KIND_BY_LABEL.get((m[1] ?? m[3]) as string) as PiiKind;
    const n = Number(m[2] ?? m[4] ?? '0') || 0;
    maxNumber.set(kind, Math.max(maxNumber.get(kind) ?? 0, n));
  }
  return { ranges, maxNumber };
}
