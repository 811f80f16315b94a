/** Small brand fixture for the lookalike tests and the benchmark (not the production catalogue). */
import type { ProtectedBrand } from '../types.js';

type Row = [id: string, officialDomains: string[], hostTokens: string[]];

const ROWS: Row[] = [
  ['yamato', ['kuronekoyamato.co.jp'], ['yamato', 'kuroneko']],
  ['sagawa', ['sagawa-exp.co.jp'], ['sagawa']],
  ['japanpost', ['post.japanpost.jp'], ['japanpost', 'yuubin']],
  ['smbc', ['smbc.co.jp'], ['smbc']],
  ['mufg', ['mufg.jp'], ['mufg']],
  ['mizuho', ['mizuhobank.co.jp'], ['mizuho']],
  ['rakuten', ['rakuten.co.jp'], ['rakuten']],
  ['amazon', ['amazon.co.jp', 'amazon.com'], ['amazon']],
  ['docomo', ['docomo.ne.jp'], ['docomo']],
  ['au', ['au.com'], ['au', 'kddi']],
  ['softbank', ['softbank.jp'], ['softbank']],
  ['nta', ['nta.go.jp'], ['nta', 'etax']],
  ['aeon', ['aeon.co.jp'], ['aeon']],
  ['jcb', ['jcb.co.jp'], ['jcb']],
  ['ekinet', ['eki-net.com'], ['eki-net', 'ekinet']],
  ['mercari', ['mercari.com'], ['mercari']],
  ['paypay', ['paypay.ne.jp'], ['paypay']],
  ['saison', ['saisoncard.co.jp'], ['saison', 'saisoncard']],
  ['jreast', ['jreast.co.jp'], ['jreast']],
  ['apple', ['apple.com'], ['apple', 'icloud']],
];

/** Twenty brands Japanese phishing often imitates, with their main domains (tests and bench). */
export const SAMPLE_BRANDS: readonly ProtectedBrand[] = ROWS.map(([id, officialDomains, hostTokens]) => ({
  id,
  namesJa: [id],
  namesEn: [id],
  officialDomains,
  officialSenders: [],
  hostTokens,
  sector: 'other',
}));

export const SAMPLE_DOMAINS: readonly string[] = ROWS.map((r) => r[1][0] as string);
