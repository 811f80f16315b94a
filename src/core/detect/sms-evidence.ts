/**
 * Evidence an SMS gives about itself beyond its links: the brand it names versus where it links,
 * its sender (international, 050 IP phone, spoofed sender id, flagged numbers) and lure phrases.
 * Each piece is a reason with a weight and Japanese and English text (see Evidence).
 */
import { defangHost } from './defang.js';
import type { Evidence } from './evidence.js';
import type { Lure } from './lures.js';
import type { SmsAnalysis } from './sms-analysis.js';
import type { SmsCheckContext, SuspiciousLink } from './sms-check.js';
import type { Reason } from './types.js';
import type { UrlParts } from './url-parts.js';

/** URL shorteners: the link's destination is hidden. */
export const SHORTENERS: ReadonlySet<string> = new Set([
  'bit.ly',
  'tinyurl.com',
  't.co',
  'is.gd',
  'ow.ly',
  'buff.ly',
  'cutt.ly',
  'rebrand.ly',
  'shorturl.at',
  'tiny.cc',
  'x.gd',
  'v.gd',
  'rb.gy',
  'qr.paps.jp',
  'urx.nu',
  'onl.bz',
  'goo.su',
  'l.ead.me',
  'amzn.to',
]);

function brandName(ctx: SmsCheckContext, id: string): { ja: string; en: string } {
  const b = ctx.brands.brands.get(id);
  return { ja: b?.namesJa[0] ?? id, en: b?.namesEn[0] ?? id };
}

export function namedBrands(a: SmsAnalysis): string[] {
  const out: string[] = [];
  for (const m of a.mentions) if (!out.includes(m.brand)) out.push(m.brand);
  return out;
}

function impersonation(ctx: SmsCheckContext, brand: string, parts: UrlParts, subject: string): Reason {
  const n = brandName(ctx, brand);
  const official = ctx.brands.officialDomainsOf(brand).slice(0, 3).join(', ');
  const host = defangHost(parts.host);
  const benign =
    parts.registrableDomain !== null &&
    ctx.benignDomains?.has(parts.registrableDomain) === true &&
    !SHORTENERS.has(parts.registrableDomain);
  return {
    code: 'brand_impersonation',
    weight: benign ? 30 : 85,
    ja: `本文は${n.ja}を名乗っていますが、リンク先 ${host} は公式ドメインではありません（公式: ${official}）`,
    en: `the text claims to be ${n.en} but links to ${host}, which is not an official domain (official: ${official})`,
    brand,
    subject,
  };
}

/**
 * The text names a brand and links outside its official domains. The reason depends only on the
 * brand and the link, so it is built once per pair and kept with the link's facts (campaigns
 * repeat both).
 */
export function brandEvidence(
  ctx: SmsCheckContext,
  named: readonly string[],
  suspicious: readonly SuspiciousLink[],
  ev: Evidence,
): void {
  if (suspicious.length === 0) return;
  for (const brand of named) {
    for (const { parts, facts } of suspicious) {
      facts.impersonations ??= new Map();
      let reason = facts.impersonations.get(brand);
      if (reason === undefined) {
        reason = impersonation(ctx, brand, parts, facts.display);
        facts.impersonations.set(brand, reason);
      }
      ev.add(reason);
    }
  }
}

export function senderEvidence(
  ctx: SmsCheckContext,
  a: SmsAnalysis,
  named: readonly string[],
  ev: Evidence,
): void {
  const s = a.sender;
  const claimsBrand = a.mentions.length > 0;
  const flagged = s.value !== '' ? ctx.flaggedNumbers?.get(s.value) : undefined;
  if (flagged !== undefined) {
    ev.add({
      code: 'crime_infrastructure',
      weight: 90,
      ja: `送信元 ${s.value} は犯罪インフラとして登録されています（${flagged.list}）`,
      en: `the sender ${s.value} is flagged as crime infrastructure (${flagged.list})`,
      subject: s.value,
    });
  }
  if (s.kind === 'phone' && s.country !== 'JP') {
    ev.add({
      code: 'sender_international',
      weight: claimsBrand ? 45 : 20,
      ja: `海外の電話番号（${s.value}）から送信されています${claimsBrand ? '。国内企業がこの番号から送ることはありません' : ''}`,
      en: `sent from an international number (${s.value})${claimsBrand ? ', which a Japanese company would not use' : ''}`,
      subject: s.value,
    });
  } else if (s.kind === 'phone' && s.lineType === 'ip_phone') {
    ev.add({
      code: 'sender_ip_phone',
      weight: claimsBrand ? 40 : 15,
      ja: `050のIP電話番号から送信されています${claimsBrand ? '（企業名を名乗るSMSとしては不自然です）' : ''}`,
      en: `sent from a 050 IP-phone number${claimsBrand ? ', unusual for a company' : ''}`,
      subject: s.value,
    });
  } else if (s.kind === 'alphanumeric' && claimsBrand) {
    for (const brand of named) {
      const official = ctx.brands.brands.get(brand)?.officialSenders ?? [];
      if (official.length > 0 && !official.includes(s.value)) {
        const n = brandName(ctx, brand);
        ev.add({
          code: 'sender_spoof',
          weight: 40,
          ja: `送信者名「${s.value}」は${n.ja}の公式送信者名ではありません`,
          en: `"${s.value}" is not an official sender name of ${n.en}`,
          brand,
          subject: s.value,
        });
      }
    }
  }
  for (const phone of a.phones) {
    const hit = ctx.flaggedNumbers?.get(phone);
    if (hit !== undefined) {
      ev.add({
        code: 'crime_infrastructure',
        weight: 85,
        ja: `本文の電話番号 ${phone} は犯罪インフラとして登録されています（${hit.list}）`,
        en: `the number ${phone} in the text is flagged as crime infrastructure (${hit.list})`,
        subject: phone,
      });
    }
  }
}

export function lureEvidence(a: SmsAnalysis, hasSuspiciousLink: boolean, ev: Evidence): void {
  const lures = a.lures;
  if (lures.length === 0) return;
  // The strongest phrase of each category counts once.
  let total = 0;
  for (let i = 0; i < lures.length; i++) {
    const category = (lures[i] as Lure).category;
    let best = 0;
    let firstOfCategory = true;
    for (let j = 0; j < lures.length; j++) {
      const l = lures[j] as Lure;
      if (l.category !== category) continue;
      if (j < i) {
        firstOfCategory = false;
        break;
      }
      if (l.weight > best) best = l.weight;
    }
    if (firstOfCategory) total += best;
  }
  const shown = lures.length > 4 ? lures.slice(0, 4) : lures;
  const phrases = shown.map((l) => l.phrase);
  ev.add({
    code: 'lure_phrase',
    weight: Math.min(hasSuspiciousLink ? 55 : 30, total),
    ja: `詐欺SMSに典型的な文言があります（「${phrases.join('」「')}」）`,
    en: `typical scam wording ("${phrases.join('", "')}")`,
  });
}
