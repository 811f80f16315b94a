import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeIndicator } from '../indicators/index.js';
import { INDICATOR_TYPES, type Indicator, type IndicatorType, makeIndicator } from '../indicators/types.js';
import { mergeRanges, parseCidr } from './entries.js';
import { WarninglistIndex } from './matcher.js';
import { parseWarninglist } from './parse.js';
import type { Warninglist } from './types.js';

function wl(o: Record<string, unknown>): Warninglist {
  const r = parseWarninglist({ description: 'fixture', version: 1, ...o });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.list;
}

function ind(type: IndicatorType, raw: string): Indicator {
  const r = normalizeIndicator(type, raw);
  if (!r.ok) throw new Error(`${type} ${raw}: ${r.reason}`);
  return r.indicator;
}

const dns = wl({
  name: 'List of known IPv4 public DNS resolvers',
  type: 'cidr',
  matching_attributes: ['ip-src', 'ip-dst', 'domain|ip', 'ip-src|port', 'ip-dst|port'],
  list: ['8.8.8.8', '8.8.4.4', '1.1.1.1', '2001:4860:4860::8888'],
});
const shorteners = wl({
  name: 'List of known URL Shorteners domains',
  type: 'hostname',
  matching_attributes: ['domain', 'hostname', 'domain|ip', 'url', 'uri'],
  list: ['bit.ly', '.t.co', '*.tinyurl.com'],
});
const top = wl({
  name: 'Top 10 domains',
  type: 'string',
  matching_attributes: ['hostname', 'domain', 'url', 'domain|ip'],
  list: ['Google.com', 'https://www.example.org/landing'],
});
const anyString = wl({
  name: 'any string',
  type: 'string',
  list: ['+819012345678', 'Support@Example.CO.JP'],
});
const sub = wl({ name: 'substrings', type: 'substring', list: ['.amazonaws.', 'LOCALHOST'] });
const rx = wl({
  name: 'regexes',
  type: 'regex',
  matching_attributes: ['url', 'domain'],
  list: ['/^[a-z0-9-]+\\.ngrok\\.io$/i'],
});
const mail = wl({
  name: 'mail providers',
  type: 'hostname',
  matching_attributes: ['email-src'],
  list: ['gmail.com'],
});
const noAttrs = wl({ name: 'hosts by default', type: 'hostname', list: ['example.net'] });

const index = new WarninglistIndex([dns, shorteners, top, anyString, sub, rx, mail, noAttrs]);
const names = (i: Indicator) => index.match(i).map((h) => h.list);

