/**
 * The starter catalogue shipped with Koban: generic Japanese provider kinds, so deadlines work on
 * day one, plus one concrete overseas provider as an example of narrowing by e-mail domain.
 * Figures are "typical" and carry their source; where no law fixes them they are marked
 * `uncertain` and are to be replaced by what providers tell the centre. Analysts maintain the real
 * catalogue through the API; every change makes a new version.
 */
import { CATALOGUE_FORMAT, type Catalogue, type LogSource, type Provider } from './catalogue-format.js';
import {
  AML_RECORDS,
  INQUIRY,
  lawNoteAml,
  MOBILE_ID,
  PRESERVATION,
  SEVEN_YEARS,
  uncertainNote,
  WARRANT,
} from './starter-legal.js';
import { overseasProviders } from './starter-overseas.js';

const log = (l: LogSource): LogSource => l;

const providers: Provider[] = [
  {
    id: 'jp-mno',
    kind: 'carrier',
    name: { ja: '移動体通信事業者（MNO）', en: 'Mobile network operator (MNO)' },
    country: 'JP',
    contact: {
      format: '書面（捜査関係事項照会書）郵送または各社指定の電子窓口',
      notes: '番号ポータビリティのため、番号帯から事業者は決まらない。',
    },
    legalBasis: [INQUIRY, PRESERVATION, WARRANT, MOBILE_ID],
    logs: [
      log({
        id: 'subscriber',
        name: { ja: '契約者情報・本人確認記録', en: 'Subscriber and identity-verification records' },
        proves: {
          ja: '番号の契約者と契約時の本人確認書類',
          en: 'Who holds the number and the ID shown at sign-up',
        },
        indicatorTypes: ['phone', 'sms_sender'],
        lineTypes: ['mobile', 'm2m'],
        retentionDays: { typical: 1095, min: 1095 },
        retentionNote:
          '携帯電話不正利用防止法: 本人確認記録は契約終了日から3年（起算点は契約終了であり、観測日からの計算は保守的な目安）。',
      }),
      log({
        id: 'call-sms-detail',
        name: { ja: '通話・SMS送受信履歴', en: 'Call and SMS detail records' },
        proves: { ja: '発着信・SMS送信の日時と相手番号', en: 'When calls and SMS were made and to whom' },
        indicatorTypes: ['phone', 'sms_sender'],
        lineTypes: ['mobile', 'm2m'],
        retentionDays: { typical: 90, min: 90, max: 365 },
        retentionNote: uncertainNote('料金請求に必要な範囲で保存され、おおむね3か月〜1年。'),
        uncertain: true,
      }),
      log({
        id: 'mobile-ip',
        name: { ja: 'モバイル通信のIP割当（CGNAT）記録', en: 'Mobile IP allocation (CGNAT) records' },
        proves: {
          ja: 'IPアドレス・ポート・時刻から回線を特定',
          en: 'Which line used an IP and port at a time',
        },
        indicatorTypes: ['ipv4', 'ipv6'],
        retentionDays: { typical: 90, min: 30, max: 365 },
        retentionNote: uncertainNote(
          '接続記録はおおむね3か月程度。CGNATでは送信元ポートと秒単位の時刻が必要。',
        ),
        uncertain: true,
      }),
    ],
  },
  {
    id: 'jp-mvno',
    kind: 'mvno',
    name: { ja: 'MVNO（格安SIM、データSIM）', en: 'MVNO (budget and data-only SIMs)' },
    country: 'JP',
    contact: {
      format: '書面郵送または電子メール（事業者により異なる）',
      notes: 'MNOへの照会で回線の卸先MVNOが判明する。',
    },
    legalBasis: [INQUIRY, PRESERVATION, WARRANT, MOBILE_ID],
    logs: [
      log({
        id: 'subscriber',
        name: {
          ja: '契約者情報（音声SIM・SMS付きデータSIM）',
          en: 'Subscriber records (voice and SMS-enabled data SIMs)',
        },
        proves: {
          ja: 'SIMの契約者、支払手段、配送先',
          en: 'Who holds the SIM, how they pay, where it was shipped',
        },
        indicatorTypes: ['phone', 'sms_sender'],
        lineTypes: ['mobile', 'm2m'],
        retentionDays: { typical: 1095, min: 365, max: 1825 },
        retentionNote:
          '音声SIMは携帯電話不正利用防止法により契約終了後3年。データSIMは同法の対象外で、SMS付きは業界の自主的な本人確認による（保存期間は要確認）。',
        uncertain: true,
      }),
      log({
        id: 'sms-ip-records',
        name: { ja: 'SMS送信記録・IP割当記録', en: 'SMS sending and IP allocation records' },
        proves: { ja: 'SIMからのSMS送信、通信時のIP', en: 'SMS sent from the SIM; IPs it used' },
        indicatorTypes: ['phone', 'sms_sender', 'ipv4', 'ipv6'],
        lineTypes: ['mobile', 'm2m'],
        retentionDays: { typical: 90, min: 30, max: 365 },
        retentionNote: uncertainNote('MVNO自身またはホストMNOが保持。'),
        uncertain: true,
      }),
    ],
  },
  {
    id: 'jp-ip-phone',
    kind: 'carrier',
    name: { ja: 'IP電話事業者（050番号）', en: 'IP telephony provider (050 numbers)' },
    country: 'JP',
    contact: { format: '書面郵送または電子メール' },
    legalBasis: [INQUIRY, PRESERVATION, WARRANT],
    logs: [
      log({
        id: 'subscriber-and-cdr',
        name: { ja: '契約者情報・発着信履歴', en: 'Subscriber records and call detail records' },
        proves: { ja: '050番号の契約者と利用履歴', en: 'Who holds the 050 number and its use' },
        indicatorTypes: ['phone'],
        lineTypes: ['ip_phone'],
        retentionDays: { typical: 90, min: 30, max: 365 },
        retentionNote: uncertainNote('050番号は携帯電話不正利用防止法の対象外。'),
        uncertain: true,
      }),
    ],
  },
  {
    id: 'jp-isp',
    kind: 'isp',
    name: { ja: '固定インターネット接続事業者（ISP）', en: 'Fixed-line internet service provider' },
    country: 'JP',
    contact: { format: '書面郵送（多くの事業者）', notes: 'IPアドレスの割当先はJPNIC WHOISで確認する。' },
    legalBasis: [INQUIRY, PRESERVATION, WARRANT],
    logs: [
      log({
        id: 'access-nat',
        name: { ja: '接続記録（認証ログ・NATログ）', en: 'Connection records (authentication and NAT logs)' },
        proves: {
          ja: 'IPアドレス（・ポート）と時刻から契約者回線を特定',
          en: 'Which subscriber used an IP (and port) at a time',
        },
        indicatorTypes: ['ipv4', 'ipv6'],
        retentionDays: { typical: 90, min: 30, max: 365 },
        retentionNote: uncertainNote(
          '3〜6か月が多い。総務省ガイドライン解説は業務上必要な期間を超えないこととする。',
        ),
        uncertain: true,
      }),
    ],
  },
  {
    id: 'jp-hosting',
    kind: 'hosting',
    name: { ja: 'ホスティング・クラウド事業者', en: 'Hosting and cloud provider' },
    country: 'JP',
    contact: {
      format: '書面郵送または電子メール',
      notes: 'サーバのIPとドメインのDNS記録で事業者を特定する。',
    },
    legalBasis: [INQUIRY, PRESERVATION, WARRANT],
    logs: [
      log({
        id: 'web-access',
        name: { ja: 'Webアクセスログ・管理画面ログイン記録', en: 'Web access logs and control-panel logins' },
        proves: {
          ja: 'フィッシングサイトへのアクセス元と設置者の操作元',
          en: 'Who visited the site and where its operator logged in from',
        },
        indicatorTypes: ['url', 'domain', 'ipv4', 'ipv6'],
        retentionDays: { typical: 30, min: 7, max: 180 },
        retentionNote: uncertainNote('共用サーバでは数週間〜数か月でローテーションされることが多い。'),
        uncertain: true,
      }),
      log({
        id: 'customer',
        name: { ja: '契約者情報・支払情報', en: 'Customer and payment records' },
        proves: { ja: 'サーバ契約者と支払手段', en: 'Who rents the server and how they paid' },
        indicatorTypes: ['url', 'domain', 'ipv4', 'ipv6'],
        retentionDays: { typical: 365, min: 180, max: 2555 },
        retentionNote: uncertainNote('契約中は保持、解約後の保存期間は事業者による。'),
        uncertain: true,
      }),
    ],
  },
  {
    id: 'registrar',
    kind: 'registrar',
    name: { ja: 'ドメイン登録事業者（レジストラ・指定事業者）', en: 'Domain registrar' },
    contact: { format: '電子メールまたはWebフォーム（海外レジストラが多い）' },
    legalBasis: [INQUIRY, 'ICANN RAA 2013 Data Retention Specification'],
    logs: [
      log({
        id: 'registration',
        name: {
          ja: '登録者情報（WHOIS/RDDS非公開部分を含む）',
          en: 'Registration data (including redacted RDDS data)',
        },
        proves: { ja: 'ドメイン登録者の連絡先と支払手段', en: 'Registrant contacts and payment' },
        indicatorTypes: ['domain', 'url'],
        retentionDays: { typical: 730, min: 730 },
        retentionNote: 'gTLD: ICANN RAA 2013 データ保存仕様で登録管理終了後2年。.jp 等のccTLDは要確認。',
      }),
      log({
        id: 'transactions',
        name: {
          ja: '登録・更新操作記録（IPアドレス等）',
          en: 'Registration transaction records (source IPs)',
        },
        proves: { ja: '登録操作の日時と接続元', en: 'When and from where the domain was registered' },
        indicatorTypes: ['domain', 'url'],
        retentionDays: { typical: 180, min: 180 },
        retentionNote: 'gTLD: ICANN RAA 2013 データ保存仕様で当該操作から180日。',
      }),
    ],
  },
  {
    id: 'jp-payment',
    kind: 'payment',
    name: { ja: '資金移動業者・決済アプリ', en: 'Funds-transfer and payment apps' },
    country: 'JP',
    contact: { format: '書面郵送または各社の捜査機関向け窓口' },
    legalBasis: [INQUIRY, AML_RECORDS],
    logs: [
      log({
        id: 'kyc-transactions',
        name: { ja: '本人確認記録・取引記録', en: 'KYC and transaction records' },
        proves: { ja: 'アカウント保有者と送金・チャージ履歴', en: 'Account holder and transfers' },
        indicatorTypes: ['phone', 'email', 'bank_account', 'device_fingerprint'],
        retentionDays: SEVEN_YEARS,
        retentionNote: lawNoteAml,
      }),
      log({
        id: 'login',
        name: { ja: 'ログイン・端末記録', en: 'Login and device records' },
        proves: { ja: 'ログイン元IPと端末', en: 'Login IPs and devices' },
        indicatorTypes: ['ipv4', 'ipv6', 'device_fingerprint'],
        retentionDays: { typical: 365, min: 90, max: 2555 },
        retentionNote: uncertainNote('不正利用対策のため長めに保持する事業者が多い。'),
        uncertain: true,
      }),
    ],
  },
  {
    id: 'jp-bank',
    kind: 'bank',
    name: { ja: '銀行・信用金庫等', en: 'Banks and credit unions' },
    country: 'JP',
    contact: { format: '書面郵送（本店事務センター等）' },
    legalBasis: [INQUIRY, AML_RECORDS, '会社法432条2項: 会計帳簿・重要資料10年'],
    logs: [
      log({
        id: 'account-transactions',
        name: { ja: '口座開設時の本人確認記録・取引履歴', en: 'Account-opening KYC and transaction history' },
        proves: { ja: '口座名義人と入出金（被害金の流れ）', en: 'Account holder and the money trail' },
        indicatorTypes: ['bank_account'],
        retentionDays: { typical: 2555, min: 2555, max: 3650 },
        retentionNote: `${lawNoteAml} 帳簿類は会社法により10年。`,
      }),
      log({
        id: 'online-banking-login',
        name: { ja: 'インターネットバンキングのログイン記録', en: 'Online-banking login records' },
        proves: { ja: 'ログイン元IP・端末', en: 'Login IPs and devices' },
        indicatorTypes: ['bank_account', 'ipv4', 'ipv6', 'device_fingerprint'],
        retentionDays: { typical: 365, min: 90, max: 1825 },
        retentionNote: uncertainNote('銀行により大きく異なる。'),
        uncertain: true,
      }),
    ],
  },
  {
    id: 'jp-exchange',
    kind: 'exchange',
    name: { ja: '暗号資産交換業者', en: 'Crypto-asset exchange' },
    country: 'JP',
    contact: { format: '書面郵送または電子メール' },
    legalBasis: [INQUIRY, AML_RECORDS, '資金決済法・犯収法のトラベルルール（2023年6月施行）'],
    logs: [
      log({
        id: 'kyc',
        name: { ja: '本人確認記録（KYC）', en: 'KYC records' },
        proves: { ja: 'アカウント保有者の本人確認書類', en: 'Who holds the account' },
        indicatorTypes: ['btc', 'eth', 'email', 'phone'],
        retentionDays: SEVEN_YEARS,
        retentionNote: lawNoteAml,
      }),
      log({
        id: 'withdrawals',
        name: { ja: '入出庫・出金記録', en: 'Deposit and withdrawal records' },
        proves: {
          ja: 'アドレスへの入出庫と出金先口座',
          en: 'Transfers to and from an address; payout accounts',
        },
        indicatorTypes: ['btc', 'eth', 'bank_account'],
        retentionDays: SEVEN_YEARS,
        retentionNote: lawNoteAml,
      }),
    ],
  },
  {
    id: 'jp-email',
    kind: 'email',
    name: { ja: '国内メールサービス事業者', en: 'Domestic e-mail provider' },
    country: 'JP',
    contact: { format: '書面郵送' },
    legalBasis: [INQUIRY, PRESERVATION, WARRANT],
    logs: [
      log({
        id: 'account-login',
        name: { ja: 'アカウント登録情報・ログイン記録', en: 'Account registration and login records' },
        proves: { ja: 'アドレスの登録者とログイン元IP', en: 'Who registered the address; login IPs' },
        indicatorTypes: ['email'],
        retentionDays: { typical: 90, min: 30, max: 365 },
        retentionNote: uncertainNote('ログイン記録は3か月程度が多い。'),
        uncertain: true,
      }),
    ],
  },
  {
    id: 'sns',
    kind: 'sns',
    name: { ja: 'SNS・メッセンジャー事業者', en: 'Social network and messenger' },
    contact: { format: '各社の法執行機関向けポータルまたは書面' },
    legalBasis: [INQUIRY, PRESERVATION, WARRANT],
    logs: [
      log({
        id: 'login-ip',
        name: { ja: 'アカウント登録情報・ログインIP', en: 'Account registration data and login IPs' },
        proves: {
          ja: 'アカウントの登録電話番号・メールとログイン元',
          en: 'Registered phone and e-mail; login origins',
        },
        indicatorTypes: ['url', 'email', 'phone'],
        retentionDays: { typical: 90, min: 30, max: 365 },
        retentionNote: uncertainNote('ログインIPは数か月で消える事業者がある。'),
        uncertain: true,
      }),
    ],
  },
  ...overseasProviders,
];

/** A fresh copy each call: callers may edit it before storing. */
export function starterCatalogue(): Catalogue {
  return structuredClone({ format: CATALOGUE_FORMAT, providers });
}
