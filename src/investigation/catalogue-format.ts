/**
 * The log-source catalogue format (`koban-log-catalogue/1`): which providers keep which logs, for
 * how long, and how to ask them. Pure: validation reports every problem with a JSON pointer, so an
 * analyst fixing an imported YAML file sees all mistakes at once, not one per round trip.
 */
import { INDICATOR_TYPES, type IndicatorType } from '../core/indicators/types.js';
import type { FieldError } from '../errors/catalogue.js';

export const CATALOGUE_FORMAT = 'koban-log-catalogue/1';

export const PROVIDER_KINDS = [
  'carrier',
  'mvno',
  'isp',
  'hosting',
  'registrar',
  'payment',
  'bank',
  'exchange',
  'email',
  'sns',
  'overseas',
] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** Phone line types from the indicator normalizer (src/core/indicators/phone.ts). */
export const LINE_TYPES = [
  'mobile',
  'ip_phone',
  'toll_free',
  'navi_dial',
  'premium',
  'm2m',
  'fixed',
  'international',
];

export interface Bilingual {
  ja: string;
  en: string;
}

export interface LogSource {
  id: string;
  name: Bilingual;
  proves: Bilingual;
  indicatorTypes: IndicatorType[];
  /** Phones only: the line types this log covers (absent: every phone). */
  lineTypes?: string[];
  retentionDays: { typical: number; min?: number; max?: number };
  /** Where the figure comes from (law, guideline, provider statement) and how sure it is. */
  retentionNote: string;
  uncertain?: boolean;
}

export interface Provider {
  id: string;
  kind: ProviderKind;
  name: Bilingual;
  /** The Koban organization that receives inquiries electronically. */
  organizationId?: string;
  country?: string;
  /** Narrows a concrete provider to the indicators it is known to serve; generic providers omit it. */
  match?: { emailDomains?: string[]; domains?: string[]; phonePrefixes?: string[] };
  contact: {
    department?: string;
    email?: string;
    url?: string;
    phone?: string;
    format: string;
    notes?: string;
  };
  legalBasis?: string[];
  logs: LogSource[];
}

export interface Catalogue {
  format: typeof CATALOGUE_FORMAT;
  providers: Provider[];
}

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const MAX_RETENTION_DAYS = 36_500;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects errors while walking a document; each check names its pointer. */
class Checker {
  readonly errors: FieldError[] = [];
  fail(path: string, reason: string): void {
    if (this.errors.length < 200) this.errors.push({ field: path || '/', reason });
  }
  object(v: unknown, path: string, allowed: readonly string[]): v is Obj {
    if (!isObject(v)) {
      this.fail(path, 'must be an object');
      return false;
    }
    for (const key of Object.keys(v)) {
      if (!allowed.includes(key)) this.fail(`${path}/${escapePointer(key)}`, 'unknown field');
    }
    return true;
  }
  text(v: unknown, path: string, max: number, required = true): string | undefined {
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v.trim() === '') this.fail(path, 'must be a non-empty string');
    else if (v.length > max) this.fail(path, `must be at most ${max} characters`);
    else return v;
    return undefined;
  }
  id(v: unknown, path: string): string | undefined {
    if (typeof v !== 'string' || !ID.test(v)) {
      this.fail(path, 'must be a lower-case id (a-z, 0-9, ".", "_", "-"; up to 64)');
      return undefined;
    }
    return v;
  }
  texts(v: unknown, path: string, max: number, itemMax: number): string[] | undefined {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.length > max) {
      this.fail(path, `must be an array of at most ${max} strings`);
      return undefined;
    }
    v.forEach((item, i) => {
      this.text(item, `${path}/${i}`, itemMax);
    });
    return v as string[];
  }
  days(v: unknown, path: string, required: boolean): number | undefined {
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_RETENTION_DAYS) {
      this.fail(path, `must be a whole number of days from 0 to ${MAX_RETENTION_DAYS}`);
      return undefined;
    }
    return v;
  }
  bilingual(v: unknown, path: string, max: number): void {
    if (this.object(v, path, ['ja', 'en'])) {
      this.text(v.ja, `${path}/ja`, max);
      this.text(v.en, `${path}/en`, max);
    }
  }
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function checkLog(c: Checker, log: unknown, path: string): void {
  const fields = [
    'id',
    'name',
    'proves',
    'indicatorTypes',
    'lineTypes',
    'retentionDays',
    'retentionNote',
    'uncertain',
  ];
  if (!c.object(log, path, fields)) return;
  c.id(log.id, `${path}/id`);
  c.bilingual(log.name, `${path}/name`, 200);
  c.bilingual(log.proves, `${path}/proves`, 1000);
  if (!Array.isArray(log.indicatorTypes) || log.indicatorTypes.length === 0) {
    c.fail(`${path}/indicatorTypes`, 'must list at least one indicator type');
  } else {
    log.indicatorTypes.forEach((t, i) => {
      if (!(INDICATOR_TYPES as readonly unknown[]).includes(t))
        c.fail(
          `${path}/indicatorTypes/${i}`,
          `unknown indicator type (one of ${INDICATOR_TYPES.join(', ')})`,
        );
    });
  }
  if (log.lineTypes !== undefined) {
    const lineTypes = c.texts(log.lineTypes, `${path}/lineTypes`, LINE_TYPES.length, 32) ?? [];
    lineTypes.forEach((t, i) => {
      if (!LINE_TYPES.includes(t))
        c.fail(`${path}/lineTypes/${i}`, `unknown line type (one of ${LINE_TYPES.join(', ')})`);
    });
  }
  const r = log.retentionDays;
  if (c.object(r, `${path}/retentionDays`, ['typical', 'min', 'max'])) {
    const typical = c.days(r.typical, `${path}/retentionDays/typical`, true);
    const min = c.days(r.min, `${path}/retentionDays/min`, false);
    const max = c.days(r.max, `${path}/retentionDays/max`, false);
    if (min !== undefined && max !== undefined && min > max)
      c.fail(`${path}/retentionDays/min`, `min (${min}) is greater than max (${max})`);
    if (typical !== undefined && min !== undefined && typical < min)
      c.fail(`${path}/retentionDays/typical`, `typical (${typical}) is below min (${min})`);
    if (typical !== undefined && max !== undefined && typical > max)
      c.fail(`${path}/retentionDays/typical`, `typical (${typical}) is above max (${max})`);
  }
  c.text(log.retentionNote, `${path}/retentionNote`, 2000);
  if (log.uncertain !== undefined && typeof log.uncertain !== 'boolean')
    c.fail(`${path}/uncertain`, 'must be a boolean');
}

