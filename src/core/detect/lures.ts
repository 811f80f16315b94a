/**
 * Lure phrases: the pretexts smishing uses to make people act (a missed delivery, a frozen
 * account, an unpaid bill, a refund). Written from public advisories (police, JC3, carriers);
 * weights are evidence strengths on a 0–100 scale, combined with the link and sender evidence.
 */
import { KeywordAutomaton } from './keyword-automaton.js';

export type LureCategory =
  | 'delivery'
  | 'account'
  | 'payment'
  | 'prize'
  | 'government'
  | 'urgency'
  | 'credential';

export interface Lure {
  phrase: string;
  category: LureCategory;
  weight: number;
  /** English phrases need word boundaries. */
  ascii: boolean;
}

type Row = [category: LureCategory, weight: number, phrases: string[]];

const ROWS: Row[] = [
  [
    'delivery',
    25,
    [
      '不在',
      '持ち帰り',
      '再配達',
      'お届け',
      '配達予定',
      '荷物',
      '配送',
      '宛先不明',
      '住所不備',
      '保管期限',
      '配達できません',
      '発送',
    ],
  ],
  [
    'account',
    30,
    [
      '本人確認',
      '口座凍結',
      '利用停止',
      '利用制限',
      'アカウント停止',
      'アカウントがロック',
      '不正利用',
      '不正アクセス',
      '異常なログイン',
      'セキュリティ強化',
      '緊急停止',
      '取引を制限',
      '一時停止',
      '凍結',
    ],
  ],
  [
    'payment',
    25,
    [
      '支払い確認',
      'お支払い',
      '未払い',
      '未納',
      '料金',
      '請求',
      '滞納',
      '引き落とし',
      'カード情報',
      '決済',
      '延滞',
    ],
  ],
  ['prize', 25, ['当選', '高額', 'プレゼント', 'ポイント失効', 'ポイント', '特典', 'キャンペーン', '無料']],
  [
    'government',
    30,
    ['還付金', '給付金', '税金', '未納の税', '差し押さえ', '督促', 'マイナポイント', '補助金'],
  ],
  [
    'urgency',
    15,
    ['至急', '本日中', '24時間以内', '期限', 'ただちに', '早急に', '速やかに', '重要なお知らせ', '緊急'],
  ],
  [
    'credential',
    20,
    [
      'ログイン',
      'パスワード',
      '暗証番号',
      '認証',
      '更新してください',
      'ご確認ください',
      '確認してください',
      '手続き',
      'こちらから',
      '下記URL',
      '詳細はこちら',
    ],
  ],
  ['delivery', 25, ['delivery', 'parcel', 'package', 'shipment', 'redelivery', 'courier', 'tracking']],
  [
    'account',
    30,
    [
      'suspended',
      'account locked',
      'locked',
      'unusual activity',
      'verify your',
      'verification',
      'unauthorized',
      'security alert',
      'deactivated',
      'blocked',
    ],
  ],
  [
    'payment',
    25,
    ['payment', 'unpaid', 'overdue', 'outstanding', 'billing', 'invoice', 'refund', 'charge', 'bill'],
  ],
  [
    'prize',
    30,
    [
      'won',
      'winner',
      'prize',
      'claim',
      'cash',
      'reward',
      'bonus',
      'free',
      'award',
      'selected',
      'congratulations',
      'voucher',
      'guaranteed',
      'tone',
      'ringtone',
    ],
  ],
  ['government', 25, ['tax', 'irs', 'hmrc', 'rebate', 'fine', 'penalty']],
  [
    'urgency',
    15,
    [
      'urgent',
      'immediately',
      'expires',
      'expire',
      'final notice',
      'last chance',
      'act now',
      'asap',
      'today only',
    ],
  ],
  [
    'credential',
    20,
    [
      'login',
      'log in',
      'password',
      'pin',
      'confirm',
      'update your',
      'click',
      'txt',
      'text stop',
      'reply stop',
      'call now',
    ],
  ],
];

export const LURES: readonly Lure[] = ROWS.flatMap(([category, weight, phrases]) =>
  phrases.map((phrase) => ({ phrase, category, weight, ascii: /^[\x20-\x7e]+$/.test(phrase) })),
);

function isAsciiWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** English phrases need word boundaries. */
export function acceptsLure(text: string, start: number, end: number, lure: Lure): boolean {
  if (!lure.ascii) return true;
  if (start > 0 && isAsciiWordChar(text.charCodeAt(start - 1))) return false;
  return !(end < text.length && isAsciiWordChar(text.charCodeAt(end)));
}

export class LureIndex {
  readonly lures: readonly Lure[];
  private readonly automaton: KeywordAutomaton<Lure>;

  constructor(lures: readonly Lure[] = LURES) {
    this.lures = lures;
    this.automaton = new KeywordAutomaton(
      lures.map((l) => [l.phrase, l] as const),
      { foldCase: true },
    );
  }

  /** Lures found in prepared text, in any case, at most one per phrase. */
  find(text: string, from = 0, to = text.length): Lure[] {
    const out: Lure[] = [];
    this.automaton.scan(
      text,
      (hit) => {
        const lure = hit.value;
        if (acceptsLure(text, hit.end - hit.length, hit.end, lure) && !out.includes(lure)) out.push(lure);
      },
      from,
      to,
    );
    return out;
  }
}
