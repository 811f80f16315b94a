/**
 * Benign URL paths for training, generated. The popular-domain list has no paths, and a fixed
 * handful of them taught the model that any path it had not seen was phishing (5.8% of popular
 * domains with real-looking paths were flagged). Real sites serve sections, slugs, dates, numeric
 * and random-looking ids, share codes, file names and queries, sometimes naming brands; this
 * generator composes those so path features must separate kit paths from ordinary ones. The
 * evaluation uses a separate hand-written list (benign-paths.ts).
 */
import { prng } from '../generate.js';

const SECTIONS = (
  'news blog article articles topics products product item items category tag tags search help support user users ' +
  'profile docs doc shop store event events campaign recruit company corporate ir jobs careers video videos watch ' +
  'p s r c d t a b g i amp sp m ja en jp ja-jp en-us zh-cn ko info service services about contact faq guide column ' +
  'features special ranking review reviews forum community media press release library download static assets ' +
  'images img css js api v1 v2 app apps account accounts login signin signup register member members mypage my ' +
  'settings cart checkout order orders reserve booking travel hotel map weather sports business economy world local ' +
  'life tech science health food recipe fashion beauty car home game games music movie anime manga books comic ' +
  'school sale coupon point gift pay payment card bank insurance plan plans pricing lp detail list page pages ' +
  'entry post posts archives archive feature channel live shorts share go link out redirect view show ' +
  'auth oauth oauth2 openid-connect protocol realms idp saml sso web secure status'
).split(' ');

const WORDS = (
  'tokyo osaka kyoto japan new best top how to guide review spring summer winter autumn sale price free shipping ' +
  'men women kids smartphone laptop camera coffee ramen sushi hotel ticket concert festival weekend travel ' +
  'station train weather forecast election market stock yen dollar tax pension health diet exercise recipe ' +
  'chicken curry beer wine anime drama series episode season final match soccer baseball tennis golf player ' +
  'team score result update release version install setup error fix tips tricks beginner complete list ranking ' +
  'popular cheap premium limited edition collection brand store open close hours access parking rental used ' +
  'car bike house apartment room kitchen garden cafe restaurant lunch dinner morning night city park museum ' +
  'school student teacher exam job salary work office remote meeting event seminar online interview story ' +
  'photo video image music song album live tour fan club member point campaign present gift coupon cashback ' +
  'amazon apple rakuten paypay docomo softbank line yahoo mercari visa jcb aeon mizuho smbc mufg sony nintendo'
).split(' ');

/** Page and file names every kind of site serves, phishing kits included, so alone they say little. */
const FILES = (
  'index.html index.htm index.php index.jsp index.asp default.aspx home.html top.html main.html ' +
  'login.php login.html login.jsp login.do signin.html logon.aspx auth authorize callback sso ' +
  'form.html entry.php mypage.php member.php robots.txt sitemap.xml feed.xml favicon.ico'
).split(' ');

const EXTS = ['.html', '.htm', '.php', '.aspx', '.jsp', '.do', '.cgi', '.pdf', '.jpg', '.png', '.js', '.css'];
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)] as T;
}

function code(rand: () => number, len: number, alphabet: string): string {
  let s = '';
  for (let i = 0; i < len; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}

function segment(rand: () => number): string {
  const r = rand();
  if (r < 0.3) return pick(rand, SECTIONS);
  if (r < 0.5) {
    const n = 1 + Math.floor(rand() * 4);
    return Array.from({ length: n }, () => pick(rand, WORDS)).join(rand() < 0.8 ? '-' : '_');
  }
  if (r < 0.62) return String(Math.floor(rand() * 10 ** (2 + Math.floor(rand() * 10))));
  if (r < 0.7) return code(rand, 8 + Math.floor(rand() * 24), '0123456789abcdef');
  if (r < 0.8) return code(rand, 5 + Math.floor(rand() * 8), ALNUM);
  if (r < 0.86) return code(rand, 4 + Math.floor(rand() * 6), 'abcdefghijklmnopqrstuvwxyz');
  if (r < 0.93) {
    const y = 2015 + Math.floor(rand() * 11);
    const m = String(1 + Math.floor(rand() * 12)).padStart(2, '0');
    return rand() < 0.5 ? `${y}/${m}` : `${y}${m}${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
  }
  return pick(rand, WORDS) + String(Math.floor(rand() * 1000));
}

function query(rand: () => number): string {
  const r = rand();
  if (r < 0.25) return `?id=${Math.floor(rand() * 1e6)}`;
  if (r < 0.45) return `?q=${pick(rand, WORDS)}+${pick(rand, WORDS)}`;
  if (r < 0.6) return `?page=${1 + Math.floor(rand() * 20)}`;
  if (r < 0.75) return `?utm_source=${pick(rand, ['twitter', 'line', 'mail', 'sms'])}&utm_medium=social`;
  if (r < 0.82) return `?lang=${pick(rand, ['ja', 'en'])}`;
  // Bare tokens: AMP and print switches, cache busters, share codes.
  if (r < 0.85)
    return `?${pick(rand, ['amp', 'print', 'ref', 'sp', String(1_600_000_000 + Math.floor(rand() * 1e8)), code(rand, 6, ALNUM)])}`;
  if (r < 0.92) return `?${pick(rand, ['p', 'v', 'ref', 'from', 'cid'])}=${code(rand, 6, ALNUM)}`;
  return `?client_id=${code(rand, 8, ALNUM)}&response_type=code&redirect_uri=%2Fcallback`;
}

/** `n` benign-looking paths (with leading slash, maybe a query) for a domain, stable per seed. */
export function trainingPaths(seed: number, n: number): string[] {
  const rand = prng(seed);
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    const depth = Math.floor(rand() * rand() * 6);
    let path = '';
    for (let i = 0; i < depth; i++) path += `/${segment(rand)}`;
    const end = rand();
    if (end < 0.2) path += `/${pick(rand, FILES)}`;
    else if (depth > 0 && end < 0.4) path += pick(rand, EXTS);
    else if (depth === 0 || end < 0.65) path += '/';
    if (rand() < 0.2) path += query(rand);
    out.push(path);
  }
  return out;
}
