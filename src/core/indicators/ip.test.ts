import { describe, expect, it } from 'vitest';
import { formatIPv6, normalizeCidr, normalizeIp, parseIPv4, parseIPv6 } from './ip.js';
import { ind, reason } from './testing.js';

describe('normalizeIp: IPv4', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    [' 8.8.8.8 ', '8.8.8.8'],
    ['010.001.002.003', '10.1.2.3'],
    ['１９２．１６８．０．１', '192.168.0.1'],
    ['1[.]2[.]3[.]4', '1.2.3.4'],
    ['[127.0.0.1]', '127.0.0.1'],
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['::FFFF:102:304', '1.2.3.4'],
  ])('%s → %s', (input, expected) => {
    const i = ind(normalizeIp(input));
    expect(i.type).toBe('ipv4');
    expect(i.value).toBe(expected);
    expect(i.attributes.version).toBe(4);
  });

  it.each([
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['169.254.10.10', 'link_local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['192.0.2.55', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.200', 'documentation'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['0.0.0.0', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
  ])('%s scope %s', (input, scope) => {
    expect(ind(normalizeIp(input)).attributes.scope).toBe(scope);
  });

  it.each([
    ['256.1.1.1', /four octets/],
    ['1.2.3', /four octets/],
    ['1.2.3.4.5', /four octets/],
    ['1.2.3.0004', /four octets/],
    ['1..3.4', /four octets/],
    ['example.com', /not an IP/],
    ['1.2.3.4/24', /cidr/],
    ['', /empty/],
  ])('rejects %s', (input, re) => {
    expect(reason(normalizeIp(input))).toMatch(re);
  });
});

describe('normalizeIp: IPv6', () => {
  it.each([
    ['2001:0DB8:0000:0000:0000:0000:0002:0001', '2001:db8::2:1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:DB8::0:1', '2001:db8::1'],
    ['::1', '::1'],
    ['::', '::'],
    ['fe80::0:0:1', 'fe80::1'],
    ['[2001:db8::a]', '2001:db8::a'],
    ['2001:db8:0:0:0:0:0:0', '2001:db8::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['::1.2.3.4', '::102:304'],
    ['2001:db8::', '2001:db8::'],
  ])('%s → %s (RFC 5952)', (input, expected) => {
    const i = ind(normalizeIp(input));
    expect(i.type).toBe('ipv6');
    expect(i.value).toBe(expected);
    expect(i.attributes.version).toBe(6);
  });

  it.each([
    ['::1', 'loopback'],
    ['::', 'reserved'],
    ['fd12:3456::1', 'private'],
    ['fc00::1', 'private'],
    ['fe80::1', 'link_local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2001::1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['2404:6800::1', 'public'],
    ['4000::1', 'reserved'],
  ])('%s scope %s', (input, scope) => {
    expect(ind(normalizeIp(input)).attributes.scope).toBe(scope);
  });

  it.each([
    ['2001:db8::1::1', /invalid IPv6/],
    ['2001:db8:1:2:3:4:5:6:7', /invalid IPv6/],
    ['12345::1', /invalid IPv6/],
    ['2001:db8:g::1', /invalid IPv6/],
    [':1:2:3:4:5:6:7', /invalid IPv6/],
    ['1:2:3:4:5:6:7:', /invalid IPv6/],
    ['fe80::1%eth0', /zone/],
    ['12:30:45', /invalid IPv6/],
  ])('rejects %s', (input, re) => {
    expect(reason(normalizeIp(input))).toMatch(re);
  });

  it('formats the first of equally long zero runs', () => {
    expect(formatIPv6([1, 0, 0, 2, 0, 0, 3, 4])).toBe('1::2:0:0:3:4');
    expect(formatIPv6([1, 0, 2, 0, 3, 0, 4, 0])).toBe('1:0:2:0:3:0:4:0');
  });

  it('low-level parsers', () => {
    expect(parseIPv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIPv4('1.2.3')).toBe(-1);
    expect(parseIPv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(parseIPv6('1:2:3:4:5:6:7:8:9')).toBeNull();
  });
});

describe('normalizeCidr', () => {
  it.each([
    ['10.1.2.3/8', 'cidr', '10.0.0.0/8'],
    ['192.168.1.77/24', 'cidr', '192.168.1.0/24'],
    ['0.0.0.0/0', 'cidr', '0.0.0.0/0'],
    ['203.0.113.9/32', 'ipv4', '203.0.113.9'],
    ['2001:db8::1/32', 'cidr', '2001:db8::/32'],
    ['2001:DB8:ABCD:12:ff::1/48', 'cidr', '2001:db8:abcd::/48'],
    ['2001:db8::1/128', 'ipv6', '2001:db8::1'],
    ['::ffff:10.1.2.3/104', 'cidr', '10.0.0.0/8'],
    ['10.1.2.3 / 16', 'cidr', '10.1.0.0/16'],
    ['fe80::1234/10', 'cidr', 'fe80::/10'],
  ])('%s → %s %s', (input, type, expected) => {
    const i = ind(normalizeCidr(input));
    expect(i.type).toBe(type);
    expect(i.value).toBe(expected);
  });

  it('attributes', () => {
    expect(ind(normalizeCidr('10.9.9.9/8')).attributes).toEqual({
      version: 4,
      prefixLength: 8,
      scope: 'private',
    });
    expect(ind(normalizeCidr('2001:db8::/32')).attributes).toEqual({
      version: 6,
      prefixLength: 32,
      scope: 'documentation',
    });
  });

  it.each([
    ['10.0.0.0', /missing/],
    ['10.0.0.0/33', /0-32/],
    ['2001:db8::/129', /0-128/],
    ['10.0.0.0/abc', /prefix length/],
    ['10.0.0.0/-1', /prefix length/],
    ['10.0.0/8', /network address/],
  ])('rejects %s', (input, re) => {
    expect(reason(normalizeCidr(input))).toMatch(re);
  });
});
