/**
 * Postal addresses. Japanese: a head (〒 code, prefecture, or a city/ward/county word) followed by
 * town names and a block number (`1-2-3`, `一丁目二番三号`, `北3条西4丁目`), then an optional
 * building and room (`サンハイツ201号室`). A prefecture or city without a block number (`東京都在住`,
 * `札幌市内`) is not an address of a person and stays. English: a house number, words, and a ward,
 * city, street word or postcode (`1-2-3 Nishi-Shinjuku, Shinjuku-ku, Tokyo 160-0023`).
 */
import { isBlank, isDigit, isHiragana, isKanji, isKatakana } from './chars.js';
import type { Candidate } from './types.js';

const PREFECTURES =
  '北海道|東京都|大阪府|京都府|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉|神奈川|新潟|富山|石川|福井|山梨|長野|岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川|愛媛|高知|福岡|佐賀|長崎|熊本|大分|宮崎|鹿児島|沖縄)県';
const KANA_CITIES =
  'さいたま市|つくば市|いわき市|ひたちなか市|みどり市|あきる野市|いちき串木野市|かすみがうら市';
const KANA_CITY_AT = new RegExp(KANA_CITIES, 'y');
const HEAD_RE = new RegExp(
  `〒 ?[0-9]{3}-?[0-9]{4}|郵便番号[:： ]{0,2}[0-9]{3}-[0-9]{4}|${PREFECTURES}|${KANA_CITIES}|[\\u4e00-\\u9fff々ヶ]{1,5}(?:市|区|郡)`,
  'g',
);
/** Words that precede an address in forms and notes; they are not part of it. */
const ADDRESS_LABEL_RE = /^(?:住所|現住所|自宅|所在地|居所|本籍|宛先|届出住所|送付先|詳細住所)/;

const KANJI_NUMERAL = '一二三四五六七八九十百〇';
const NUMBER_PART_RE = new RegExp(
  `(?:[0-9]{1,5}|[${KANJI_NUMERAL}]{1,4}(?=丁目|番|号|条|線|地割))(?:丁目|番地|番|号|条|線|地割)?`,
  'y',
);
/** Counters after a number mean prose (`2名`, `3件`, `500万円`), not a block number. */
const COUNTERS = new Set('件名人歳代円万億年月日時分秒回台枚本個割%'.split(''));
const BUILDING_SUFFIX =
  'ビル|ハイツ|マンション|荘|コーポ|レジデンス|タワー|ハウス|アパート|メゾン|パレス|ヒルズ|コート';
const BUILDING_RE = new RegExp(
  `^ ?(?:[ァ-ヺー\\u4e00-\\u9fff々A-Za-z・]{1,20}? ?[0-9]{1,4}(?:号室|号|階|F)?(?![0-9])|[ァ-ヺー\\u4e00-\\u9fff々A-Za-z・]{0,15}?(?:${BUILDING_SUFFIX}))`,
);
const MAX_ADDRESS = 90;

function localityChar(t: string, i: number): boolean {
  const c = t.charCodeAt(i);
  if (isKanji(c) || isKatakana(c) || c === 0x30f6) return true;
  if (!isHiragana(c)) return false;
  const next = t.charCodeAt(i + 1);
  // の / が / つ inside town names (`自由が丘`, `一の宮`); る in Kyoto's `上る` / `下る`.
  if (c === 0x306e || c === 0x304c || c === 0x3064) return isKanji(next) || isKatakana(next);
  if (c === 0x308b) return t.charCodeAt(i - 1) === 0x4e0a || t.charCodeAt(i - 1) === 0x4e0b;
  return false;
}

