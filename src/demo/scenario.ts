import type { Evidence, LAYERS } from '../attribution/service.js';
import type { Scope } from '../auth/keys.js';
import type { InfrastructureCategory } from '../infrastructure/service.js';
import type { OrgKind } from '../orgs/kinds.js';
import type { ReportInput } from '../reports/input.js';
import type { KindDetails, ReportKind } from '../reports/kinds.js';
import type { Tlp } from '../sharing/policy.js';

/**
 * The demo data set: one multi-organization smishing campaign (a fake 佐川急便 notice leading to
 * unauthorized transfers, a mule account, a payment app, a crypto exchange and an SMS-verification
 * proxy) plus one small unrelated campaign. Every organization, number, account, wallet and actor
 * is invented. IPs are documentation addresses (RFC 5737); the wallet is a valid bech32 encoding of
 * sha256("koban demo wallet, not a real address"), so nobody's real address appears here.
 *
 * The main campaign stays connected without the bank's RED case and without its IP link, so a
 * partner that may not see the RED case (and a store whose warninglists drop documentation
 * addresses) still sees one campaign, only smaller.
 */

export type DemoOrgKey = 'carrier' | 'volunteer' | 'bank' | 'payment' | 'exchange' | 'hosting' | 'police';
/** `centre` is the store's analyst centre (created by `koban init`, or by the demo itself). */
export type DemoAudience = DemoOrgKey | 'centre';

export interface DemoOrg {
  key: DemoOrgKey;
  name: string;
  kind: OrgKind;
  scopes: Scope[];
}

const PARTNER: Scope[] = ['reports:read', 'reports:write', 'indicators:read'];

export const DEMO_ORGS: readonly DemoOrg[] = [
  { key: 'carrier', name: 'デモモバイル (Demo Mobile)', kind: 'carrier', scopes: PARTNER },
  {
    key: 'volunteer',
    name: 'フィッシング調査有志の会 (Demo Volunteers)',
    kind: 'volunteer',
    scopes: PARTNER,
  },
  { key: 'bank', name: 'デモ銀行 不正対策室 (Demo Bank)', kind: 'bank', scopes: PARTNER },
  { key: 'payment', name: 'デモペイ (Demo Pay)', kind: 'payment', scopes: PARTNER },
  { key: 'exchange', name: 'デモ暗号資産取引所 (Demo Exchange)', kind: 'exchange', scopes: PARTNER },
  { key: 'hosting', name: 'デモホスティング (Demo Hosting)', kind: 'hosting', scopes: PARTNER },
  {
    key: 'police',
    name: 'デモ県警察 サイバー犯罪対策課 (Demo Prefectural Police)',
    kind: 'police',
    scopes: [...PARTNER, 'infrastructure:write'],
  },
];

/** The centre's demo key reads, imports knowledge and attributes; it is not an admin key. */
export const CENTRE_SCOPES: Scope[] = [
  'reports:read',
  'indicators:read',
  'knowledge:write',
  'infrastructure:write',
  'attribution:write',
];

type Envelope = Omit<ReportInput, 'kind' | 'details' | 'recipients' | 'externalId'>;
/** A report as the partner submits it, with its details typed per kind so the compiler checks the data set. */
export type DemoReportInput = {
  [K in ReportKind]: Envelope & { kind: K; details: KindDetails<K>; externalId: string };
}[ReportKind];

export type DemoReportRef =
  | 'sms'
  | 'site'
  | 'bank'
  | 'payment'
  | 'exchange'
  | 'hosting'
  | 'police'
  | 'otherSms'
  | 'otherSite';

export interface DemoReport {
  ref: DemoReportRef;
  by: DemoOrgKey;
  campaign: 'main' | 'other';
  /** Named recipients, resolved to organization ids at seeding time. */
  recipients?: DemoAudience[];
  input: DemoReportInput;
}

