import fc from 'fast-check';
import { getDomain } from 'tldts';
import { describe, expect, it } from 'vitest';
import { bankAccountFromParts, normalizeBankAccount } from './bank.js';
import { normalizeEth } from './crypto.js';
import { normalizeDomain } from './domain.js';
import { normalizeEmail } from './email.js';
import { normalizeCidr, normalizeIp } from './ip.js';
import { normalizeDeviceFingerprint, normalizeHash, normalizeSmsSender } from './misc.js';
import { normalizeIndicator } from './normalize.js';
import { normalizePhone } from './phone.js';
import type { NormalizeResult } from './types.js';
import { normalizeUrl } from './url.js';

type Normalizer = (raw: string) => NormalizeResult;

/** normalizeIndicator(type, normalize(x).value) succeeds with the same value and key. */
function expectIdempotent(fn: Normalizer, raw: string, mustSucceed = true): boolean {
  const first = fn(raw);
  if (!first.ok) {
    if (mustSucceed) throw new Error(`${JSON.stringify(raw)} rejected: ${first.reason}`);
    return false;
  }
  const second = normalizeIndicator(first.indicator.type, first.indicator.value);
  expect(second.ok, `${JSON.stringify(first.indicator.value)} from ${JSON.stringify(raw)}`).toBe(true);
  if (second.ok) {
    expect(second.indicator.value).toBe(first.indicator.value);
    expect(second.indicator.key).toBe(first.indicator.key);
  }
  return true;
}

const hexChar = fc.constantFrom(...'0123456789abcdefABCDEF'.split(''));
const digit = fc.constantFrom(...'0123456789'.split(''));
const digits = (n: number) => fc.string({ unit: digit, minLength: n, maxLength: n });
// `??--` labels are reserved (RFC 5891): `xn--a` is not valid punycode and is rightly refused.
const label = fc
  .stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,14}[a-z0-9])?$/)
  .filter((l) => l.slice(2, 4) !== '--');
const knownSuffix = fc.constantFrom(
  'com',
  'jp',
  'co.jp',
  'go.jp',
  'ne.jp',
  'top',
  'xyz',
  'org',
  'cn',
  'info',
  'xn--tckwe',
);
// Valid domains only: a generated name that is itself a public suffix (e.g. go.jp) is rightly rejected.
const domainArb = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), knownSuffix)
  .map(([labels, suffix]) => `${labels.join('.')}.${suffix}`)
  .filter((domain) => getDomain(domain) !== null);
const idnDomainArb = fc
  .tuple(fc.constantFrom('例え', 'さがわ', 'ヤマト', 'みずほ銀行', 'münchen', 'ПРИМЕР'), knownSuffix)
  .map(([l, s]) => `${l}.${s}`);
const spellingArb = fc.constantFrom(
  (d: string) => d,
  (d: string) => d.toUpperCase(),
  (d: string) => `${d}.`,
  (d: string) => ` ${d} `,
  (d: string) => d.replaceAll('.', '[.]'),
  (d: string) => d.replaceAll('.', '(dot)'),
  (d: string) => d.normalize('NFKC').replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
);

