/** Fixed words of the public outputs, in both languages. */
import type { Audience, Language, PublishableType } from './types.js';

export const AUDIENCE_LABELS: Record<Language, Record<Audience, string>> = {
  ja: {
    public: '一般の方へ',
    sector: '事業者の方へ',
    sme: '中小企業の方へ',
    elderly: '高齢の方とご家族へ',
    children: '子どもと保護者の方へ',
  },
  en: {
    public: 'For the public',
    sector: 'For businesses in the sector',
    sme: 'For small and medium businesses',
    elderly: 'For older people and their families',
    children: 'For children and parents',
  },
};

type Heading =
  | 'publisher'
  | 'published'
  | 'summary'
  | 'examples'
  | 'recognise'
  | 'indicators'
  | 'kind'
  | 'value'
  | 'advice'
  | 'reportTo';

export const HEADINGS: Record<Language, Record<Heading, string>> = {
  ja: {
    publisher: '発行',
    published: '公開日',
    summary: 'どのような手口か',
    examples: '文面の例（個人情報は伏せています）',
    recognise: '見分け方',
    indicators: '確認されている送信元・URL',
    kind: '種類',
    value: '値',
    advice: 'どうすればよいか',
    reportTo: '相談・通報先',
  },
  en: {
    publisher: 'Issued by',
    published: 'Published',
    summary: 'What happens',
    examples: 'Examples of the wording (personal data removed)',
    recognise: 'How to recognise it',
    indicators: 'Senders and links seen so far',
    kind: 'Type',
    value: 'Value',
    advice: 'What to do',
    reportTo: 'Where to report',
  },
};

const TYPE_LABELS: Record<Language, Record<PublishableType, string>> = {
  ja: { phone: '電話番号', sms_sender: 'SMS送信元', domain: 'ドメイン', url: 'URL' },
  en: { phone: 'Phone number', sms_sender: 'SMS sender', domain: 'Domain', url: 'URL' },
};

export const indicatorTypeLabel = (type: PublishableType, language: Language) => TYPE_LABELS[language][type];
