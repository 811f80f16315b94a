import { describe, expect, it } from 'vitest';
import { BrandIndex } from './brand-index.js';
import { DEFAULT_BRANDS } from './default-brands.js';
import { fnvChar } from './linear-model.js';
import { urlFeatures } from './url-features.js';
import { urlParts } from './url-parts.js';

/**
 * The shipped URL model's weights are indexed by these hashes (and their groups name the reasons):
 * any change to how features are computed must leave them identical or retrain the model.
 */
const GOLDEN: Array<[string, number, number]> = [
  ['https://sagawa-xq.top/r/abc?x=1&y=2', 31, 3888873888],
  ['http://a7f2x.cn/Ab3dE', 24, 1405085616],
  ['https://www.kuronekoyamato.co.jp/ytc/customer/', 38, 2998374969],
  ['https://evil.github.io/jcblogin/index.php', 38, 3013881149],
  ['http://192.0.2.1:8080/x', 9, 1522812161],
  ['https://xn--80ak6aa92e.com/', 30, 2419940797],
  ['https://login.smbc-card.co.jp-abc.com/mypage/secure/verify.html', 38, 1432668445],
  ['https://bit.ly/3xYz9', 21, 492095103],
];

const brands = new BrandIndex(DEFAULT_BRANDS);

describe('urlFeatures', () => {
  it.each(GOLDEN)('emits the features the shipped model was trained on: %s', (url, count, digest) => {
    const r = urlParts(url);
    if (!r.ok) throw new Error(r.reason);
    let d = 0x811c9dc5;
    let n = 0;
    urlFeatures(r.parts, brands, (h, g) => {
      d = fnvChar(fnvChar(fnvChar(fnvChar(d, h & 255), (h >>> 8) & 255), (h >>> 16) & 255), h >>> 24);
      for (let i = 0; i < g.length; i++) d = fnvChar(d, g.charCodeAt(i));
      n++;
    });
    expect([n, d]).toEqual([count, digest]);
  });
});