/** Parses town names and block numbers from `pos`; returns the end of the last block number, or -1. */
function parseBody(t: string, pos: number, limit: number): number {
  let i = pos;
  let lastNumberEnd = -1;
  let strong = false;
  while (i < limit) {
    NUMBER_PART_RE.lastIndex = i;
    const n = NUMBER_PART_RE.exec(t);
    if (n !== null && n[0].length > 0) {
      const e = i + n[0].length;
      const hasUnit = !isDigit(t.charCodeAt(e - 1));
      if (!hasUnit && COUNTERS.has(t.charAt(e))) break;
      if (hasUnit || t.charCodeAt(e) === 45 || (lastNumberEnd >= 0 && t.charCodeAt(i - 1) === 45))
        strong = true;
      if (!hasUnit && isKanji(t.charCodeAt(i - 1))) strong = true;
      lastNumberEnd = e;
      i = e;
      const c = t.charCodeAt(i);
      if ((c === 45 || c === 0x306e) && isDigit(t.charCodeAt(i + 1))) i++;
      continue;
    }
    KANA_CITY_AT.lastIndex = i;
    if (KANA_CITY_AT.test(t)) {
      i = KANA_CITY_AT.lastIndex;
      continue;
    }
    if (localityChar(t, i)) {
      i++;
      continue;
    }
    if (isBlank(t.charCodeAt(i)) && lastNumberEnd < 0 && i > pos && isKanji(t.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    break;
  }
  return strong ? lastNumberEnd : -1;
}

function addressEnd(t: string, head: RegExpExecArray): { start: number; end: number } | null {
  let start = head.index;
  const label = ADDRESS_LABEL_RE.exec(head[0]);
  if (label !== null) start += label[0].length;
  const headEnd = head.index + head[0].length;
  const limit = Math.min(t.length, start + MAX_ADDRESS);
  const isPostal = head[0].startsWith('〒') || head[0].startsWith('郵便番号');
  if (isPostal) {
    let p = headEnd;
    while (p < limit && isBlank(t.charCodeAt(p))) p++;
    const bodyEnd = p < limit && localityChar(t, p) ? parseBody(t, p, limit) : -1;
    if (head[0].startsWith('郵便番号')) start = head.index + head[0].search(/[0-9]/);
    return { start, end: bodyEnd > 0 ? withBuilding(t, bodyEnd, limit) : headEnd };
  }
  const end = parseBody(t, headEnd, limit);
  return end > 0 ? { start, end: withBuilding(t, end, limit) } : null;
}

function withBuilding(t: string, end: number, limit: number): number {
  const b = BUILDING_RE.exec(t.slice(end, Math.min(limit + 30, end + 30)));
  return b === null ? end : end + b[0].length;
}

function detectJapaneseAddresses(t: string, out: Candidate[]): void {
  HEAD_RE.lastIndex = 0;
  for (let m = HEAD_RE.exec(t); m !== null; m = HEAD_RE.exec(t)) {
    const found = addressEnd(t, m);
    if (found === null) continue;
    const postalOnly = found.end === m.index + m[0].length;
    out.push({
      start: found.start,
      end: found.end,
      kind: 'postal_address',
      confidence: postalOnly ? 0.8 : 0.9,
      rule: postalOnly ? 'address_postal_code' : 'address_ja',
    });
    HEAD_RE.lastIndex = Math.max(HEAD_RE.lastIndex, found.end);
  }
}

const EN_ADDRESS_RE =
  /(?:(?:Room|Apt\.?|Apartment|Unit|Suite|#) ?[0-9A-Z]{1,5}, ?)?[0-9]{1,5}(?:-[0-9]{1,4}){0,3}[A-Z]? [A-Z][A-Za-z-]+(?: [A-Z][A-Za-z-]+){0,3}(?:, ?[A-Z][A-Za-z-]+(?: [A-Z][A-Za-z-]+){0,2}){0,4}(?:,? [0-9]{3}-[0-9]{4}|,? [A-Z]{2} [0-9]{5})?/g;
const EN_ADDRESS_SIGN_RE =
  /-(?:ku|shi|cho|machi|gun)\b|\b(?:Street|St\.|Avenue|Ave\.?|Road|Rd\.?|Lane|Boulevard|Tokyo|Osaka|Kyoto|Saitama|Japan|Prefecture)\b|[0-9]{3}-[0-9]{4}$|[A-Z]{2} [0-9]{5}$/;

function detectEnglishAddresses(t: string, out: Candidate[]): void {
  EN_ADDRESS_RE.lastIndex = 0;
  for (let m = EN_ADDRESS_RE.exec(t); m !== null; m = EN_ADDRESS_RE.exec(t)) {
    if (!EN_ADDRESS_SIGN_RE.test(m[0]) || isDigit(t.charCodeAt(m.index - 1))) continue;
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      kind: 'postal_address',
      confidence: 0.8,
      rule: 'address_en',
    });
  }
}

export function detectAddresses(t: string, out: Candidate[]): void {
  detectJapaneseAddresses(t, out);
  detectEnglishAddresses(t, out);
}
