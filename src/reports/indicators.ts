import {
  bankAccountFromParts,
  detectIndicator,
  extractIndicators,
  normalizeIndicator,
} from '../core/indicators/index.js';
import type { Indicator, IndicatorType } from '../core/indicators/types.js';
import type { FieldError } from '../errors/catalogue.js';
import type { ReportInput } from './input.js';
import type { KindDetails } from './kinds.js';

/** An indicator as it occurs in one report: the role says what it was (sender, mule_account …). */
export interface RoledIndicator {
  indicator: Indicator;
  role: string;
}

/** Collects indicators from one report; structured fields must be valid, free text is best effort. */
class Collector {
  readonly found: RoledIndicator[] = [];
  readonly errors: FieldError[] = [];
  private readonly seen = new Set<string>();

  add(indicator: Indicator, role: string): void {
    const id = `${indicator.key}\u0000${role}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.found.push({ indicator, role });
  }

  /** A structured field of a known type: invalid values are errors naming the field. */
  typed(field: string, type: IndicatorType, raw: string | undefined, role: string): Indicator | undefined {
    if (raw === undefined) return undefined;
    const result = normalizeIndicator(type, raw);
    if (!result.ok) {
      this.errors.push({ field, reason: result.reason });
      return undefined;
    }
    this.add(result.indicator, role);
    return result.indicator;
  }

  /** A URL field: the URL plus its host (domain or IP), so host-level links can be found later. */
  url(field: string, raw: string | undefined, role: string, hostRole: string): void {
    const url = this.typed(field, 'url', raw, role);
    if (!url) return;
    const host = String(url.attributes.host ?? '');
    const hostIndicator = host ? detectIndicator(host.replace(/^\[|\]$/g, '')) : null;
    if (hostIndicator) this.add(hostIndicator, hostRole);
  }

  /** A field that may hold any of several types (e.g. a C2 given as IP, domain or URL). */
  any(field: string, raw: string | undefined, role: string, allowed: readonly IndicatorType[]): void {
    if (raw === undefined) return;
    const indicator = detectIndicator(raw);
    if (!indicator || !allowed.includes(indicator.type)) {
      this.errors.push({ field, reason: `expected one of: ${allowed.join(', ')}` });
      return;
    }
    if (indicator.type === 'url') this.url(field, raw, role, `${role}_host`);
    else this.add(indicator, role);
  }

  wallet(field: string, raw: string, role: string): void {
    const indicator = detectIndicator(raw);
    if (!indicator || (indicator.type !== 'btc' && indicator.type !== 'eth')) {
      this.errors.push({ field, reason: 'not a valid BTC or ETH address (checksum included)' });
      return;
    }
    this.add(indicator, role);
  }

  /** Free text: whatever can be found, classified by where it was found. */
  text(raw: string | undefined, roles: Partial<Record<IndicatorType, string>>, fallbackRole: string): void {
    if (!raw) return;
    for (const indicator of extractIndicators(raw)) {
      this.add(indicator, roles[indicator.type] ?? fallbackRole);
    }
  }
}

const IP: IndicatorType[] = ['ipv4', 'ipv6'];
const NETWORK: IndicatorType[] = ['ipv4', 'ipv6', 'cidr', 'domain', 'url'];

/** All indicators of a report, from its structured details, its explicit list and its free text. */
export function indicatorsOf(input: ReportInput): { indicators: RoledIndicator[]; errors: FieldError[] } {
  const c = new Collector();
  const d = input.details as Record<string, unknown>;
  switch (input.kind) {
    case 'phishing_site': {
      const p = d as KindDetails<'phishing_site'>;
      c.url('/details/url', p.url, 'phishing_url', 'phishing_host');
      c.any('/details/ip', p.ip, 'hosting_ip', IP);
      p.redirectUrls?.forEach((u, i) => {
        c.url(`/details/redirectUrls/${i}`, u, 'redirect_url', 'redirect_host');
      });
      c.typed('/details/exfilEmail', 'email', p.exfilEmail, 'exfil_email');
      if (p.kitHash !== undefined)
        c.any('/details/kitHash', p.kitHash, 'phishing_kit', ['md5', 'sha1', 'sha256']);
      break;
    }
    case 'smishing': {
      const s = d as KindDetails<'smishing'>;
      c.typed('/details/sender', 'sms_sender', s.sender, 'sender');
      const asPhone = normalizeIndicator('phone', s.sender);
      if (asPhone.ok) c.add(asPhone.indicator, 'sender');
      c.text(
        s.body,
        {
          url: 'landing_url',
          domain: 'landing_domain',
          ipv4: 'landing_ip',
          ipv6: 'landing_ip',
          phone: 'callback_phone',
        },
        'mentioned',
      );
      break;
    }
    case 'fraud_case': {
      const f = d as KindDetails<'fraud_case'>;
      c.typed('/details/deviceFingerprint', 'device_fingerprint', f.deviceFingerprint, 'device');
      c.any('/details/ip', f.ip, 'source_ip', IP);
      c.typed('/details/phone', 'phone', f.phone, 'contact_phone');
      c.typed('/details/email', 'email', f.email, 'contact_email');
      f.bankAccounts?.forEach((a, i) => {
        const field = `/details/bankAccounts/${i}`;
        if (typeof a === 'string') {
          c.typed(field, 'bank_account', a, 'mule_account');
          return;
        }
        const r = bankAccountFromParts(a.bankCode, a.branchCode, a.number, a.type);
        if (r.ok) c.add(r.indicator, 'mule_account');
        else c.errors.push({ field, reason: r.reason });
      });
      f.wallets?.forEach((w, i) => {
        c.wallet(`/details/wallets/${i}`, w, 'wallet');
      });
      break;
    }
    case 'abuse': {
      const a = d as KindDetails<'abuse'>;
      c.any('/details/sourceIp', a.sourceIp, 'source_ip', IP);
      c.url('/details/url', a.url, 'abuse_url', 'abuse_host');
      c.typed('/details/domain', 'domain', a.domain, 'abuse_domain');
      c.typed('/details/email', 'email', a.email, 'abuse_email');
      c.typed('/details/phone', 'phone', a.phone, 'abuse_phone');
      c.text(a.evidence, {}, 'mentioned');
      break;
    }
    case 'ransomware_incident': {
      const r = d as KindDetails<'ransomware_incident'>;
      r.wallets?.forEach((w, i) => {
        c.wallet(`/details/wallets/${i}`, w, 'ransom_wallet');
      });
      r.contactEmails?.forEach((e, i) => {
        c.typed(`/details/contactEmails/${i}`, 'email', e, 'ransom_contact');
      });
      r.leakSiteUrls?.forEach((u, i) => {
        c.url(`/details/leakSiteUrls/${i}`, u, 'leak_site', 'leak_site_host');
      });
      r.fileHashes?.forEach((h, i) => {
        c.any(`/details/fileHashes/${i}`, h, 'sample', ['md5', 'sha1', 'sha256']);
      });
      r.c2?.forEach((v, i) => {
        c.any(`/details/c2/${i}`, v, 'c2', NETWORK);
      });
      c.text(
        r.ransomNote,
        { btc: 'ransom_wallet', eth: 'ransom_wallet', email: 'ransom_contact' },
        'mentioned',
      );
      break;
    }
    case 'scan_observation': {
      const s = d as KindDetails<'scan_observation'>;
      c.any('/details/sourceIp', s.sourceIp, 'scanner_ip', IP);
      break;
    }
    case 'other':
      break;
  }
  input.indicators?.forEach((x, i) => {
    c.typed(`/indicators/${i}/value`, x.type as IndicatorType, x.value, x.role ?? 'reported');
  });
  c.text(input.title, {}, 'mentioned');
  c.text(input.description, {}, 'mentioned');
  return { indicators: c.found, errors: c.errors };
}
