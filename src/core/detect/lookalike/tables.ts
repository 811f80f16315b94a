/**
 * Small word lists the generator draws from. Chosen from what Japanese phishing and smishing
 * hosts actually borrow (JPCERT/CC and Council of Anti-Phishing Japan reports): lures in English
 * romaji, the cheap TLDs those campaigns register, and the `jp` / `co-jp` decorations.
 */

/** Keyboard rows (JIS and US share the letter and digit layout), for replacement and insertion. */
const KEY_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Neighbouring keys of every letter and digit; rows are staggered half a key to the right. */
export const KEYBOARD_NEIGHBOURS: ReadonlyMap<string, string> = (() => {
  const out = new Map<string, string>();
  KEY_ROWS.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      const near = [row[c - 1], row[c + 1], KEY_ROWS[r - 1]?.[c], KEY_ROWS[r - 1]?.[c + 1]];
      near.push(KEY_ROWS[r + 1]?.[c - 1], KEY_ROWS[r + 1]?.[c]);
      out.set(row[c] as string, near.filter((k): k is string => k !== undefined).join(''));
    }
  });
  return out;
})();

/** Words glued to the brand label by the dictionary fuzzer (`smbc-login`, `mypage-rakuten`). */
export const DEFAULT_DICTIONARY: readonly string[] = [
  'login',
  'signin',
  'secure',
  'security',
  'account',
  'verify',
  'confirm',
  'update',
  'support',
  'service',
  'info',
  'help',
  'mypage',
  'member',
  'card',
  'pay',
  'point',
  'bank',
  'direct',
  'online',
  'web',
  'app',
  'official',
  'auth',
  'center',
  'delivery',
  'tracking',
  'post',
  'notice',
  'japan',
];

/** Suffixes the TLD-swap fuzzer tries; all are in the ICANN section of the Public Suffix List. */
export const DEFAULT_TLDS: readonly string[] = [
  'com',
  'net',
  'org',
  'info',
  'biz',
  'jp',
  'co.jp',
  'ne.jp',
  'or.jp',
  'top',
  'xyz',
  'shop',
  'online',
  'site',
  'club',
  'vip',
  'icu',
  'cn',
  'com.cn',
  'cc',
  'asia',
  'app',
  'me',
  'io',
  'co',
  'buzz',
  'live',
  'store',
  'tokyo',
  'work',
  'link',
  'sbs',
  'cyou',
];

/**
 * ICANN public suffixes under which the Public Suffix List has no further ICANN rule, so no name
 * ending in one can itself be a public suffix. The generator skips the per-name PSL lookup (about
 * 100 ns, a third of the old generation time) for names under these and asks tldts for the rest
 * (`jp`, `cn`, `me`, …, where `ac.jp` or `com.cn` must be dropped). Must only shrink when in doubt:
 * a missing entry costs time, a wrong one lets an unregistrable name through. `generate.test.ts`
 * checks every entry against the PSL data tldts ships.
 */
export const SUFFIXES_WITHOUT_CHILD_RULES: ReadonlySet<string> = new Set(
  (
    'com net org info biz co.jp ne.jp or.jp go.jp ac.jp ad.jp ed.jp gr.jp lg.jp top xyz shop online ' +
    'site club vip icu com.cn net.cn org.cn cc asia app buzz live store tokyo work link sbs cyou de ' +
    'nl eu ch dk co.uk org.uk com.au net.au co.kr com.tw com.hk com.sg co.in com.br'
  ).split(' '),
);

/**
 * For suffixes that do have ICANN rules below them: the (ASCII) labels directly below that begin a
 * public suffix or lead to one (`ac`, `aichi`, `kawasaki` under `jp`). A name whose label under
 * the suffix is not listed cannot be a public suffix, so only listed ones are looked up in the
 * PSL. Checked against tldts's data in `tables.test.ts` (exact match, no wildcard below).
 */
export const SUFFIX_CHILD_LABELS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    jp:
      'ac ad aichi akita aomori chiba co ed ehime fukui fukuoka fukushima gifu go gr gunma hiroshima ' +
      'hokkaido hyogo ibaraki ishikawa iwate kagawa kagoshima kanagawa kawasaki kitakyushu kobe kochi ' +
      'kumamoto kyoto lg mie miyagi miyazaki nagano nagasaki nagoya nara ne niigata oita okayama ' +
      'okinawa or osaka saga saitama sapporo sendai shiga shimane shizuoka tochigi tokushima tokyo ' +
      'tottori toyama wakayama yamagata yamaguchi yamanashi yokohama xn--0trq7p7nn xn--1ctwo ' +
      'xn--1lqs03n xn--1lqs71d xn--2m4a15e xn--32vp30h xn--4it168d xn--4it797k xn--4pvxs xn--5js045d ' +
      'xn--5rtp49c xn--5rtq34k xn--6btw5a xn--6orx2r xn--7t0a264c xn--8ltr62k xn--8pvr4u xn--c3s14m ' +
      'xn--d5qv7z876c xn--djrs72d6uy xn--djty4k xn--efvn9s xn--ehqz56n xn--elqq16h xn--f6qx53a ' +
      'xn--k7yn95e xn--kbrq7o xn--klt787d xn--kltp7d xn--kltx9a xn--klty5x xn--mkru45i xn--nit225k ' +
      'xn--ntso0iqx3a xn--ntsq17g xn--pssu33l xn--qqqt11m xn--rht27z xn--rht3d xn--rht61e xn--rny31h ' +
      'xn--tor131o xn--uist22h xn--uisz3g xn--uuwu58a xn--vgu402c xn--zbx025d',
    cn:
      'ac ah bj com cq edu fj gd gov gs gx gz ha hb he hi hk hl hn jl js jx ln mil mo net nm nx org qh ' +
      'sc sd sh sn sx tj tw xj xn--55qx5d xn--io0a7i xn--od0alg xz yn zj',
  }).map(([suffix, labels]) => [suffix, new Set(labels.split(' '))]),
);

/** Registrable TLDs used by the Japanese patterns (`brand-jp.top`, `brand-co-jp.com`). */
export const JP_PATTERN_TLDS: readonly string[] = ['com', 'net', 'top', 'xyz', 'shop', 'cn', 'vip', 'icu'];

/** Second labels of a foreign domain the official name is glued onto (`brand.co.jp-xyz.com`). */
export const EMBED_WORDS: readonly string[] = ['xyz', 'abc', 'jp', 'login', 'secure', 'web', 'info', 'net'];

/**
 * Everyday words that host names are built from. A label or hyphen part that is one of them is
 * never a typo of a brand token (`login` is not a typo of Hokkaido Bank's `dogin`) and never hides
 * a token inside it (`online` does not contain LINE).
 */
export const GENERIC_WORDS: ReadonlySet<string> = new Set([
  ...DEFAULT_DICTIONARY,
  ...'accounts apps beauty best blog cards care cart cash center centre cloud coin data email fine first free'.split(
    ' ',
  ),
  ...'game games global group health hotel image images job jobs life live logon love mail market media'.split(
    ' ',
  ),
  ...'members mobile money movie music news office online osaka page photo play plus points portal'.split(
    ' ',
  ),
  ...'school services shop signup site smart store study time tokyo trade travel video work world'.split(' '),
]);
