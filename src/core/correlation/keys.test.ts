import { describe, expect, it } from 'vitest';
import { decodeLinkKeys, encodeLinkKeys, linkingRegistrableDomain, linkKeysOf } from './keys.js';

describe('linking keys', () => {
  it('links exact values and the registrable domain of hosts', () => {
    const keys = linkKeysOf([
      { type: 'url', value: 'https://login.sagawa-xq.top/abc', role: 'landing_url' },
      { type: 'domain', value: 'login.sagawa-xq.top', role: 'landing_domain' },
      { type: 'phone', value: '+819012345678', role: 'sender' },
      { type: 'sms_sender', value: 'SAGAWA', role: 'sender' },
    ]);
    expect(keys.map((k) => k.key)).toEqual([
      'url:https://login.sagawa-xq.top/abc',
      'regdomain:sagawa-xq.top',
      'domain:login.sagawa-xq.top',
      'phone:+819012345678',
    ]);
    expect(keys.find((k) => k.key === 'regdomain:sagawa-xq.top')?.role).toBe('landing_url');
  });

  it('never links through shared hosting, shorteners or public DNS', () => {
    expect(linkingRegistrableDomain('phish.github.io')).toBeNull();
    expect(linkingRegistrableDomain('evil.web.app')).toBeNull();
    expect(linkingRegistrableDomain('bit.ly')).toBeNull();
    expect(linkingRegistrableDomain('example.co.jp')).toBe('example.co.jp');
    const keys = linkKeysOf([
      { type: 'url', value: 'https://bit.ly/3abc', role: 'landing_url' },
      { type: 'domain', value: 'bit.ly', role: 'landing_domain' },
      { type: 'ipv4', value: '8.8.8.8', role: 'source_ip' },
      { type: 'ipv4', value: '203.0.113.7', role: 'source_ip' },
    ]);
    expect(keys.map((k) => k.key)).toEqual(['url:https://bit.ly/3abc', 'ip:203.0.113.7']);
  });

  it('drops values a warninglist marks as benign', () => {
    const keys = linkKeysOf([{ type: 'domain', value: 'www.google.com', role: 'mentioned' }], {
      isBenign: (type, value) => type === 'domain' && value.endsWith('google.com'),
    });
    expect(keys).toEqual([]);
  });
});

describe('stored candidate keys', () => {
  const keys = linkKeysOf([
    { type: 'url', value: 'https://login.sagawa-xq.top/a?x=1', role: 'landing_url' },
    { type: 'phone', value: '+819011112222', role: 'sender' },
    { type: 'ipv6', value: '2001:db8::1', role: 'source_ip' },
  ]);

  it('round-trip in the compact form, kinds included', () => {
    const text = encodeLinkKeys(keys);
    expect(text.startsWith('[')).toBe(false);
    expect(decodeLinkKeys(text)).toEqual(keys);
    expect(decodeLinkKeys(encodeLinkKeys([]))).toEqual([]);
  });

  it('fall back to JSON for values holding separators, and read both forms', () => {
    const odd = [{ key: 'email:a\u001fb@example.jp', kind: 'exact' as const, role: 'contact' }];
    const text = encodeLinkKeys(odd);
    expect(text.startsWith('[')).toBe(true);
    expect(decodeLinkKeys(text)).toEqual(odd);
    expect(decodeLinkKeys(JSON.stringify(keys.map((k) => [k.key, k.role])))).toEqual(keys);
  });

  it('answer null for text they did not write', () => {
    expect(decodeLinkKeys('no separators here')).toBeNull();
    expect(decodeLinkKeys('[1,2]')).toBeNull();
    expect(decodeLinkKeys('[broken')).toBeNull();
  });
});
