/**
 * Drafting: turns the publishable facts of a campaign's reports into the text of an advisory, in
 * Japanese first and in English. Pure. The text still holds whatever personal data the reports
 * quoted; redaction (`redaction.ts`) runs on every field before anything is stored as publishable.
 */
import { adviceFor, reportToFor } from './advice.js';
import { candidateIndicators } from './indicators.js';
import type { SourceReport } from './sources.js';
import type { AdvisoryContent, AdvisorySections, Audience, Language, Sector } from './types.js';

const MAX_EXAMPLES = 4;
const MAX_EXAMPLE_CHARS = 300;

const METHOD: Record<string, Record<Language, string>> = {
  smishing: {
    ja: 'SMS（ショートメッセージ）で偽サイトへ誘導し、ID・パスワードやカード情報などを入力させる手口が確認されています。',
    en: 'Text messages (SMS) lead people to fake sites that ask for IDs, passwords or card details.',
  },
  phishing_site: {
    ja: '実在する企業やサービスを装った偽サイト（フィッシングサイト）が確認されています。',
    en: 'Fake sites (phishing sites) imitating real companies and services have been found.',
  },
  fraud_case: {
    ja: '不正送金や不正なアカウント連携などの被害が確認されています。',
    en: 'Unauthorised transfers and unauthorised account links have been reported.',
  },
  abuse: {
    ja: '不審な連絡についての通報が寄せられています。',
    en: 'Suspicious messages and calls have been reported.',
  },
  ransomware_incident: {
    ja: 'ランサムウェア（身代金要求型ウイルス）による被害が確認されています。',
    en: 'Ransomware attacks (malware demanding a ransom) have been reported.',
  },
};

const RECOGNISE: Record<string, Record<Language, string[]>> = {
  smishing: {
    ja: [
      '宅配業者・通信会社・金融機関などを名乗り、至急の確認や支払いを求めるSMS',
      '本文に見慣れないドメインや短縮URLが含まれている',
    ],
    en: [
      'A text message in the name of a delivery firm, phone company or bank asking you to act at once',
      'A link with an unfamiliar domain or a shortened link in the message',
    ],
  },
  phishing_site: {
    ja: ['アドレス欄のドメインが公式サイトのものと違う'],
    en: ['The domain in the address bar differs from the official site'],
  },
  fraud_case: {
    ja: ['身に覚えのない登録・ログイン・送金の通知が届く'],
    en: ['Notices of sign-ups, log-ins or transfers you did not make'],
  },
};

/** Names the scam messages claim to come from: `【佐川急便】` in SMS bodies, target brands of phishing sites. */
export function impersonatedNames(reports: readonly SourceReport[]): string[] {
  const names = new Set<string>();
  for (const r of reports) {
    const body = r.kind === 'smishing' ? r.details.body : undefined;
    if (typeof body === 'string') {
      for (const m of body.matchAll(/【([^】\n]{1,20})】/g)) names.add((m[1] as string).trim());
    }
    const brand = r.kind === 'phishing_site' ? r.details.targetBrand : undefined;
    if (typeof brand === 'string' && brand.trim() !== '') names.add(brand.trim().slice(0, 40));
  }
  return [...names].slice(0, 5);
}

function period(reports: readonly SourceReport[], language: Language): string {
  const times = reports.map((r) => (r.observedAt ?? r.createdAt).slice(0, 7)).sort();
  const [first, last] = [times[0], times.at(-1)];
  if (!first || !last) return '';
  const ja = (ym: string) => `${ym.slice(0, 4)}年${Number(ym.slice(5, 7))}月`;
  if (language === 'ja') return first === last ? ja(first) : `${ja(first)}〜${ja(last)}`;
  return first === last ? first : `${first} to ${last}`;
}

/** The SMS bodies and consultation notes quoted as examples (redaction removes the people in them). */
function examplesOf(reports: readonly SourceReport[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (text: unknown) => {
    if (typeof text !== 'string') return;
    const clean = text.replace(/\s+/g, ' ').trim().slice(0, MAX_EXAMPLE_CHARS);
    if (clean === '' || seen.has(clean) || out.length >= MAX_EXAMPLES) return;
    seen.add(clean);
    out.push(clean);
  };
  for (const r of reports) if (r.kind === 'smishing') add(r.details.body);
  for (const r of reports) add(r.description);
  return out;
}

function sections(
  reports: readonly SourceReport[],
  audience: Audience,
  sector: Sector | null,
  language: Language,
  hasIndicators: boolean,
): AdvisorySections {
  const kinds = [...new Set(reports.map((r) => r.kind))];
  const names = impersonatedNames(reports);
  const when = period(reports, language);
  const ja = language === 'ja';
  const main = kinds.includes('smishing') ? 'smishing' : (kinds[0] ?? 'other');
  const who = names.length > 0 ? names.join(ja ? '・' : ', ') : '';
  const title = ja
    ? `【注意喚起】${who ? `${who}を装う` : ''}${main === 'smishing' ? 'SMS' : main === 'phishing_site' ? '偽サイト' : '詐欺の手口'}にご注意ください`
    : `Warning: ${main === 'smishing' ? 'text messages' : main === 'phishing_site' ? 'fake sites' : 'scams'}${who ? ` impersonating ${who}` : ''}`;
  const counted = ja
    ? `${when}に、関連する相談・報告が${reports.length}件寄せられています。`
    : `${reports.length} related consultations and reports were received${when ? ` (${when})` : ''}.`;
  const methods = kinds.flatMap((k) => (METHOD[k] ? [METHOD[k][language]] : []));
  const impersonation = who ? (ja ? `${who}を名乗る例があります。` : `Some claim to come from ${who}.`) : '';
  const recognise = kinds.flatMap((k) => RECOGNISE[k]?.[language] ?? []);
  if (hasIndicators) {
    recognise.push(
      ja
        ? '下の「確認されている送信元・URL」と一致する連絡は開かずに削除してください。'
        : 'Delete, without opening, anything that matches the senders and links listed below.',
    );
  }
  return {
    title,
    summary: [counted, ...methods, impersonation].filter((s) => s !== '').join(ja ? '' : ' '),
    examples: examplesOf(reports),
    recognise,
    advice: adviceFor(audience, sector, language),
    reportTo: reportToFor(audience, language, kinds.includes('phishing_site') || kinds.includes('smishing')),
  };
}

/** The first draft of an advisory from the reports it may use (already filtered by `exclusionOf`). */
export function draftContent(
  reports: readonly SourceReport[],
  audience: Audience,
  sector: Sector | null,
): AdvisoryContent {
  const indicators = candidateIndicators(reports);
  return {
    ja: sections(reports, audience, sector, 'ja', indicators.length > 0),
    en: sections(reports, audience, sector, 'en', indicators.length > 0),
    indicators,
  };
}
