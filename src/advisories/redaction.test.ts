import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keepValuesOf, phoneDisplay, publishableUrl } from './indicators.js';
import { defangText, redactContent } from './redaction.js';
import { exclusionOf } from './sources.js';
import type { AdvisorySections } from './types.js';

describe('defangText', () => {
  it('defangs URLs (full width too) and hosts, cuts queries, leaves placeholders and contacts alone', () => {
    expect(defangText('確認 ｈｔｔｐｓ：／／sagawa-xq.top/abc?u=a@b.jp 至急')).toBe(
      '確認 hxxps[://]sagawa-xq[.]top/abc 至急',
    );
    expect(defangText('［氏名1］さん evil.example.com へ')).toBe('［氏名1］さん evil[.]example[.]com へ');
    expect(defangText('報告先 info@antiphishing.jp、1.5万円')).toBe('報告先 info@antiphishing.jp、1.5万円');
    // Found by the property below: a dot in a defanged URL's path is not a host to defang again.
    expect(defangText(defangText('http://a.aa/a.aa'))).toBe('hxxp[://]a[.]aa/a.aa');
  });

  it('is idempotent and never leaves a live http(s) URL', () => {
    fc.assert(
      fc.property(fc.string(), fc.webUrl(), (text, url) => {
        const once = defangText(`${text} ${url} ${text}`);
        expect(defangText(once)).toBe(once);
        expect(once).not.toMatch(/https?:\/\//i);
      }),
    );
  });
});

describe('publication rule and indicators', () => {
  it('leaves out investigation, TLP above GREEN, PAP:RED and narrowed reports', () => {
    const ok = { tlp: 'GREEN', pap: 'AMBER', sensitivity: 'normal', restricted: false };
    expect(exclusionOf(ok)).toBeNull();
    expect(exclusionOf({ ...ok, tlp: 'CLEAR' })).toBeNull();
    expect(exclusionOf({ ...ok, sensitivity: 'investigation' })).toBe('investigation');
    expect(exclusionOf({ ...ok, tlp: 'AMBER' })).toBe('tlp');
    expect(exclusionOf({ ...ok, pap: 'RED' })).toBe('pap');
    expect(exclusionOf({ ...ok, restricted: true })).toBe('restricted');
  });

  it('shows phones the Japanese way and keeps hosts for redaction', () => {
    expect(phoneDisplay('+819012345678')).toBe('090-1234-5678');
    expect(publishableUrl('https://a.top/x?mail=v@x.jp#y')).toBe('https://a.top/x');
    expect(
      keepValuesOf([
        { type: 'url', value: 'https://a.top/x', display: 'hxxps[://]a[.]top/x', role: 'landing_url' },
      ]),
    ).toEqual(['a.top']);
  });

  it('drops an indicator whose own text holds personal data, and records why', () => {
    const empty: AdvisorySections = {
      title: 't',
      summary: '',
      examples: [],
      recognise: [],
      advice: [],
      reportTo: [],
    };
    const r = redactContent(
      {
        ja: empty,
        en: empty,
        indicators: [
          { type: 'url', value: 'https://a.top/山田太郎様', display: 'x', role: 'landing_url' },
          { type: 'domain', value: 'a.top', display: 'a[.]top', role: 'landing_domain' },
        ],
      },
      ['a.top'],
      [],
    );
    expect(r.redacted.indicators.map((i) => i.value)).toEqual(['a.top']);
    expect(r.redactions.map((f) => f.field)).toEqual(['/indicators/0']);
  });
});
