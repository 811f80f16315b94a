import { describe, expect, it } from 'vitest';
import { linkKeysOf } from '../core/correlation/keys.js';
import { parseWarninglist, type Warninglist } from '../core/warninglists/index.js';
import { BenignMatcher, buildBenignTest } from './benign.js';
import { defaultEnabled, prepareList, toFieldError, warninglistId } from './prepare.js';
import { cdnRanges, dynamicDns, topSites, webmail } from './test-fixtures.js';

function parsed(...json: unknown[]): Warninglist[] {
  return json.map((j) => {
    const r = parseWarninglist(j);
    if (!r.ok) throw new Error(r.errors.join('; '));
    return r.list;
  });
}

describe('benign-value test', () => {
  const isBenign = buildBenignTest(parsed(cdnRanges(), topSites(), webmail()));

  it('applies a list that only declares ip-dst to our ipv4 and ipv6 values', () => {
    expect(isBenign('ipv4', '104.16.5.5')).toBe(true);
    expect(isBenign('ipv6', '2606:4700::1111')).toBe(true);
    expect(isBenign('ipv4', '203.0.113.9')).toBe(false);
    expect(isBenign('domain', '104.16.5.5')).toBe(false);
  });

  it('suppresses a domain only when the listed name owns it', () => {
    expect(isBenign('domain', 'google.com')).toBe(true);
    expect(isBenign('domain', 'mail.google.com')).toBe(true);
    expect(isBenign('domain', 'notgoogle.com')).toBe(false);
    // github.io is a private public suffix: its subdomains belong to whoever registered them.
    expect(isBenign('domain', 'github.io')).toBe(true);
    expect(isBenign('domain', 'sagawa-phish.github.io')).toBe(false);
  });

  it('suppresses a URL only when the entry covers the whole URL', () => {
    expect(isBenign('url', 'https://accounts.google.com/signin/v2?x=1')).toBe(false);
    expect(isBenign('url', 'https://mail.google.com/')).toBe(true);
    expect(isBenign('url', 'https://www.google.com/')).toBe(true);
    expect(isBenign('url', 'https://sagawa-phish.github.io/')).toBe(false);
    // ip-dst does not cover URLs (MISP semantics); `domain|ip` does.
    expect(isBenign('url', 'http://104.16.5.5/')).toBe(false);
    const withUrls = buildBenignTest(
      parsed({ ...cdnRanges(), matching_attributes: ['ip-dst', 'domain|ip'] }),
    );
    expect(withUrls('url', 'http://104.16.5.5/')).toBe(true);
    expect(withUrls('url', 'http://104.16.5.5/login.php')).toBe(false);
  });

  it('never suppresses a mailbox because of its provider, but does an exact listed address', () => {
    expect(isBenign('email', 'victim@gmail.com')).toBe(false);
    expect(isBenign('email', 'noreply@example.co.jp')).toBe(true);
    expect(isBenign('nonsense', 'gmail.com')).toBe(false);
    expect(isBenign('domain', '')).toBe(false);
  });

  it('drops the registrable-domain key but keeps the exact URL in linkKeysOf', () => {
    const keys = linkKeysOf(
      [
        { type: 'url', value: 'https://a1.edgecdn-test.net/kit/login', role: 'landing_url' },
        { type: 'ipv4', value: '104.16.5.5', role: 'hosting_ip' },
      ],
      { isBenign },
    );
    expect(keys.map((k) => k.key)).toEqual(['url:https://a1.edgecdn-test.net/kit/login']);
  });

  it('explains every hit with whether it stops linking', () => {
    const m = new BenignMatcher(parsed(topSites()));
    expect(m.explain('url', 'https://docs.google.com/forms/d/abc')).toEqual([
      { list: 'Test top sites', type: 'hostname', entry: 'google.com', suppressesLinking: false },
    ]);
  });
});

describe('preparing a list', () => {
  it('names the offending field as a JSON pointer', () => {
    const r = prepareList({ ...cdnRanges(), version: 1.5, extra: 1, list: ['1.2.3.4', 7] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.name).toBe('Test CDN ranges');
    expect(r.errors.map((e) => e.field)).toEqual(['/extra', '/version', '/list/1']);
    expect(toFieldError('missing required property "type"')).toEqual({
      field: '/type',
      reason: 'missing required property "type"',
    });
    expect(toFieldError('a warninglist must be a JSON object, got a string').field).toBe('/');
  });

  it('starts dynamic DNS lists disabled and everything else enabled', () => {
    expect(defaultEnabled(parsed(dynamicDns())[0]!).enabled).toBe(false);
    expect(defaultEnabled(parsed(topSites())[0]!)).toEqual({ enabled: true, reason: null });
    const a = prepareList(cdnRanges());
    const b = prepareList({ ...cdnRanges(), list: [...cdnRanges().list].reverse() });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.prepared.id).toBe(warninglistId('Test CDN ranges'));
    expect(a.prepared.contentHash).not.toBe(b.prepared.contentHash);
  });
});
