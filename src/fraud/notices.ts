/**
 * What the account holder is told, in Japanese and English: when a bank account is linked (the
 * regulator's ask after the 2020 payment-app fraud: the holder must hear of every link), and when
 * a payment is held or refused. Texts never include the score or the rules (they would teach an
 * attacker the thresholds).
 */
import type { FraudEvent, FraudVerdict } from '../core/fraud/index.js';

export type NoticeKind = 'account_link' | 'hold' | 'deny';

export interface NoticePayload {
  kind: NoticeKind;
  eventId: string;
  accountId: string;
  occurredAt: string;
  locale: 'ja' | 'en';
  subject: string;
  text: string;
  /** Both languages, for channels that render their own template. */
  texts: { ja: { subject: string; text: string }; en: { subject: string; text: string } };
}

const JST = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  dateStyle: 'medium',
  timeStyle: 'short',
});

function masked(bankAccount: string | undefined): string {
  if (!bankAccount) return '';
  const digits = bankAccount.replace(/\D/g, '');
  return digits.length >= 4 ? `****${digits.slice(-4)}` : '****';
}

/** Which notices an event gets, given its decision. */
export function noticeKinds(event: FraudEvent, verdict: FraudVerdict): NoticeKind[] {
  const kinds: NoticeKind[] = [];
  if (event.type === 'account_link') kinds.push('account_link');
  if (verdict.decision === 'hold' || verdict.decision === 'deny') kinds.push(verdict.decision);
  return kinds;
}

export function buildNotice(
  kind: NoticeKind,
  event: FraudEvent,
  locale: 'ja' | 'en',
  serviceName: string,
): NoticePayload {
  const when = `${JST.format(new Date(event.occurredAt))} (JST)`;
  const account = masked(event.bankAccount);
  const texts = {
    account_link: {
      ja: {
        subject: `【${serviceName}】銀行口座の連携のお知らせ`,
        text: `${when}に、お客様の銀行口座${account ? `（${account}）` : ''}が${serviceName}のアカウントに連携されました。お心当たりがない場合は、すぐに${serviceName}と銀行にご連絡ください。`,
      },
      en: {
        subject: `[${serviceName}] A bank account was linked`,
        text: `On ${when}, your bank account${account ? ` (${account})` : ''} was linked to a ${serviceName} account. If this was not you, contact ${serviceName} and your bank immediately.`,
      },
    },
    hold: {
      ja: {
        subject: `【${serviceName}】お取引を一時保留しました`,
        text: `${when}のお取引を、安全確認のため一時保留しました。ご本人によるお取引であれば、${serviceName}の正規のアプリまたは窓口からご確認ください。このメールのリンクや電話番号には応答しないでください。`,
      },
      en: {
        subject: `[${serviceName}] A transaction is on hold`,
        text: `The transaction of ${when} is on hold for a security check. If it was you, confirm it in the official ${serviceName} app or with its support. Do not reply to links or numbers in messages.`,
      },
    },
    deny: {
      ja: {
        subject: `【${serviceName}】お取引をお断りしました`,
        text: `${when}のお取引は、不正利用のおそれがあるためお断りしました。お心当たりがない場合は、パスワードを変更し、${serviceName}にご連絡ください。`,
      },
      en: {
        subject: `[${serviceName}] A transaction was refused`,
        text: `The transaction of ${when} was refused because it may be fraudulent. If it was not you, change your password and contact ${serviceName}.`,
      },
    },
  }[kind];
  const chosen = texts[locale];
  return {
    kind,
    eventId: event.id,
    accountId: event.accountId,
    occurredAt: new Date(event.occurredAt).toISOString(),
    locale,
    subject: chosen.subject,
    text: chosen.text,
    texts,
  };
}