export const LANDING_DOMAIN = 'sagawa-kq7.top';
export const CALLBACK_PHONE = '090-6831-2047';
export const MULE_ACCOUNT = '0009-118-7204519';
export const PROXY_PHONE = '050-5212-8874';
export const CASH_OUT_WALLET = 'bc1qemmntynauqvfwxrf0ngk95cy6kgevwt5dxlzs6';
const SERVER_IP = '198.51.100.23';

export const DEMO_REPORTS: readonly DemoReport[] = [
  {
    ref: 'sms',
    by: 'carrier',
    campaign: 'main',
    input: {
      kind: 'smishing',
      tlp: 'GREEN',
      externalId: 'demo-sms-20261118-0412',
      title: '佐川急便を騙る不在通知SMS',
      description: '不在通知を装うSMS。11月18日夜から当社回線で約3,200通を観測し、送信元回線は利用停止済み。',
      details: {
        sender: '+81 80-4417-2093',
        body: '【佐川急便】お荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください。hxxps://sagawa-kq7[.]top/tr/8K2f',
        receivedAt: '2026-11-18T19:42:00+09:00',
        carrier: 'デモモバイル',
      },
    },
  },
  {
    ref: 'site',
    by: 'volunteer',
    campaign: 'main',
    input: {
      kind: 'phishing_site',
      tlp: 'GREEN',
      externalId: 'demo-site-0007',
      title: '佐川急便の偽ログインページ',
      description: `不在通知SMSから誘導される偽サイト。「再配達手数料」名目でカード情報とネットバンキングのID・パスワード・ワンタイムパスワードを入力させる。ページ下部に「お問い合わせ ${CALLBACK_PHONE}」と記載。`,
      details: {
        url: 'hxxps://www.sagawa-kq7[.]top/member/login.php',
        targetBrand: '佐川急便',
        ip: SERVER_IP,
        status: 'active',
        discoveredAt: '2026-11-18T22:10:00+09:00',
      },
    },
  },
  {
    ref: 'bank',
    by: 'bank',
    campaign: 'main',
    recipients: ['centre', 'police'],
    input: {
      kind: 'fraud_case',
      tlp: 'RED',
      externalId: 'demo-bank-case-2026-1142',
      title: 'ネットバンキング不正送金（SMS経由のフィッシング）',
      description: `顧客がSMSのリンクから偽サイトにID・パスワードを入力。直後に不正ログインされ、登録電話番号が ${PROXY_PHONE} に変更され、148万円が出し子口座へ送金された。顧客は「佐川急便」を名乗る電話も受けている（番号は詳細欄）。`,
      details: {
        fraudType: 'unauthorized_transfer',
        bank: 'デモ銀行',
        amount: 1_480_000,
        currency: 'JPY',
        occurredAt: '2026-11-19T08:05:00+09:00',
        phone: CALLBACK_PHONE,
        bankAccounts: [MULE_ACCOUNT],
      },
    },
  },
  {
    ref: 'payment',
    by: 'payment',
    campaign: 'main',
    input: {
      kind: 'fraud_case',
      tlp: 'AMBER',
      externalId: 'demo-pay-incident-88213',
      title: '銀行口座の不正紐付けによるチャージ被害',
      description:
        '第三者が被害者名義の銀行口座をデモペイのアカウントに不正に紐付けて20万円をチャージし、即座に出し子口座へ出金。アカウント登録時のSMS認証番号は詳細欄のとおり。',
      details: {
        fraudType: 'account_linking',
        paymentService: 'デモペイ',
        amount: 200_000,
        currency: 'JPY',
        occurredAt: '2026-11-19T09:31:00+09:00',
        phone: PROXY_PHONE,
        bankAccounts: [MULE_ACCOUNT],
      },
    },
  },
  {
    ref: 'exchange',
    by: 'exchange',
    campaign: 'main',
    input: {
      kind: 'fraud_case',
      tlp: 'AMBER',
      externalId: 'demo-exch-aml-5531',
      title: '不正送金資金の暗号資産化と外部送金',
      description:
        '出し子口座からの入金（計160万円）で BTC を購入し、外部ウォレットへ全額出金。口座開設時のSMS認証番号と入金元口座は詳細欄のとおり。',
      details: {
        fraudType: 'crypto_withdrawal',
        amount: 1_600_000,
        currency: 'JPY',
        occurredAt: '2026-11-19T11:02:00+09:00',
        phone: PROXY_PHONE,
        bankAccounts: [MULE_ACCOUNT],
        wallets: [CASH_OUT_WALLET],
        accountIds: ['EXCH-U-771903'],
      },
    },
  },
  {
    ref: 'hosting',
    by: 'hosting',
    campaign: 'main',
    input: {
      kind: 'abuse',
      tlp: 'GREEN',
      externalId: 'demo-abuse-ticket-30412',
      title: '契約VPS上のフィッシングサイト',
      description: '当社VPS上で佐川急便を装うフィッシングサイトを確認し、契約を停止した。',
      details: {
        category: 'phishing',
        sourceIp: SERVER_IP,
        url: 'hxxps://sagawa-kq7[.]top/admin/panel.php',
        domain: LANDING_DOMAIN,
        observedAt: '2026-11-20T10:15:00+09:00',
        evidence: '/admin/ 配下にフィッシングキットの管理画面。窃取したID・パスワードの一覧を表示していた。',
      },
    },
  },
  {
    ref: 'police',
    by: 'police',
    campaign: 'main',
    input: {
      kind: 'other',
      tlp: 'AMBER',
      externalId: 'demo-police-soudan-2026-0917',
      title: '被害相談の集約：宅配業者を装うSMSから不正送金',
      description:
        '管内で同種の相談3件。いずれも宅配業者を装うSMSのリンクから偽サイトに誘導され、その後ネットバンキングから不正送金された。資金の一部は暗号資産に交換され外部ウォレットへ送られたとみられる。',
      observedAt: '2026-11-24T17:00:00+09:00',
      details: { caseType: '被害相談の集約', consultations: 3, prefecture: 'デモ県' },
      indicators: [
        { type: 'domain', value: 'sagawa-kq7[.]top', role: 'lure_domain' },
        { type: 'btc', value: CASH_OUT_WALLET, role: 'cash_out_wallet' },
      ],
    },
  },
  {
    ref: 'otherSms',
    by: 'carrier',
    campaign: 'other',
    input: {
      kind: 'smishing',
      tlp: 'GREEN',
      externalId: 'demo-sms-20261122-0090',
      title: 'ヤマト運輸を騙る保管通知SMS',
      description: '住所不明を理由に再配達手続きを促すSMS。',
      details: {
        sender: '+81 70-3859-1166',
        body: '【ヤマト運輸】お届け予定のお荷物は住所不明のため保管しております。こちらからご確認ください hxxp://yamato-tq4[.]shop/d?n=5521',
        receivedAt: '2026-11-22T12:05:00+09:00',
        carrier: 'デモモバイル',
      },
    },
  },
  {
    ref: 'otherSite',
    by: 'volunteer',
    campaign: 'other',
    input: {
      kind: 'phishing_site',
      tlp: 'GREEN',
      externalId: 'demo-site-0011',
      title: 'ヤマト運輸の偽再配達ページ',
      description: '再配達手数料としてカード情報を入力させる偽ページ。',
      details: {
        url: 'hxxps://kuroneko.yamato-tq4[.]shop/redelivery',
        targetBrand: 'ヤマト運輸',
        ip: '203.0.113.77',
        status: 'active',
        discoveredAt: '2026-11-22T15:40:00+09:00',
      },
    },
  },
];