function checkProvider(c: Checker, p: unknown, path: string): void {
  const fields = [
    'id',
    'kind',
    'name',
    'organizationId',
    'country',
    'match',
    'contact',
    'legalBasis',
    'logs',
  ];
  if (!c.object(p, path, fields)) return;
  c.id(p.id, `${path}/id`);
  if (!(PROVIDER_KINDS as readonly unknown[]).includes(p.kind))
    c.fail(`${path}/kind`, `unknown provider kind (one of ${PROVIDER_KINDS.join(', ')})`);
  c.bilingual(p.name, `${path}/name`, 200);
  c.text(p.organizationId, `${path}/organizationId`, 64, false);
  if (p.country !== undefined && (typeof p.country !== 'string' || !/^[A-Z]{2}$/.test(p.country)))
    c.fail(`${path}/country`, 'must be an ISO 3166-1 alpha-2 code');
  if (
    p.match !== undefined &&
    c.object(p.match, `${path}/match`, ['emailDomains', 'domains', 'phonePrefixes'])
  ) {
    c.texts(p.match.emailDomains, `${path}/match/emailDomains`, 200, 253);
    c.texts(p.match.domains, `${path}/match/domains`, 200, 253);
    const prefixes = c.texts(p.match.phonePrefixes, `${path}/match/phonePrefixes`, 200, 16) ?? [];
    prefixes.forEach((x, i) => {
      if (!/^\+\d{1,15}$/.test(x))
        c.fail(`${path}/match/phonePrefixes/${i}`, 'must be an E.164 prefix like +8150');
    });
  }
  if (c.object(p.contact, `${path}/contact`, ['department', 'email', 'url', 'phone', 'format', 'notes'])) {
    c.text(p.contact.department, `${path}/contact/department`, 200, false);
    c.text(p.contact.email, `${path}/contact/email`, 320, false);
    c.text(p.contact.phone, `${path}/contact/phone`, 40, false);
    c.text(p.contact.format, `${path}/contact/format`, 500);
    c.text(p.contact.notes, `${path}/contact/notes`, 2000, false);
    const url = c.text(p.contact.url, `${path}/contact/url`, 2048, false);
    if (url !== undefined && !/^https:\/\//.test(url))
      c.fail(`${path}/contact/url`, 'must be an https:// URL');
  }
  c.texts(p.legalBasis, `${path}/legalBasis`, 20, 1000);
  if (!Array.isArray(p.logs) || p.logs.length === 0 || p.logs.length > 100) {
    c.fail(`${path}/logs`, 'must list 1 to 100 logs');
    return;
  }
  const seen = new Set<unknown>();
  p.logs.forEach((log, i) => {
    checkLog(c, log, `${path}/logs/${i}`);
    const id = isObject(log) ? log.id : undefined;
    if (seen.has(id)) c.fail(`${path}/logs/${i}/id`, `duplicate log id "${String(id)}"`);
    seen.add(id);
  });
}

/** Validates one provider (the unit analysts edit through the API). */
export function validateProvider(input: unknown, path = ''): Validation<Provider> {
  const c = new Checker();
  checkProvider(c, input, path);
  return c.errors.length ? { ok: false, errors: c.errors } : { ok: true, value: input as Provider };
}

export function validateCatalogue(input: unknown): Validation<Catalogue> {
  const c = new Checker();
  if (!c.object(input, '', ['format', 'providers'])) return { ok: false, errors: c.errors };
  if (input.format !== CATALOGUE_FORMAT) c.fail('/format', `must be "${CATALOGUE_FORMAT}"`);
  if (!Array.isArray(input.providers) || input.providers.length > 2_000) {
    c.fail('/providers', 'must be an array of at most 2,000 providers');
    return { ok: false, errors: c.errors };
  }
  const seen = new Set<unknown>();
  input.providers.forEach((p, i) => {
    checkProvider(c, p, `/providers/${i}`);
    const id = isObject(p) ? p.id : undefined;
    if (seen.has(id)) c.fail(`/providers/${i}/id`, `duplicate provider id "${String(id)}"`);
    seen.add(id);
  });
  return c.errors.length
    ? { ok: false, errors: c.errors }
    : { ok: true, value: input as unknown as Catalogue };
}
