import { describe, expect, it } from 'vitest';
import { SAMPLE_BRANDS } from './fixtures.js';
import { createLookalikeMatcher, type LookalikeKind } from './matcher.js';

const matcher = createLookalikeMatcher(SAMPLE_BRANDS, {
  benignDomains: new Set(['amazonaws.com', 'australia.com']),
});

function best(host: string) {
  return matcher.match(host)[0];
}

describe('createLookalikeMatcher', () => {
  it.each<[string, string, LookalikeKind, string]>([
    ['yamato-xq.top', 'yamato', 'embedded', 'yamato'],
    ['kuronekoyamato-co-jp.com', 'yamato', 'embedded', 'kuronekoyamato'],
    ['kuronekoyamato.co.jp-abc.com', 'yamato', 'embedded', 'kuronekoyamato.co.jp'],
    ['www-kuronekoyamato-co-jp.com', 'yamato', 'embedded', 'kuronekoyamato'],
    ['smbc.co.jp.secure-login.com', 'smbc', 'subdomain', 'smbc.co.jp'],
    ['smbc-card-jp.com', 'smbc', 'embedded', 'smbc'],
    ['xn--mbc-ehd.co.jp', 'smbc', 'homoglyph', 'smbc'], // Cyrillic ѕ
    ['ѕmbc.co.jp', 'smbc', 'homoglyph', 'smbc'], // Unicode input is accepted too
    ['xn--80ak6aa92e.com', 'apple', 'homoglyph', 'apple'], // аррӏе, all Cyrillic
    ['arnazon.co.jp', 'amazon', 'homoglyph', 'amazon'],
    ['smcb.co.jp', 'smbc', 'typo', 'smbc'],
    ['kuronekoyamoto.com', 'yamato', 'typo', 'kuronekoyamato'],
    ['kuronekoymaato.net', 'yamato', 'typo', 'kuronekoyamato'],
    ['rakutrn.co.jp', 'rakuten', 'typo', 'rakuten'],
    ['mercari-shops-login.xyz', 'mercari', 'embedded', 'mercari'],
    ['mysmbccard.top', 'smbc', 'combo', 'smbc'],
    ['amazonpayment.cn', 'amazon', 'combo', 'amazon'],
    ['rakuten.xyz', 'rakuten', 'tld_swap', 'rakuten'],
    ['japanpost.top', 'japanpost', 'tld_swap', 'japanpost'],
    ['my-jcb-card.com', 'jcb', 'embedded', 'jcb'],
    ['au-kddi.xyz', 'au', 'embedded', 'au'],
    ['sm.bc.co.jp', 'smbc', 'subdomain', 'smbc'],
    ['smbc-login.github.io', 'smbc', 'embedded', 'smbc'], // private suffix: the user's label counts
    ['SMBC-Secure.Top.', 'smbc', 'embedded', 'smbc'],
  ])('%s imitates %s (%s)', (host, brand, kind, token) => {
    const m = best(host);
    expect(m).toMatchObject({ brand, kind, token });
    expect(m?.officialDomain).toBe(SAMPLE_BRANDS.find((b) => b.id === brand)?.officialDomains[0]);
  });

  it('reports the edit distance of typos', () => {
    expect(best('kuronekoyamto.co.jp')).toMatchObject({ kind: 'typo', distance: 1 });
    expect(best('kuronkoyamatoo.jp')).toMatchObject({ kind: 'typo', distance: 2 });
    expect(best('smxbcx.jp')).toBeUndefined(); // two edits are too many for a four-letter brand
  });

  it.each([
    'kuronekoyamato.co.jp', // official
    'www.smbc.co.jp', // subdomain of an official domain
    'member.kuronekoyamato.co.jp',
    'www.amazon.com',
    'au.com',
    'australia.com', // benign list
    'amazonaws.com', // benign list
    'bucket.s3.amazonaws.com',
    'beauty.com', // `au` inside a word
    'audible.jp',
    'taurus.net',
    'au.example.com', // a two-letter label is a country, not KDDI
    'janacb.com',
    'online-shop.com', // generic words are not typos of brand tokens
    'login.example.jp',
    'google.com',
    'example.co.jp',
    '192.168.0.1',
    '',
  ])('%s is not flagged', (host) => {
    expect(matcher.match(host)).toEqual([]);
  });

  it('without a benign list, amazonaws.com is Amazon combosquatting', () => {
    const bare = createLookalikeMatcher(SAMPLE_BRANDS);
    expect(bare.match('amazonaws.com')[0]).toMatchObject({ brand: 'amazon', kind: 'combo' });
  });

  it('returns one match per brand, strongest first', () => {
    const all = matcher.match('smbc.co.jp.mufg-login.com');
    expect(all.map((m) => [m.brand, m.kind])).toEqual([
      ['smbc', 'subdomain'],
      ['mufg', 'embedded'],
    ]);
  });

  it('lets several brands share a token', () => {
    const m = createLookalikeMatcher([
      ...SAMPLE_BRANDS,
      {
        ...(SAMPLE_BRANDS[3] as (typeof SAMPLE_BRANDS)[number]),
        id: 'smbc-nikko',
        officialDomains: ['smbcnikko.co.jp'],
      },
    ]);
    expect(
      m
        .match('smbc-login.top')
        .map((x) => x.brand)
        .sort(),
    ).toEqual(['smbc', 'smbc-nikko']);
  });
});