describe('WarninglistIndex', () => {
  it('string: exact, case-insensitive value, plus the URL host', () => {
    expect(index.match(ind('domain', 'google.com'))).toEqual([
      { list: 'Top 10 domains', type: 'string', entry: 'Google.com' },
    ]);
    expect(names(ind('url', 'https://GOOGLE.com/search?q=1'))).toEqual(['Top 10 domains']);
    expect(names(ind('url', 'https://www.example.org/landing'))).toEqual(['Top 10 domains']);
    expect(names(ind('domain', 'mail.google.com'))).toEqual([]); // string lists are exact
    expect(names(ind('phone', '090-1234-5678'))).toEqual(['any string']);
    expect(names(ind('email', 'support@example.co.jp'))).toEqual(['any string']);
  });

  it('hostname: equal or subdomain, leading dot and *. accepted', () => {
    expect(index.match(ind('domain', 'bit.ly'))).toEqual([
      { list: 'List of known URL Shorteners domains', type: 'hostname', entry: 'bit.ly' },
    ]);
    expect(names(ind('url', 'https://x.Bit.ly/abc'))).toEqual(['List of known URL Shorteners domains']);
    expect(names(ind('domain', 't.co'))).toEqual(['List of known URL Shorteners domains']);
    expect(names(ind('domain', 'a.b.tinyurl.com'))).toEqual(['List of known URL Shorteners domains']);
    expect(names(ind('domain', 'notbit.ly'))).toEqual([]);
    expect(names(ind('domain', 'bit.ly.evil.com'))).toEqual([]);
    expect(names(makeIndicator('domain', 'bit.ly.'))).toEqual(['List of known URL Shorteners domains']);
  });

  it('cidr: IPv4/IPv6 addresses and URL hosts that are IPs', () => {
    expect(index.match(ind('ipv4', '8.8.8.8'))).toEqual([
      { list: 'List of known IPv4 public DNS resolvers', type: 'cidr', entry: '8.8.8.8' },
    ]);
    expect(names(ind('ipv4', '8.8.8.9'))).toEqual([]);
    expect(names(ind('ipv6', '2001:4860:4860:0:0:0:0:8888'))).toEqual([
      'List of known IPv4 public DNS resolvers',
    ]);
    expect(names(ind('url', 'http://1.1.1.1/dns-query'))).toEqual([
      'List of known IPv4 public DNS resolvers',
    ]);
    expect(names(ind('url', 'http://[2001:4860:4860::8888]:8080/'))).toEqual([
      'List of known IPv4 public DNS resolvers',
    ]);
    expect(names(makeIndicator('url', 'http://8.8.4.4/'))).toEqual([
      'List of known IPv4 public DNS resolvers',
    ]);
    expect(names(ind('cidr', '8.8.8.8/32'))).toEqual(['List of known IPv4 public DNS resolvers']);
  });

  it('substring and regex', () => {
    expect(names(ind('url', 'https://bucket.s3.AmazonAWS.com/x'))).toEqual(['substrings']);
    expect(names(makeIndicator('domain', 'localhost.localdomain'))).toEqual(['substrings']);
    expect(index.match(ind('domain', 'abc-123.ngrok.io'))).toEqual([
      { list: 'regexes', type: 'regex', entry: '/^[a-z0-9-]+\\.ngrok\\.io$/i' },
    ]);
    expect(names(ind('url', 'https://abc.ngrok.io/path'))).toEqual(['regexes']); // via the URL host
    expect(names(ind('domain', 'a.b.ngrok.io'))).toEqual([]);
  });

  it('regex: values over 2,048 characters are not tested', () => {
    const long = wl({ name: 'long', type: 'regex', list: ['/^a+$/'] });
    const i = new WarninglistIndex([long]);
    expect(i.match(makeIndicator('sms_sender', 'a'.repeat(2048)))).toHaveLength(1);
    expect(i.match(makeIndicator('sms_sender', 'a'.repeat(2049)))).toHaveLength(0);
  });

  it('respects matching_attributes', () => {
    // url/domain only: an email on google.com does not hit the string list, phones do not hit the regex list
    expect(names(ind('email', 'someone@google.com'))).toEqual([]);
    // email-src only: gmail.com as a domain does not hit, the email does
    expect(names(ind('domain', 'gmail.com'))).toEqual([]);
    expect(names(ind('email', 'victim@gmail.com'))).toEqual(['mail providers']);
    // no matching_attributes on a hostname list: domain, url and email hosts
    expect(names(ind('email', 'a@mx.example.net'))).toEqual(['hosts by default']);
    expect(names(ind('url', 'https://example.net/'))).toEqual(['hosts by default']);
    // cidr with ip-* attributes does not apply to phone numbers or hashes
    expect(names(makeIndicator('sha256', '8.8.8.8'))).toEqual([]);
  });

  it('reports hits from several lists and entries', () => {
    const a = wl({ name: 'a', type: 'hostname', list: ['google.com', 'mail.google.com'] });
    const b = wl({ name: 'b', type: 'string', list: ['mail.google.com'] });
    const i = new WarninglistIndex([a, b]);
    expect(
      i
        .match(ind('domain', 'mail.google.com'))
        .map((h) => `${h.list}:${h.entry}`)
        .sort(),
    ).toEqual(['a:google.com', 'a:mail.google.com', 'b:mail.google.com']);
    expect(i.has(ind('domain', 'google.com'))).toBe(true);
    expect(i.stats()).toMatchObject({ lists: 2, entries: 3, stringKeys: 1, hostnameKeys: 2 });
  });

  it('skips invalid entries in hand-built lists and empty/never-matching lists', () => {
    const handBuilt: Warninglist = {
      ...dns,
      name: 'hand',
      list: ['10.0.0.0/33', 'nonsense', '10.0.0.0/8'],
      appliesTo: ['ipv4'],
    };
    const never: Warninglist = { ...handBuilt, name: 'never', appliesTo: [] };
    const i = new WarninglistIndex([handBuilt, never]);
    expect(i.match(ind('ipv4', '10.255.255.255')).map((h) => h.entry)).toEqual(['10.0.0.0/8']);
    expect(new WarninglistIndex([]).match(ind('ipv4', '10.0.0.1'))).toEqual([]);
  });
});

