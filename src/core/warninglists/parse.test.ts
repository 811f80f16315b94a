import { describe, expect, it } from 'vitest';
import { compileRegexEntry, normalizeHostnameEntry, parseCidr } from './entries.js';
import { parseWarninglist } from './parse.js';

const base = {
  name: 'List of known public DNS resolvers',
  description: 'Event contains one or more public DNS resolvers as attribute with an IDS flag set',
  version: 20240101,
  type: 'cidr',
  matching_attributes: ['ip-src', 'ip-dst', 'domain|ip'],
  list: ['8.8.8.8', '8.8.4.4', '1.1.1.0/24', '2001:4860:4860::8888'],
};

describe('parseWarninglist', () => {
  it('accepts a valid MISP list and derives the indicator types', () => {
    const r = parseWarninglist(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.list).toMatchObject({
      name: base.name,
      version: 20240101,
      type: 'cidr',
      list: base.list,
      warnings: [],
    });
    expect(r.list.matchingAttributes).toEqual(['ip-src', 'ip-dst', 'domain|ip']);
    expect(r.list.appliesTo).toEqual(['url', 'domain', 'ipv4', 'ipv6', 'cidr']);
  });

  it('defaults appliesTo from the list type without matching_attributes', () => {
    const { matching_attributes: _, ...rest } = base;
    const r = parseWarninglist(rest);
    expect(r.ok && r.list.appliesTo).toEqual(['url', 'ipv4', 'ipv6', 'cidr']);
    expect(r.ok && r.list.matchingAttributes).toBeNull();
    const h = parseWarninglist({ ...rest, type: 'hostname', list: ['example.com'] });
    expect(h.ok && h.list.appliesTo).toEqual(['url', 'domain', 'email']);
    const s = parseWarninglist({ ...rest, type: 'string', list: ['x'] });
    expect(s.ok && s.list.appliesTo.length).toBe(15);
  });

  it.each([
    [null, 'must be a JSON object, got null'],
    [[], 'got an array'],
    ['x', 'got a string'],
  ])('rejects non-objects (%j)', (input, msg) => {
    const r = parseWarninglist(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.join()).toContain(msg);
  });

  it('reports every schema violation at once', () => {
    const r = parseWarninglist({
      name: 3,
      version: '1',
      type: 'ip',
      list: 'a',
      extra: true,
      matching_attributes: [1],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        'unknown property "extra"',
        'missing required property "description"',
        '"name" must be a string, got a number',
        '"version" must be an integer, got a string',
        '"type" must be one of string, substring, hostname, cidr, regex, got "ip"',
        '"list" must be an array of strings, got a string',
        '"matching_attributes[0]" must be a string, got a number',
      ]),
    );
  });

  it('rejects non-integer versions, empty names, non-string items and duplicate matching_attributes', () => {
    expect(parseWarninglist({ ...base, version: 1.5 }).ok).toBe(false);
    expect(parseWarninglist({ ...base, name: '  ' }).ok).toBe(false);
    const r = parseWarninglist({ ...base, list: ['8.8.8.8', 42] });
    expect(!r.ok && r.errors).toEqual(['"list[1]" must be a string, got a number']);
    expect(parseWarninglist({ ...base, matching_attributes: ['ip-src', 'ip-src'] }).ok).toBe(false);
  });

  it('skips unusable entries with warnings instead of rejecting the list', () => {
    const r = parseWarninglist({
      ...base,
      list: ['8.8.8.8', '8.8.8.8/33', '300.1.1.1', 'dns.google', '', '8.8.8.8'],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.list.list).toEqual(['8.8.8.8']);
    expect(r.list.warnings).toEqual([
      'list[1] "8.8.8.8/33" skipped: not an IP address or CIDR range',
      'list[2] "300.1.1.1" skipped: not an IP address or CIDR range',
      'list[3] "dns.google" skipped: not an IP address or CIDR range',
      'list[4] skipped: empty entry',
      '1 duplicate entries ignored',
    ]);
  });

  it('reports bad regexes and hostnames, unknown attributes and lists that can never match', () => {
    const rx = parseWarninglist({
      ...base,
      type: 'regex',
      matching_attributes: ['url'],
      list: ['/ok/i', '/(/', `/${'a'.repeat(600)}/`],
    });
    expect(rx.ok && rx.list.list).toEqual(['/ok/i']);
    expect(rx.ok && rx.list.warnings.join('\n')).toMatch(/does not compile[\s\S]*longer than 500/);
    const h = parseWarninglist({
      ...base,
      type: 'hostname',
      matching_attributes: ['vulnerability'],
      list: ['a b.com'],
    });
    expect(h.ok && h.list.warnings).toEqual([
      'list[0] "a b.com" skipped: not a hostname',
      'matching_attributes not mapped to Koban indicator types: vulnerability',
      'list applies to no Koban indicator type and will never match',
      'list has no usable entries',
    ]);
  });

  it('caps per-entry warnings', () => {
    const list = Array.from({ length: 80 }, (_, i) => `bad-${i}`);
    const r = parseWarninglist({ ...base, list });
    expect(r.ok && r.list.warnings.length).toBe(52);
    expect(r.ok && r.list.warnings.at(-2)).toBe('… 30 more entries skipped');
  });
});

describe('entry helpers', () => {
  it('normalizes hostname entries', () => {
    expect(normalizeHostnameEntry('.Example.COM.')).toBe('example.com');
    expect(normalizeHostnameEntry('*.example.com')).toBe('example.com');
    expect(normalizeHostnameEntry('例え.jp')).toBe('xn--r8jz45g.jp');
    expect(normalizeHostnameEntry('http://x.com/')).toBeNull();
    expect(normalizeHostnameEntry('*.')).toBeNull();
  });

  it('parses CIDR edges', () => {
    expect(parseCidr('0.0.0.0/0')).toEqual({ version: 4, start: 0, end: 2 ** 32 - 1 });
    expect(parseCidr('10.1.2.3/8')).toEqual({ version: 4, start: 10 * 2 ** 24, end: 11 * 2 ** 24 - 1 });
    expect(parseCidr('255.255.255.255/32')).toEqual({ version: 4, start: 2 ** 32 - 1, end: 2 ** 32 - 1 });
    expect(parseCidr('::/0')).toEqual({ version: 6, start: 0n, end: (1n << 128n) - 1n });
    expect(parseCidr('2001:db8::1')?.start).toBe(0x20010db8000000000000000000000001n);
    for (const bad of ['1.2.3.4/', '1.2.3.4/-1', '::1/129', 'fe80::1%eth0', '1.2.3', 'abc', '1.2.3.4/8/8']) {
      expect(parseCidr(bad)).toBeNull();
    }
  });

  it('compiles PCRE-style regex entries', () => {
    const r = compileRegexEntry('/^BIT\\.LY$/i');
    expect(r.ok && r.re.test('bit.ly')).toBe(true);
    expect(compileRegexEntry('/x/g').ok && (compileRegexEntry('/x/g') as { re: RegExp }).re.flags).toBe('');
    expect(compileRegexEntry('/x/x')).toEqual({ ok: false, reason: 'unsupported regex flag "x"' });
    expect(compileRegexEntry('^plain$').ok).toBe(true);
  });
});
