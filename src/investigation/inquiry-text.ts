/**
 * The draft of a 捜査関係事項照会書 in its usual structure: 照会先, 照会事項, 照会理由, 回答期限.
 * The reason is passed through the redactor, so a victim's name or number typed into it never
 * reaches the provider; the inquired indicators themselves are the suspects' infrastructure.
 */
import { redact } from '../core/redact/index.js';
import type { Provider } from './catalogue-format.js';

export interface InquiryItem {
  key: string;
  type: string;
  value: string;
  observedAt: string;
  logs: { logId: string; name: string; deadline: string }[];
}

const TYPE_LABELS: Record<string, string> = {
  phone: '電話番号',
  sms_sender: 'SMS送信元',
  email: 'メールアドレス',
  ipv4: 'IPアドレス',
  ipv6: 'IPアドレス',
  domain: 'ドメイン名',
  url: 'URL',
  bank_account: '預金口座',
  btc: 'ビットコインアドレス',
  eth: 'イーサリアムアドレス',
  device_fingerprint: '端末識別子',
};

export const MAX_REASON_LENGTH = 200;

/** 2026-11-20T00:30:00Z → 2026年11月20日 09時30分（日本時間） */
export function japaneseDateTime(iso: string): string {
  const jst = new Date(Date.parse(iso) + 9 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${jst.getUTCFullYear()}年${jst.getUTCMonth() + 1}月${jst.getUTCDate()}日 ${two(jst.getUTCHours())}時${two(jst.getUTCMinutes())}分（日本時間）`;
}

export function japaneseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export function cleanReason(reason: string | undefined): string {
  const text = (reason ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_REASON_LENGTH);
  return text ? redact(text, { policy: 'public' }).text : '';
}

export function draftInquiryText(input: {
  provider: Provider;
  senderName: string;
  items: InquiryItem[];
  reason: string;
  answerDue: string;
  reference: string;
}): { title: string; body: string } {
  const lines = [
    '捜査関係事項照会書',
    '',
    `照会番号: ${input.reference}`,
    `照会先: ${input.provider.name.ja}${input.provider.contact.department ? ` ${input.provider.contact.department}` : ''} 御中`,
    `照会者: ${input.senderName}`,
    '',
    '捜査のため必要があるので、刑事訴訟法第197条第2項に基づき、下記事項について照会します。',
    '',
    '記',
    '',
    '1 照会事項',
  ];
  input.items.forEach((item, i) => {
    lines.push(
      `  (${i + 1}) ${TYPE_LABELS[item.type] ?? item.type}: ${item.value}（${japaneseDateTime(item.observedAt)}に観測）`,
    );
    for (const log of item.logs)
      lines.push(`      ・${log.name}（保存期限の目安: ${japaneseDate(log.deadline)}）`);
  });
  lines.push(
    '',
    '2 照会理由',
    `  詐欺等被疑事件の捜査のため${input.reason ? `（${input.reason}）` : ''}。`,
    '',
    '3 回答期限',
    `  ${japaneseDate(input.answerDue)}`,
    '',
    '4 回答方法',
    '  Koban上の本照会に回答してください（資料は添付ファイルで提出できます）。該当記録がない場合はその旨を回答してください。',
    '',
    '以上',
  );
  return { title: `捜査関係事項照会（${input.provider.name.ja}）`, body: lines.join('\n') };
}