export const ACTOR_ID = 'intrusion-set--5d379062-3add-42fc-9a3d-b356c47bc2f4';
export const PROXY_SERVICE_ID = 'infrastructure--6f6141b4-a69d-4cc5-8d64-ff3156512db4';
export const BUNDLE_SOURCE = 'koban-demo';

const STIX_TIME = '2026-11-01T00:00:00.000Z';

/** A tiny STIX 2.1 bundle: the (fictional) actor, the SMS-verification proxy it uses, and the relationship. */
export const DEMO_BUNDLE = {
  type: 'bundle',
  id: 'bundle--48a7134b-6718-4c60-8456-a46736ad2b27',
  objects: [
    {
      type: 'intrusion-set',
      spec_version: '2.1',
      id: ACTOR_ID,
      created: STIX_TIME,
      modified: STIX_TIME,
      name: 'Parcel Kitsune',
      aliases: ['宅配キツネ', 'PK-Smish'],
      description:
        '宅配業者を装うSMSで金融機関の認証情報を窃取し、ミュール口座と暗号資産で資金を移す集団（Koban デモ用の架空のアクター / fictional actor for the Koban demo）。',
      first_seen: '2025-06-01T00:00:00.000Z',
      goals: ['金銭の窃取'],
      resource_level: 'organization',
      primary_motivation: 'personal-gain',
    },
    {
      type: 'infrastructure',
      spec_version: '2.1',
      id: PROXY_SERVICE_ID,
      created: STIX_TIME,
      modified: STIX_TIME,
      name: 'SMS認証代行サービス「即認」',
      aliases: ['Sokunin SMS verification proxy'],
      description:
        'データSIM約100枚で第三者のアカウント登録のSMS認証を代行する（架空のサービス / fictional service for the Koban demo）。',
      infrastructure_types: ['sms-verification-proxy'],
    },
    {
      type: 'relationship',
      spec_version: '2.1',
      id: 'relationship--359a0370-1860-43a5-a10e-0bb5427f560b',
      created: STIX_TIME,
      modified: STIX_TIME,
      relationship_type: 'uses',
      source_ref: ACTOR_ID,
      target_ref: PROXY_SERVICE_ID,
    },
  ],
} as const;

