/**
 * Advice per audience and the default places to report, in Japanese and English. These are
 * editable defaults: the analyst may change every line before review.
 *
 * Contacts (checked against the issuing bodies' own pages): #9110 is the police consultation line
 * (警察相談専用電話, 警察庁); 188 is the consumer hotline (消費者ホットライン, 消費者庁) that connects
 * to the nearest consumer centre; 110 is for emergencies; 0120-0-78310 is the 24-hour children's
 * SOS line (24時間子供SOSダイヤル, 文部科学省); フィッシング対策協議会 takes phishing reports at
 * info@antiphishing.jp.
 */
import type { Audience, Language, Sector } from './types.js';

type Lines = Record<Language, string[]>;

const COMMON: Lines = {
  ja: [
    'SMSやメールのリンクは開かず、公式アプリや自分で登録したブックマークから確認してください。',
    '暗証番号、パスワード、ワンタイムパスワード、カード番号は誰にも教えないでください。',
  ],
  en: [
    'Do not open links in text messages or e-mails; check through the official app or your own bookmark.',
    'Never give anyone your PIN, password, one-time code or card number.',
  ],
};

const BY_AUDIENCE: Record<Exclude<Audience, 'sector'>, Lines> = {
  public: {
    ja: [
      '心当たりのない連絡が来たら、すぐに返信や電話をせず、家族や警察に相談してください。',
      'もし入力してしまったら、すぐにパスワードを変更し、カード会社や銀行に連絡してください。',
    ],
    en: [
      'If you get a message you do not expect, do not reply or call back; talk to family or the police first.',
      'If you already entered details, change your password at once and call your card company or bank.',
    ],
  },
  elderly: {
    ja: [
      '「お金」「暗証番号」「カード」の話が出たら、それはサギです。電話を切ってください。',
      'ひとりで決めずに、家族や近くの人に「こんな連絡が来た」と話してください。',
      '留守番電話にしておくと、知らない人からの電話に出なくてすみます。',
    ],
    en: [
      'If a caller talks about money, your PIN or your card, it is a scam. Hang up.',
      'Do not decide alone: tell your family or someone near you about the call or message.',
      'Keep the answering machine on so that you do not have to answer unknown callers.',
    ],
  },
  children: {
    ja: [
      'しらない人からのメッセージのリンクはおさないでね。',
      'パスワードや住所、学校の名前は、だれにもおしえないでね。',
      'こまったら、すぐにおうちの人や先生にそうだんしてね。',
    ],
    en: [
      'Do not tap links in messages from people you do not know.',
      'Never tell anyone your password, your address or the name of your school.',
      'If something worries you, tell a parent or a teacher straight away.',
    ],
  },
  sme: {
    ja: [
      '☐ 振込先口座の変更依頼は、登録済みの電話番号で取引先に確認する',
      '☐ 業務用アカウントに多要素認証を設定する',
      '☐ 従業員にこの注意喚起を共有し、不審なSMS・メールの報告先を決めておく',
      '☐ 被害に気付いたら、取引銀行と警察にすぐ連絡する手順を確認する',
    ],
    en: [
      '☐ Confirm any change of payee account with the supplier through a number you already hold',
      '☐ Turn on multi-factor authentication for business accounts',
      '☐ Share this advisory with staff and name who receives reports of suspicious messages',
      '☐ Know how to reach your bank and the police at once if you are hit',
    ],
  },
};

const BY_SECTOR: Record<Sector, Lines> = {
  banking: {
    ja: [
      '窓口・ATMでの高額な引き出しや振込には声かけを行い、必要に応じて警察に通報してください。',
      '下記の指標に関係する口座への振込・不審なログインをモニタリングしてください。',
    ],
    en: [
      'Speak to customers making large withdrawals or transfers at branches and ATMs; call the police when needed.',
      'Monitor transfers and log-ins related to the indicators below.',
    ],
  },
  payment: {
    ja: ['下記の指標に関係するアカウント連携やチャージを確認し、本人確認を強化してください。'],
    en: ['Review account links and top-ups related to the indicators below and step up verification.'],
  },
  carrier: {
    ja: ['下記の送信元からのSMSの遮断・警告表示を検討してください。'],
    en: ['Consider blocking or warning on text messages from the senders below.'],
  },
  logistics: {
    ja: ['自社を装う通知が出回っていることを利用者に周知し、公式の通知方法を案内してください。'],
    en: ['Tell customers that notices imitating you are circulating and how your real notices look.'],
  },
  ecommerce: {
    ja: ['偽サイトへの誘導について利用者に注意を促し、正規ドメインを明示してください。'],
    en: ['Warn customers about fake sites and state your genuine domains clearly.'],
  },
};

export function adviceFor(audience: Audience, sector: Sector | null, language: Language): string[] {
  if (audience === 'sector') {
    return [...BY_SECTOR[sector ?? 'banking'][language], ...COMMON[language]];
  }
  const specific = BY_AUDIENCE[audience][language];
  // Children and the elderly get short, plain lines only: the common lines use harder words.
  return audience === 'children' || audience === 'elderly'
    ? [...specific]
    : [...specific, ...COMMON[language]];
}

export function reportToFor(audience: Audience, language: Language, phishing: boolean): string[] {
  const ja = [
    '警察相談専用電話 #9110（緊急の場合は110番）',
    'お近くの警察署、または都道府県警察のサイバー犯罪相談窓口',
    '消費者ホットライン 188',
  ];
  const en = [
    'Police consultation line #9110 (emergencies: 110)',
    'Your local police station or the prefectural police cybercrime desk',
    'Consumer hotline 188',
  ];
  if (phishing) {
    ja.push('フィッシングサイトの報告：フィッシング対策協議会 info@antiphishing.jp');
    en.push('Phishing sites: Council of Anti-Phishing Japan, info@antiphishing.jp');
  }
  if (audience === 'children') {
    ja.push('24時間子供SOSダイヤル 0120-0-78310');
    en.push('24-hour children’s SOS line 0120-0-78310');
  }
  return language === 'ja' ? ja : en;
}