describe('idempotency: normalize(normalize(x).value) === normalize(x)', () => {
  it('URLs (fast-check web URLs)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (u) => {
        if (expectIdempotent(normalizeUrl, u, false)) accepted++;
      }),
      { numRuns: 1000 },
    );
    expect(accepted).toBeGreaterThan(900);
  });

  it('URLs with IDN hosts, spellings and Japanese paths', () => {
    fc.assert(
      fc.property(
        fc.oneof(domainArb, idnDomainArb),
        spellingArb,
        fc.constantFrom('', '/', '/a/b', '/ログイン?x=1', '/%E3%81%82', '/a.php?id=1&b=%20'),
        fc.constantFrom('https://', 'http://', 'hxxps://', 'HTTP://', ''),
        (host, spell, path, scheme) => {
          expectIdempotent(normalizeUrl, `${scheme}${spell(host).trim()}${path}`);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('domains (ASCII, IDN, defanged, full-width, upper-case, trailing dot)', () => {
    fc.assert(
      fc.property(fc.oneof(domainArb, idnDomainArb), spellingArb, (d, spell) => {
        expectIdempotent(normalizeDomain, spell(d));
      }),
      { numRuns: 1000 },
    );
  });

  it('IPv4, IPv6 and CIDR', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => void expectIdempotent(normalizeIp, ip)),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.ipV6(), (ip) => void expectIdempotent(normalizeIp, ip)),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.ipV6(), (ip) => void expectIdempotent(normalizeIp, ip.toUpperCase())),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (ip, len) => {
        expectIdempotent(normalizeCidr, `${ip}/${len}`);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.ipV6(), fc.integer({ min: 0, max: 128 }), (ip, len) => {
        expectIdempotent(normalizeCidr, `${ip}/${len}`);
      }),
      { numRuns: 500 },
    );
  });

  it('phones (Japanese national, +81, international)', () => {
    const sep = fc.constantFrom('', '-', ' ', '.', 'ー', '－');
    const jpMobile = fc
      .tuple(fc.constantFrom('070', '080', '090', '050'), digits(4), digits(4), sep)
      .map(([p, a, b, s]) => `${p}${s}${a}${s}${b}`);
    const jpFixed = fc
      .tuple(fc.constantFrom('03', '06'), fc.integer({ min: 2, max: 9 }), digits(3), digits(4), sep)
      .map(([p, f, a, b, s]) => `${p}${s}${f}${a}${s}${b}`);
    const tollFree = fc.tuple(digits(3), digits(3), sep).map(([a, b, s]) => `0120${s}${a}${s}${b}`);
    const plus81 = fc.tuple(fc.constantFrom('90', '80', '70'), digits(8)).map(([p, d]) => `+81 ${p}-${d}`);
    const intl = fc
      .tuple(fc.constantFrom('+44 ', '+86 ', '+82 ', '+886 ', '00 63 ', '010-84-', '+33 '), digits(9))
      .map(([p, d]) => `${p}${d}`);
    const nanp = fc.tuple(fc.integer({ min: 2, max: 9 }), digits(9)).map(([a, d]) => `+1 ${a}${d}`);
    fc.assert(
      fc.property(fc.oneof(jpMobile, jpFixed, tollFree, plus81, intl, nanp), (p) => {
        expectIdempotent(normalizePhone, p);
      }),
      { numRuns: 1000 },
    );
  });

  it('hashes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(32, 40, 64),
        fc.string({ unit: hexChar, minLength: 64, maxLength: 64 }),
        (n, hex) => {
          expectIdempotent((raw) => normalizeHash(raw), hex.slice(0, n));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('emails', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,20}[A-Za-z0-9]$/),
        fc.oneof(domainArb, idnDomainArb),
        (l, d) => {
          if (l.includes('..')) return;
          expectIdempotent(normalizeEmail, `${l}@${d}`);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('Ethereum addresses (lowercase and EIP-55 spellings)', () => {
    fc.assert(
      fc.property(fc.string({ unit: hexChar, minLength: 40, maxLength: 40 }), (hex) => {
        const lower = `0x${hex.toLowerCase()}`;
        expectIdempotent(normalizeEth, lower);
        const r = normalizeEth(lower);
        if (r.ok) expectIdempotent(normalizeEth, r.indicator.attributes.checksummed as string);
      }),
      { numRuns: 200 },
    );
  });

  it('bank accounts', () => {
    fc.assert(
      fc.property(digits(4), digits(3), fc.integer({ min: 1, max: 9_999_999 }), (b, br, n) => {
        expectIdempotent(normalizeBankAccount, `${b} ${br} ${n}`);
        expectIdempotent(normalizeBankAccount, `${b}-${br}-${String(n).padStart(7, '0')}`);
        const parts = bankAccountFromParts(b, br, String(n));
        expect(parts.ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('device fingerprints and SMS senders', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4, maxLength: 60 }), (s) => {
        expectIdempotent(normalizeDeviceFingerprint, s, false);
        expectIdempotent(normalizeSmsSender, s, false);
      }),
      { numRuns: 500 },
    );
  });
});
