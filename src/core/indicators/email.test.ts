import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './email.js';
import { ind, reason } from './testing.js';

describe('normalizeEmail', () => {
  it.each([
    ['Foo.Bar@Example.COM', 'foo.bar@example.com'],
    ['  user+tag@example.co.jp ', 'user+tag@example.co.jp'],
    ['mailto:Support@Example.com', 'support@example.com'],
    ['MAILTO:support@example.com?subject=hi', 'support@example.com'],
    ['mailto:a%2Bb@example.com', 'a+b@example.com'],
    ['<info@example.com>', 'info@example.com'],
    ['user[@]example.com', 'user@example.com'],
    ['user[at]example[.]com', 'user@example.com'],
    ['user(at)example(dot)com', 'user@example.com'],
    ['ｕｓｅｒ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'user@example.com'],
    ['info@例え.jp', 'info@xn--r8jz45g.jp'],
    ['info@example.com.', 'info@example.com'],
    ["o'brien@example.ie", "o'brien@example.ie"],
  ])('%s → %s', (input, expected) => {
    expect(ind(normalizeEmail(input)).value).toBe(expected);
  });

  it('attributes', () => {
    expect(ind(normalizeEmail('Support@Mail.Example.co.jp')).attributes).toEqual({
      localPart: 'support',
      domain: 'mail.example.co.jp',
      registrableDomain: 'example.co.jp',
    });
  });

  it.each([
    ['', /empty/],
    ['no-at-sign.example.com', /missing @/],
    ['@example.com', /empty local/],
    ['user@', /invalid domain/],
    ['a@b@example.com', /more than one @/],
    ['.user@example.com', /invalid local/],
    ['user.@example.com', /invalid local/],
    ['us..er@example.com', /invalid local/],
    ['us er@example.com', /whitespace/],
    ['"quoted"@example.com', /invalid local/],
    ['user@localhost', /invalid domain/],
    ['user@example.invalidtld', /invalid domain/],
    ['user@[192.0.2.1]', /literal/],
    [`${'a'.repeat(65)}@example.com`, /64/],
    [`a@${'b'.repeat(250)}.com`, /254/],
  ])('rejects %s', (input, re) => {
    expect(reason(normalizeEmail(input))).toMatch(re);
  });
});
