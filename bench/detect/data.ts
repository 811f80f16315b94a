/**
 * Loaders for the detection data in ../shared/data (JPCERT/CC phishing URLs, OpenPhish, popular
 * domains, SMS corpora) and our own Japanese SMS fixtures. Splits are deterministic (by month for
 * phishing, by a hash of the text or domain otherwise) so training and evaluation never overlap.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { featureHash } from '../../src/core/detect/linear-model.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Repository root (works from bench/ and from dist/bench/). */
export const repoRoot = resolve(here, here.includes(`${'/dist/'}`) ? '../../..' : '../..');
export const sharedData = resolve(repoRoot, '../shared/data');

export function hasSharedData(): boolean {
  return existsSync(join(sharedData, 'phishing/jpcert'));
}

/** Minimal RFC 4180 CSV parser (quoted fields, embedded newlines and quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface PhishingUrl {
  url: string;
  brand: string;
  /** `YYYYMM` of the JPCERT/CC file, or `openphish`. */
  month: string;
  /** When JPCERT/CC listed it (ms; the CSV's `YYYY/MM/DD hh:mm:ss`, read as JST); NaN when unknown. */
  reportedAtMs: number;
}

/** `2025/03/24 11:38:00` (JST) → ms since the epoch; NaN when the text is not such a date. */
export function parseJpcertDate(text: string): number {
  const m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(text.trim());
  if (m === null) return Number.NaN;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  return Date.UTC(y as number, (mo as number) - 1, d, (h as number) - 9, mi, s);
}

export function loadJpcert(): PhishingUrl[] {
  const out: PhishingUrl[] = [];
  const root = join(sharedData, 'phishing/jpcert');
  for (const year of readdirSync(root).sort()) {
    for (const file of readdirSync(join(root, year)).sort()) {
      const rows = parseCsv(readFileSync(join(root, year, file), 'utf8'));
      for (const r of rows.slice(1)) {
        if (r.length < 2 || !r[1]) continue;
        out.push({
          url: (r[1] as string).trim(),
          brand: (r[2] ?? '').trim(),
          month: file.slice(0, 6),
          reportedAtMs: parseJpcertDate(r[0] ?? ''),
        });
      }
    }
  }
  return out;
}

export function loadOpenPhish(): PhishingUrl[] {
  const file = join(sharedData, 'phishing/openphish-2025.json');
  if (!existsSync(file)) return [];
  const obj = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return Object.keys(obj).map((url) => ({ url, brand: '', month: 'openphish', reportedAtMs: Number.NaN }));
}

export function loadTopDomains(): string[] {
  const text = readFileSync(join(sharedData, 'benign/top-domains.csv'), 'utf8');
  return text
    .split('\n')
    .map((l) => l.trim().split(',')[1])
    .filter((d): d is string => d !== undefined && d.length > 0);
}

/** 20% of items (by a stable hash) are held out for evaluation. */
export function isHeldOut(key: string): boolean {
  return featureHash(`split:${key}`) % 5 === 0;
}

export type SmsLabel = 'ham' | 'spam' | 'smishing';

export interface SmsSample {
  label: SmsLabel;
  sender: string;
  text: string;
  corpus: 'sms-spam-collection' | 'dataset-5971' | 'ja-sms';
}

export function loadSms(): SmsSample[] {
  const out: SmsSample[] = [];
  const seen = new Set<string>();
  const push = (s: SmsSample) => {
    const key = s.text.trim().toLowerCase();
    if (key.length === 0 || seen.has(key)) return;
    seen.add(key);
    out.push(s);
  };
  const dataset = join(sharedData, 'sms/Dataset_5971.csv');
  if (existsSync(dataset)) {
    for (const r of parseCsv(readFileSync(dataset, 'utf8')).slice(1)) {
      const label = (r[0] ?? '').toLowerCase();
      if (label !== 'ham' && label !== 'spam' && label !== 'smishing') continue;
      push({ label, sender: '', text: r[1] ?? '', corpus: 'dataset-5971' });
    }
  }
  const collection = join(sharedData, 'sms/SMSSpamCollection');
  if (existsSync(collection)) {
    for (const line of readFileSync(collection, 'utf8').split('\n')) {
      const tab = line.indexOf('\t');
      if (tab < 0) continue;
      const label = line.slice(0, tab);
      if (label !== 'ham' && label !== 'spam') continue;
      push({ label, sender: '', text: line.slice(tab + 1), corpus: 'sms-spam-collection' });
    }
  }
  out.push(...loadJaSms());
  return out;
}

/** Our own Japanese messages (bench/detect/fixtures/ja-sms.tsv): `label<TAB>sender<TAB>text`. */
export function loadJaSms(): SmsSample[] {
  const file = join(repoRoot, 'bench/detect/fixtures/ja-sms.tsv');
  if (!existsSync(file)) return [];
  const out: SmsSample[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [label, sender, text] = line.split('\t');
    if (text === undefined || (label !== 'ham' && label !== 'spam' && label !== 'smishing')) continue;
    out.push({ label, sender: sender ?? '', text: text.replaceAll('\\n', '\n'), corpus: 'ja-sms' });
  }
  return out;
}