describe('cidr edges', () => {
  const v4 = wl({
    name: 'v4',
    type: 'cidr',
    list: ['192.168.0.0/24', '192.168.1.0/24', '10.0.0.0/8', '10.1.0.0/16', '172.16.5.7'],
  });
  const all = wl({ name: 'all', type: 'cidr', list: ['0.0.0.0/0', '::/0'] });
  const v6 = wl({ name: 'v6', type: 'cidr', list: ['2001:db8::/32', '2001:db8:1::/48', 'fe80::1'] });
  const i = new WarninglistIndex([v4, v6]);
  const entries = (t: IndicatorType, v: string) => i.match(ind(t, v)).map((h) => h.entry);

  it('network and broadcast addresses are inside, neighbours are outside', () => {
    expect(entries('ipv4', '192.168.0.0')).toEqual(['192.168.0.0/24']);
    expect(entries('ipv4', '192.168.0.255')).toEqual(['192.168.0.0/24']);
    expect(entries('ipv4', '192.168.1.255')).toEqual(['192.168.1.0/24']);
    expect(entries('ipv4', '192.168.2.0')).toEqual([]);
    expect(entries('ipv4', '192.167.255.255')).toEqual([]);
    expect(entries('ipv4', '10.0.0.0')).toEqual(['10.0.0.0/8']);
    expect(entries('ipv4', '10.255.255.255')).toEqual(['10.0.0.0/8']);
    expect(entries('ipv4', '11.0.0.0')).toEqual([]);
    expect(entries('ipv4', '9.255.255.255')).toEqual([]);
  });

  it('single addresses are /32 and /128', () => {
    expect(entries('ipv4', '172.16.5.7')).toEqual(['172.16.5.7']);
    expect(entries('ipv4', '172.16.5.6')).toEqual([]);
    expect(entries('ipv4', '172.16.5.8')).toEqual([]);
    expect(entries('ipv6', 'fe80::1')).toEqual(['fe80::1']);
    expect(entries('ipv6', 'fe80::2')).toEqual([]);
  });

  it('overlapping ranges: an address inside a nested range is reported once per list', () => {
    expect(entries('ipv4', '10.1.2.3')).toHaveLength(1);
    expect(entries('ipv6', '2001:db8:1::5')).toHaveLength(1);
    expect(entries('ipv6', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff')).toEqual(['2001:db8::/32']);
    expect(entries('ipv6', '2001:db9::')).toEqual([]);
  });

  it('/0 covers everything, including the extremes', () => {
    const j = new WarninglistIndex([all]);
    for (const v of ['0.0.0.0', '255.255.255.255', '8.8.8.8'])
      expect(j.match(ind('ipv4', v))).toHaveLength(1);
    for (const v of ['::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'])
      expect(j.match(ind('ipv6', v))).toHaveLength(1);
  });

  it('cidr indicators hit only when one entry contains the whole range', () => {
    expect(entries('cidr', '10.1.0.0/16')).toHaveLength(1);
    expect(entries('cidr', '10.0.0.0/8')).toEqual(['10.0.0.0/8']);
    expect(entries('cidr', '10.0.0.0/7')).toEqual([]);
    expect(entries('cidr', '192.168.0.0/23')).toEqual([]); // two adjacent /24 entries, no single one
    expect(entries('cidr', '2001:db8:1::/64')).toHaveLength(1);
  });

  it('mergeRanges merges overlapping and adjacent ranges, keeps gaps', () => {
    const r = (c: string) => parseCidr(c) as { start: number; end: number };
    const merged = mergeRanges(
      [r('192.168.1.0/24'), r('192.168.0.0/24'), r('10.0.0.0/8'), r('10.1.0.0/16'), r('192.168.3.0/24')],
      1,
    );
    expect(merged.starts.length).toBe(3);
    expect(merged.ends[1]! - merged.starts[1]! + 1).toBe(512);
    const b = mergeRanges(
      [
        { start: 5n, end: 9n },
        { start: 0n, end: 4n },
        { start: 11n, end: 12n },
        { start: 6n, end: 7n },
      ],
      1n,
    );
    expect(b).toEqual({ starts: [0n, 11n], ends: [9n, 12n] });
  });
});

describe('properties', () => {
  const toDotted = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  const arbRange = fc.record({ addr: fc.nat({ max: 2 ** 32 - 1 }), len: fc.integer({ min: 0, max: 32 }) });

  it('IPv4 cidr matching agrees with a naive linear check', () => {
    fc.assert(
      fc.property(
        fc.array(arbRange, { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat({ max: 2 ** 32 - 1 }), { maxLength: 30 }),
        (ranges, addrs) => {
          const entries = ranges.map((r) => `${toDotted(r.addr)}/${r.len}`);
          const i = new WarninglistIndex([wl({ name: 'p', type: 'cidr', list: [...new Set(entries)] })]);
          // probe around the range boundaries as well as random addresses
          const probes = [...addrs];
          for (const e of entries) {
            const p = parseCidr(e) as { start: number; end: number };
            probes.push(p.start, p.end, Math.max(0, p.start - 1), Math.min(2 ** 32 - 1, p.end + 1));
          }
          for (const a of probes) {
            const naive = entries.some((e) => {
              const p = parseCidr(e) as { start: number; end: number };
              return p.start <= a && a <= p.end;
            });
            const hits = i.match(makeIndicator('ipv4', toDotted(a)));
            expect(hits.length > 0).toBe(naive);
            for (const h of hits) {
              const p = parseCidr(h.entry) as { start: number; end: number };
              expect(p.start <= a && a <= p.end).toBe(true);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('IPv6 cidr matching agrees with a naive linear check', () => {
    const arb128 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
    const toText = (v: bigint) => v.toString(16).padStart(32, '0').match(/.{4}/g)!.join(':');
    fc.assert(
      fc.property(
        fc.array(fc.record({ addr: arb128, len: fc.integer({ min: 0, max: 128 }) }), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.array(arb128, { maxLength: 20 }),
        (ranges, addrs) => {
          const entries = [...new Set(ranges.map((r) => `${toText(r.addr)}/${r.len}`))];
          const parsed = entries.map((e) => parseCidr(e) as { start: bigint; end: bigint });
          const i = new WarninglistIndex([wl({ name: 'p6', type: 'cidr', list: entries })]);
          const probes = [
            ...addrs,
            ...parsed.flatMap((p) => [p.start, p.end, p.end + 1n, p.start - 1n]),
          ].filter((a) => a >= 0n && a < 1n << 128n);
          for (const a of probes) {
            const naive = parsed.some((p) => p.start <= a && a <= p.end);
            expect(i.match(makeIndicator('ipv6', toText(a))).length > 0).toBe(naive);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('match never throws for arbitrary indicators', () => {
    const junk = wl({ name: 'junk', type: 'regex', list: ['/(a|b)*c/', '/^.*$/s'] });
    const i = new WarninglistIndex([dns, shorteners, top, anyString, sub, rx, mail, noAttrs, junk]);
    const arbAttrs = fc.dictionary(
      fc.constantFrom('host', 'domain', 'hostIsIp', 'registrableDomain', 'x'),
      fc.oneof(fc.string(), fc.boolean(), fc.integer()),
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...INDICATOR_TYPES), fc.string()),
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'grapheme' }),
          fc.constantFrom('http://[::1', '1.2.3.4/99', 'a@', '.'),
        ),
        arbAttrs,
        (type, value, attributes) => {
          const hits = i.match({ type: type as IndicatorType, value, key: `${type}:${value}`, attributes });
          expect(Array.isArray(hits)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
    expect(i.match(null as unknown as Indicator)).toEqual([]);
    expect(i.match({ type: 'url', value: 42 } as unknown as Indicator)).toEqual([]);
    const bare = { type: 'url', value: 'http://x.com', key: '', attributes: null } as unknown as Indicator;
    expect(i.match(bare).map((h) => h.list)).toEqual(['junk', 'junk']); // only the match-everything regexes
  });
});
