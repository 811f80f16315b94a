/**
 * Which provider holds which log for an indicator, and the date by which a preservation request
 * must go out. Pure: the deadline queue, the per-case view and the notice scan all use it.
 */
import type { Catalogue, LogSource, Provider } from './catalogue-format.js';
import { daysBetween, jstEndOfDay, preservationDeadline } from './jst.js';

export interface SightedIndicator {
  type: string;
  value: string;
  attributes?: Record<string, unknown>;
  /** The sighting or event time (ISO-8601). */
  observedAt: string;
  reportId?: string;
}

export interface LogLead {
  providerId: string;
  providerKind: string;
  providerName: { ja: string; en: string };
  organizationId: string | null;
  contact: Provider['contact'];
  logId: string;
  logName: { ja: string; en: string };
  proves: { ja: string; en: string };
  retentionDays: LogSource['retentionDays'];
  retentionNote: string;
  uncertain: boolean;
  /** JST date (YYYY-MM-DD) by which the preservation request must go out. */
  deadline: string;
  /** The instant that JST day ends. */
  deadlineEndsAt: string;
  /** Whole JST days from today to the deadline (negative: passed). */
  daysLeft: number;
}

function registrableSuffixMatch(host: string, suffixes: readonly string[]): boolean {
  return suffixes.some((s) => host === s || host.endsWith(`.${s}`));
}

function hostOf(type: string, value: string): string | undefined {
  if (type === 'domain') return value;
  if (type === 'url') {
    try {
      return new URL(value).hostname;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Does a concrete provider's `match` claim this indicator? (Providers without `match` are generic.) */
function claimedBy(provider: Provider, indicator: SightedIndicator): boolean {
  const m = provider.match;
  if (!m) return false;
  if (indicator.type === 'email' && m.emailDomains) {
    const domain = indicator.value.slice(indicator.value.lastIndexOf('@') + 1);
    return registrableSuffixMatch(domain, m.emailDomains);
  }
  const host = hostOf(indicator.type, indicator.value);
  if (host && m.domains) return registrableSuffixMatch(host, m.domains);
  if ((indicator.type === 'phone' || indicator.type === 'sms_sender') && m.phonePrefixes)
    return m.phonePrefixes.some((p) => indicator.value.startsWith(p));
  return false;
}

function logCovers(log: LogSource, indicator: SightedIndicator): boolean {
  if (!(log.indicatorTypes as string[]).includes(indicator.type)) return false;
  if (log.lineTypes && (indicator.type === 'phone' || indicator.type === 'sms_sender')) {
    const lineType = indicator.attributes?.lineType;
    return typeof lineType === 'string' && log.lineTypes.includes(lineType);
  }
  return true;
}

/**
 * The providers that may hold logs on an indicator: when a concrete provider claims it (by e-mail
 * domain, host or number prefix) only claiming providers are listed — we know who holds it;
 * otherwise every generic provider whose logs cover the indicator type.
 */
export function providersFor(catalogue: Catalogue, indicator: SightedIndicator): Provider[] {
  const covering = catalogue.providers.filter((p) => p.logs.some((l) => logCovers(l, indicator)));
  const claiming = covering.filter((p) => claimedBy(p, indicator));
  return claiming.length > 0 ? claiming : covering.filter((p) => !p.match);
}

export function leadsFor(
  catalogue: Catalogue,
  indicator: SightedIndicator,
  today: string,
  marginDays: number,
): LogLead[] {
  const eventMs = Date.parse(indicator.observedAt);
  if (Number.isNaN(eventMs)) return [];
  const leads: LogLead[] = [];
  for (const provider of providersFor(catalogue, indicator)) {
    for (const log of provider.logs) {
      if (!logCovers(log, indicator)) continue;
      const deadline = preservationDeadline(eventMs, log.retentionDays.typical, marginDays);
      leads.push({
        providerId: provider.id,
        providerKind: provider.kind,
        providerName: provider.name,
        organizationId: provider.organizationId ?? null,
        contact: provider.contact,
        logId: log.id,
        logName: log.name,
        proves: log.proves,
        retentionDays: log.retentionDays,
        retentionNote: log.retentionNote,
        uncertain: log.uncertain === true,
        deadline,
        deadlineEndsAt: jstEndOfDay(deadline),
        daysLeft: daysBetween(today, deadline),
      });
    }
  }
  return leads.sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0));
}

/** Retention values in the catalogue, for bounding which sightings can have a deadline soon. */
export function retentionValues(catalogue: Catalogue): number[] {
  return [...new Set(catalogue.providers.flatMap((p) => p.logs.map((l) => l.retentionDays.typical)))];
}
