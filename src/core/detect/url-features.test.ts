import { describe, expect, it } from 'vitest';
import { BrandIndex } from './brand-index.js';
import { DEFAULT_BRANDS } from './default-brands.js';
import { LabelLm } from './label-lm.js';
import { fnvChar } from './linear-model.js';
import { URL_MODEL } from './models/url-model.js';
import { urlFeatures } from './url-features.js';
import { urlParts } from './url-parts.js';

/**
 * The shipped URL model's weights are indexed by these hashes (and their groups name the reasons),
 * computed with the label model shipped beside them: any change to how features are computed must
 * leave them identical or retrain the model. Last changed on purpose with the label-model and
 * bare-query features (2026-12-01).
 */
const GOLDEN: Array<[string, number, number]> = [
  ['https://sagawa-xq.top/r/abc?x=1&y=2', 34, 2490562969],
  ['http://a7f2x.cn/Ab3dE', 27, 2336352485],
  ['https://www.kuronekoyamato.co.jp/ytc/customer/', 41, 4214549166],
  ['https://evil.github.io/jcblogin/index.php', 42, 1600554617],
  ['http://192.0.2.1:8080/x', 9, 1522812161],
  ['https://xn--80ak6aa92e.com/', 33, 663125068],
  ['https://login.smbc-card.co.jp-abc.com/mypage/secure/verify.html', 42, 2358155507],
  ['https://bit.ly/3xYz9', 24, 3706464178],
  ['http://opakoz.wsdss.xyz/?GxWug', 36, 1008277605],
];

const brands = new BrandIndex(DEFAULT_BRANDS);
const lm = LabelLm.fromBase64(URL_MODEL.labelLm ?? '');

describe('urlFeatures', () => {
  it.each(GOLDEN)('emits the features the shipped model was trained on: %s', (url, count, digest) => {
    const r = urlParts(url);
    if (!r.ok) throw new Error(r.reason);
    let d = 0x811c9dc5;
    let n = 0;
    urlFeatures(
      r.parts,
      brands,
      (h, g) => {
        d = fnvChar(fnvChar(fnvChar(fnvChar(d, h & 255), (h >>> 8) & 255), (h >>> 16) & 255), h >>> 24);
        for (let i = 0; i < g.length; i++) d = fnvChar(d, g.charCodeAt(i));
        n++;
      },
      lm,
    );
    expect([n, d]).toEqual([count, digest]);
  });
});
