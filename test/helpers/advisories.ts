/**
 * A seeded smishing campaign for the advisory tests, made through the report intake as partners
 * would: two publishable GREEN reports quoting a victim, an AMBER one, the police's own
 * investigation report and a RED one the police may not see, all sharing the phishing domain.
 */
import { bearer, createOrgWithKey, type TestKoban } from './koban.js';

export const VICTIM = {
  name: '山田 太郎',
  phone: '０９０－１１１１－２２２２',
  phoneAscii: '090-1111-2222',
  account: '7654321',
  holder: 'ヤマダ タロウ',
  email: 'yamada.taro@example.jp',
  address: '埼玉県川越市脇田本町15-13',
};
/** Every spelling of the victim that must never reach a published output. */
export const VICTIM_VALUES = [
  VICTIM.name,
  VICTIM.phone,
  VICTIM.phoneAscii,
  VICTIM.account,
  VICTIM.holder,
  VICTIM.email,
  VICTIM.address,
  '山田',
];
export const SCAM_NUMBER = '090-1234-5678';
export const SUSPECT = '鬼塚竜也';
export const HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"> ]]> &bogus; <![CDATA[x]]>';

export interface AdvisoryScenario {
  police: { orgId: string; key: string };
  /** Keys of the police organization, by role. */
  author: string;
  /** A second key of the author's own member (may approve by scope, never by person). */
  authorOtherKey: string;
  approver: string;
  secondApprover: string;
  writerOnly: string;
  carrier: { orgId: string; key: string };
  outsider: { orgId: string; key: string };
  reportIds: { sms1: string; sms2: string; amber: string; investigation: string; red: string };
  campaignId: string;
}

async function api(t: TestKoban, key: string, method: 'POST' | 'GET', url: string, payload?: object) {
  const r = await t.app.inject({ method, url, headers: bearer(key), ...(payload ? { payload } : {}) });
  if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
  return r.json();
}

async function policeKey(t: TestKoban, orgId: string, scopes: string[], memberId?: string): Promise<string> {
  const body = { name: `k-${scopes.join('-')}`, scopes, ...(memberId ? { memberId } : {}) };
  return (await api(t, t.adminKey, 'POST', `/v1/organizations/${orgId}/api-keys`, body)).apiKey;
}

export async function seedAdvisoryScenario(t: TestKoban): Promise<AdvisoryScenario> {
  const police = await createOrgWithKey(t, 'Saitama Police', 'police', {
    investigationAccess: true,
    scopes: ['reports:read', 'reports:write'],
  });
  const carrier = await createOrgWithKey(t, 'Carrier', 'carrier');
  const bank = await createOrgWithKey(t, 'Bank', 'bank');
  const outsider = await createOrgWithKey(t, 'Other Police', 'police', {
    scopes: ['reports:read', 'advisories:write', 'advisories:approve'],
  });
  const member = await api(t, t.adminKey, 'POST', `/v1/organizations/${police.orgId}/members`, {
    name: 'Analyst Sato',
    role: 'analyst',
  });
  const both = ['reports:read', 'advisories:write', 'advisories:approve'];
  const author = await policeKey(t, police.orgId, both, member.id);
  const authorOtherKey = await policeKey(t, police.orgId, ['advisories:approve'], member.id);
  const approver = await policeKey(t, police.orgId, ['advisories:approve']);
  const secondApprover = await policeKey(t, police.orgId, ['advisories:approve']);
  const writerOnly = await policeKey(t, police.orgId, ['reports:read', 'advisories:write']);

  const submit = async (key: string, report: object) =>
    (await api(t, key, 'POST', '/v1/reports', report)).id as string;
  const sms1 = await submit(carrier.key, {
    kind: 'smishing',
    tlp: 'GREEN',
    observedAt: '2026-11-20T09:30:00+09:00',
    description: `相談者：${VICTIM.name}（72）、住所：${VICTIM.address}、電話${VICTIM.phone}。三井住友銀行 新宿支店 普通 ${VICTIM.account} ${VICTIM.holder} から50万円を振り込んだ。`,
    details: {
      sender: `+81 ${SCAM_NUMBER.slice(1)}`,
      body: `【佐川急便】お荷物のお届けにあがりましたが不在の為持ち帰りました。ｈｔｔｐｓ：／／sagawa-xq.top/abc?mail=${VICTIM.email} 確認願います`,
    },
  });
  const sms2 = await submit(carrier.key, {
    kind: 'smishing',
    tlp: 'CLEAR',
    observedAt: '2026-11-22T10:00:00+09:00',
    description: `${HOSTILE} 被害者 ${VICTIM.name}さんの件`,
    details: { sender: '+81 80-2222-3333', body: '【佐川急便】再配達はこちら https://sagawa-xq.top/re' },
  });
  const amber = await submit(carrier.key, {
    kind: 'smishing',
    tlp: 'AMBER',
    description: 'AMBERSECRET 内部の分析',
    details: { sender: '+81 70-3333-4444', body: '【佐川急便】AMBERSECRET https://sagawa-xq.top/amber' },
  });
  const investigation = await submit(police.key, {
    kind: 'abuse',
    tlp: 'GREEN',
    sensitivity: 'investigation',
    description: `捜査中：被疑者 ${SUSPECT} が https://sagawa-xq.top/panel を管理`,
    details: { category: 'phishing', url: 'https://sagawa-xq.top/panel' },
  });
  const red = await submit(bank.key, {
    kind: 'phishing_site',
    tlp: 'RED',
    description: 'REDSECRET',
    details: { url: 'https://sagawa-xq.top/red-login' },
  });
  await t.koban.correlation.drain();
  const view = await api(t, author, 'GET', `/v1/reports/${sms1}/campaign`);
  return {
    police,
    author,
    authorOtherKey,
    approver,
    secondApprover,
    writerOnly,
    carrier,
    outsider,
    reportIds: { sms1, sms2, amber, investigation, red },
    campaignId: view.campaignId,
  };
}

export const CHECKLIST = {
  purpose: true,
  necessity: true,
  harmsConsidered: true,
  victimsProtected: true,
  investigationNotHarmed: true,
};
