/** Overseas providers of the starter catalogue: the generic route (MLAT, preservation) and Google as a concrete example. */
import type { Provider } from './catalogue-format.js';
import { uncertainNote } from './starter-legal.js';

export const overseasProviders: Provider[] = [
  {
    id: 'overseas',
    kind: 'overseas',
    name: { ja: '海外サービス事業者', en: 'Overseas service provider' },
    contact: {
      format: '事業者の法執行機関向けポータル（任意開示）、緊急開示要請、刑事共助（MLAT・日米刑事共助条約）',
      notes: '米国事業者には18 U.S.C. §2703(f) の保全要請（90日、さらに90日延長可）を先に送る。',
    },
    legalBasis: [
      'サイバー犯罪条約29条: 迅速な保全の要請',
      '18 U.S.C. §2703(f) preservation; §2702 emergency disclosure',
      '日米刑事共助条約',
    ],
    logs: [
      {
        id: 'subscriber-ip',
        name: { ja: '登録情報・ログインIP（非内容情報）', en: 'Subscriber data and login IPs (non-content)' },
        proves: {
          ja: 'アカウントの登録情報とアクセス元',
          en: 'Account registration data and access origins',
        },
        indicatorTypes: ['email', 'url', 'domain', 'ipv4', 'ipv6', 'phone'],
        retentionDays: { typical: 90, min: 30, max: 730 },
        retentionNote: uncertainNote('事業者・データ種別で大きく異なる。保全要請で消去を止められる。'),
        uncertain: true,
      },
    ],
  },
  {
    id: 'google',
    kind: 'overseas',
    name: { ja: 'Google（Gmail）', en: 'Google (Gmail)' },
    country: 'US',
    match: { emailDomains: ['gmail.com', 'googlemail.com'] },
    contact: { url: 'https://lers.google.com', format: 'LERS（法執行機関向けポータル）' },
    legalBasis: ['18 U.S.C. §2703(f) preservation; §2702 emergency disclosure', '日米刑事共助条約'],
    logs: [
      {
        id: 'subscriber-ip',
        name: { ja: '登録情報・ログインIP', en: 'Subscriber data and login IPs' },
        proves: {
          ja: 'Gmailアカウントの登録情報とアクセス元',
          en: 'Gmail account registration data and access origins',
        },
        indicatorTypes: ['email'],
        retentionDays: { typical: 90, min: 30, max: 730 },
        retentionNote: uncertainNote('公表された固定値はない。'),
        uncertain: true,
      },
    ],
  },
];