export interface DemoFlag {
  by: DemoAudience;
  value: string;
  category: InfrastructureCategory;
  serviceId: string;
  serviceName: string;
  evidence: string;
  evidenceReports: DemoReportRef[];
  tlp: Tlp;
}

export const DEMO_FLAGS: readonly DemoFlag[] = [
  {
    by: 'police',
    value: PROXY_PHONE,
    category: 'sms_verification_proxy',
    serviceId: PROXY_SERVICE_ID,
    serviceName: 'SMS認証代行サービス「即認」',
    evidence:
      '「即認」の販売ページに掲載された番号。本人確認なしで第三者に貸し出され、決済アプリと暗号資産取引所の口座開設のSMS認証に使われた。',
    evidenceReports: ['bank', 'payment', 'exchange'],
    tlp: 'GREEN',
  },
];

type Layer = (typeof LAYERS)[number];
export type DemoEvidence = { kind: 'report'; report: DemoReportRef } | Exclude<Evidence, { kind: 'report' }>;

/** The centre's attribution of the main campaign: proposed on technical traces, then confirmed. */
export const DEMO_ATTRIBUTION = {
  by: 'centre',
  /** The campaign is the one this report belongs to once correlation has run. */
  campaignOf: 'sms',
  actorId: ACTOR_ID,
  tlp: 'GREEN',
  proposed: { confidence: 50, layer: 'tactical' },
  decided: {
    decision: 'confirmed',
    confidence: 70,
    layer: 'operational',
    note: '番号の調達経路（SMS認証代行）と役割分担（SMS送信・偽サイト・出し子口座・暗号資産化）が既知の組織構成と一致',
  },
  evidence: [
    { kind: 'report', report: 'sms' },
    { kind: 'report', report: 'bank' },
    { kind: 'indicator', ref: 'phone:+815052128874' },
    { kind: 'note', ref: '偽サイトの管理画面の構成とSMS文面が Parcel Kitsune の既知の手口と一致' },
  ],
} as const satisfies {
  by: DemoAudience;
  campaignOf: DemoReportRef;
  actorId: string;
  tlp: Tlp;
  proposed: { confidence: number; layer: Layer };
  decided: { decision: 'confirmed'; confidence: number; layer: Layer; note: string };
  evidence: readonly DemoEvidence[];
};
