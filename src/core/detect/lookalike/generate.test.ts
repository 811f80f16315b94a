import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import { domainFromAsciiHost } from '../../indicators/domain.js';
import { type Fuzzer, generateLookalikes } from './generate.js';

function byFuzzer(domain: string): Map<Fuzzer, Set<string>> {
  const out = new Map<Fuzzer, Set<string>>();
  for (const { fuzzer, domain: d } of generateLookalikes(domain)) {
    const set = out.get(fuzzer) ?? new Set<string>();
    set.add(d);
    out.set(fuzzer, set);
  }
  return out;
}

describe('generateLookalikes', () => {
  const smbc = byFuzzer('smbc.co.jp');
  const yamato = byFuzzer('kuronekoyamato.co.jp');

  it.each<[Fuzzer, string]>([
    ['addition', 'smbca.co.jp'],
    ['addition', 'bsmbc.co.jp'],
    ['bitsquatting', 'cmbc.co.jp'], // 's' ^ 0x10
    ['cyrillic', domainToASCII('ѕmbc.co.jp')],
    ['cyrillic', domainToASCII('ѕmbс.co.jp')], // every letter that has a Cyrillic twin
    ['homoglyph', 'srnbc.co.jp'],
    ['homoglyph', domainToASCII('śmbc.co.jp')],
    ['hyphenation', 'sm-bc.co.jp'],
    ['insertion', 'smnbc.co.jp'],
    ['omission', 'smc.co.jp'],
    ['plural', 'smbcs.co.jp'],
    ['repetition', 'smmbc.co.jp'],
    ['replacement', 'smvc.co.jp'],
    ['subdomain', 'sm.bc.co.jp'],
    ['transposition', 'smcb.co.jp'],
    ['dictionary', 'smbc-login.co.jp'],
    ['dictionary', 'mypage-smbc.co.jp'],
    ['tld-swap', 'smbc.com'],
    ['tld-swap', 'smbc.ne.jp'],
    ['jp-affix', 'smbc-jp.com'],
    ['jp-affix', 'smbcjp.top'],
    ['suffix-flatten', 'smbc-co-jp.com'],
    ['suffix-flatten', 'smbc.co-jp.com'],
    ['www-prefix', 'www-smbc-co-jp.com'],
    ['www-prefix', 'wwwsmbc.co.jp'],
    ['embedded', 'smbc.co.jp-xyz.com'],
    ['official-subdomain', 'smbc.co.jp.login.com'],
  ])('%s produces %s for smbc.co.jp', (fuzzer, domain) => {
    expect(smbc.get(fuzzer)?.has(domain)).toBe(true);
  });

  it.each<[Fuzzer, string]>([
    ['vowel-swap', 'kuronekoyamata.co.jp'],
    ['homoglyph', 'kuronekoyarnato.co.jp'],
    ['homoglyph', 'kur0nekoyarnato.co.jp'], // two ASCII look-alikes at once
    ['cyrillic', domainToASCII('kuronekoyаmato.co.jp')],
    ['homoglyph', domainToASCII('kuronekoyαmato.co.jp')], // Greek
  ])('%s produces %s for kuronekoyamato.co.jp', (fuzzer, domain) => {
    expect(yamato.get(fuzzer)?.has(domain)).toBe(true);
  });

  it('covers every fuzzer class', () => {
    const classes = new Set([...smbc.keys(), ...yamato.keys()]);
    expect([...classes].sort()).toEqual(
      [
        'addition',
        'bitsquatting',
        'cyrillic',
        'dictionary',
        'embedded',
        'homoglyph',
        'hyphenation',
        'insertion',
        'jp-affix',
        'official-subdomain',
        'omission',
        'plural',
        'repetition',
        'replacement',
        'subdomain',
        'suffix-flatten',
        'tld-swap',
        'transposition',
        'vowel-swap',
        'www-prefix',
      ].sort(),
    );
  });

  it('returns unique, valid names and never the input', () => {
    for (const domain of ['smbc.co.jp', 'post.japanpost.jp', 'eki-net.com', 'au.com']) {
      const names = generateLookalikes(domain).map((r) => r.domain);
      expect(new Set(names).size).toBe(names.length);
      expect(names).not.toContain(domain);
      for (const n of names) expect(domainFromAsciiHost(n).ok, n).toBe(true);
    }
  });

  it('never emits a public suffix (ac.jp, or www.kawasaki.jp under the *.kawasaki.jp rule)', () => {
    const short = generateLookalikes('a.jp').map((r) => r.domain);
    expect(short).toContain('ab.jp');
    expect(short).not.toContain('ac.jp');
    const wildcard = generateLookalikes('www.kawasak.jp').map((r) => r.domain);
    expect(wildcard).toContain('www.kawasaka.jp');
    expect(wildcard).not.toContain('www.kawasaki.jp');
    expect(generateLookalikes('b.cn').map((r) => r.domain)).not.toContain('bj.cn');
  });

  it('fuzzes the registrable label and keeps the public suffix whole', () => {
    const typo = generateLookalikes('smbc.co.jp').filter((r) =>
      ['addition', 'omission', 'replacement', 'bitsquatting', 'insertion'].includes(r.fuzzer),
    );
    expect(typo.length).toBeGreaterThan(50);
    for (const r of typo) expect(r.domain.endsWith('.co.jp')).toBe(true);
  });

  it('keeps the subdomain of an official host', () => {
    const names = generateLookalikes('post.japanpost.jp').map((r) => r.domain);
    expect(names).toContain('post.japanpots.jp');
    expect(names).toContain('japanpost-jp.com');
    expect(names).toContain('post.japanpost.jp-xyz.com');
  });

  it('honours the dictionary and TLD options', () => {
    const r = generateLookalikes('smbc.co.jp', { dictionary: [], tlds: ['top', '.Shop'] });
    expect(r.some((x) => x.fuzzer === 'dictionary')).toBe(false);
    expect(r.filter((x) => x.fuzzer === 'tld-swap').map((x) => x.domain)).toEqual(['smbc.top', 'smbc.shop']);
    const d = generateLookalikes('smbc.co.jp', { dictionary: ['Vpass'] }).filter(
      (x) => x.fuzzer === 'dictionary',
    );
    expect(d.map((x) => x.domain)).toContain('smbc-vpass.co.jp');
  });

  it('accepts Unicode input and rejects names without a registrable part', () => {
    expect(generateLookalikes('ｓｍｂｃ.co.jp').map((r) => r.domain)).toContain('smbc.com');
    expect(() => generateLookalikes('co.jp')).toThrow(RangeError);
    expect(() => generateLookalikes('not a domain')).toThrow(RangeError);
  });
});
