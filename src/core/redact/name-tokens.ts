/**
 * Name-shaped tokens around a position in prepared text: a kanji name with an optional blank
 * between family and given name (`山田 太郎`, `小川 さくら`), katakana words (`ヤマダ タロウ`,
 * `グエン・ティ・ホア`), short hiragana given names, and capitalised Latin words (`Taro Yamada`).
 * Every walk is bounded, so a 1 MB run of kanji costs a constant per call.
 */
import { isAsciiLetter, isBlank, isHiragana, isKanji, isKatakana, isUpper } from './chars.js';
import { KANJI_SURNAMES, MAX_SURNAME_LENGTH } from './name-tables.js';

export interface Token {
  start: number;
  end: number;
}

const MAX_KANJI_RUN = 6;
const MAX_KANA_RUN = 10;
const MAX_WORDS = 4;

/** Role words, relatives and generic nouns that take honorifics or follow labels but are no name. */
const NOT_NAME: ReadonlySet<string> = new Set(
  (
    '被害者 相談者 容疑者 被疑者 利用者 顧客 会員 皆 奥 客 お客 患者 担当者 担当 各位 関係者 本人 契約者 ' +
    '加入者 受取人 依頼者 依頼人 申込者 申告者 通報者 届出人 名義人 犯人 警察官 警察 職員 行員 店員 社員 ' +
    '家族 親族 娘 息子 長男 長女 次男 次女 妻 夫 母 父 母親 父親 祖母 祖父 孫 兄 弟 姉 妹 同僚 上司 部下 ' +
    '近所 隣人 男性 女性 男 女 高齢者 不詳 不明 当行 当社 弊社 自分 相手 全員 一同 神 仏 王 同氏 両氏 ' +
    '宅 自宅 方 名義 番号 情報 口座 一覧 氏名 名前 住所 電話 年齢 職業 続柄 本籍 生年月日 連絡先 ' +
    'お母 お父 お兄 お姉 おばあ おじい おかあ おとう みな みなさ あなた おまわり おじ おば さん くん ' +
    '市役所 区役所 役所 銀行 警察署 交番 弁護士 先生 部長 課長 社長 代表 理事 支店長 行政 国 県 市 ' +
    '振込人 送金者 送金元 入金元 振込先 送金先 法人 個人 他人 第三者 当該 名乗 電話 携帯 連絡 職業 勤務先'
  ).split(' '),
);

/** Last characters of institutions and places (署, 銀行, 市 …), never of a person's name. */
const NOT_NAME_LAST = new Set(
  '者員官所署局庁課社店会市区町村県都府駅院校察警族性齢等側達内外宅方名'.split(''),
);

export function isNotName(name: string): boolean {
  const compact = name.replace(/[ ・]/g, '');
  return compact.length === 0 || NOT_NAME.has(compact);
}

/** Kanji of businesses and places, not of given names (`野村證券`, `青木内科`, `佐川急便`, `川崎市予約`). */
const INSTITUTION_CHARS = new Set(
  '市区町村県都府駅署局庁課社店院科券證医病薬便銀協組業商館園校塾警察省株運輸営販'.split(''),
);

/** True when the part after a known surname (or the whole name) holds an institution's kanji. */
export function namesAnInstitution(name: string): boolean {
  const compact = name.replace(/ /g, '');
  const rest = compact.slice(surnameAt(compact, 0));
  for (const ch of rest) if (INSTITUTION_CHARS.has(ch)) return true;
  return false;
}

/** Length of the longest known surname that starts `s` at `from` (0 if none). */
export function surnameAt(s: string, from: number): number {
  for (let len = Math.min(MAX_SURNAME_LENGTH, s.length - from); len >= 1; len--) {
    if (KANJI_SURNAMES.has(s.slice(from, from + len))) return len;
  }
  return 0;
}

/** True when a kanji name candidate ends like an institution or place (and is not a surname). */
export function endsLikeInstitution(name: string): boolean {
  const compact = name.replace(/ /g, '');
  if (surnameAt(compact, 0) > 0 && KANJI_SURNAMES.has(compact)) return false;
  return NOT_NAME_LAST.has(compact.slice(-1));
}

function backRun(t: string, end: number, max: number, test: (c: number) => boolean): number {
  let s = end;
  while (s > 0 && end - s < max && test(t.charCodeAt(s - 1))) s--;
  return s;
}

function forwardRun(t: string, start: number, max: number, test: (c: number) => boolean): number {
  let e = start;
  while (e < t.length && e - start < max && test(t.charCodeAt(e))) e++;
  return e;
}

/** Katakana words separated by one blank or `・`, ending at `end`. */
function katakanaWordsBefore(t: string, end: number): number {
  let s = backRun(t, end, MAX_KANA_RUN, isKatakana);
  if (s === end) return end;
  for (let w = 1; w < MAX_WORDS; w++) {
    const sep = t.charCodeAt(s - 1);
    if (!(isBlank(sep) || sep === 0x30fb) || !isKatakana(t.charCodeAt(s - 2))) break;
    s = backRun(t, s - 1, MAX_KANA_RUN, isKatakana);
  }
  return s;
}

function katakanaWordsAfter(t: string, start: number): number {
  let e = forwardRun(t, start, MAX_KANA_RUN, isKatakana);
  if (e === start) return start;
  for (let w = 1; w < MAX_WORDS; w++) {
    const sep = t.charCodeAt(e);
    if (!(isBlank(sep) || sep === 0x30fb) || !isKatakana(t.charCodeAt(e + 1))) break;
    e = forwardRun(t, e + 1, MAX_KANA_RUN, isKatakana);
  }
  return e;
}

function isNamePartOfLatin(c: number): boolean {
  return isAsciiLetter(c) || c === 45 || c === 39;
}

/** Capitalised Latin words (`Taro Yamada`, `YAMADA Taro`, `Park Ji-yeon`) ending at `end`. */
function latinWordsBefore(t: string, end: number): number {
  let s = end;
  for (let w = 0; w < 3; w++) {
    const ws = backRun(t, s, 20, isNamePartOfLatin);
    if (ws === s || !isUpper(t.charCodeAt(ws))) break;
    s = ws;
    if (!isBlank(t.charCodeAt(s - 1)) || !isAsciiLetter(t.charCodeAt(s - 2))) break;
    const prev = backRun(t, s - 1, 20, isNamePartOfLatin);
    if (!isUpper(t.charCodeAt(prev))) break;
    s -= 1;
  }
  return s < end && isUpper(t.charCodeAt(s)) ? s : end;
}

export function latinWordsAfter(t: string, start: number, maxWords = 4): number {
  let e = start;
  for (let w = 0; w < maxWords; w++) {
    if (!isUpper(t.charCodeAt(e))) break;
    const we = forwardRun(t, e, 20, isNamePartOfLatin);
    e = we;
    if (!isBlank(t.charCodeAt(e)) || !isUpper(t.charCodeAt(e + 1))) break;
    e += 1;
  }
  return e;
}

/** Picks where a kanji name starts inside a run that may begin with a label (`被害者高橋 美咲`). */
function kanjiNameStart(t: string, s: number, end: number): number {
  const run = t.slice(s, end);
  const blank = run.indexOf(' ');
  const family = blank >= 0 ? run.slice(0, blank) : run;
  if (blank >= 0) {
    for (let len = Math.min(MAX_SURNAME_LENGTH, family.length); len >= 1; len--) {
      if (KANJI_SURNAMES.has(family.slice(family.length - len))) return s + family.length - len;
    }
    return s + Math.max(0, family.length - 2);
  }
  if (surnameAt(run, 0) > 0 && run.length <= 5) return s;
  for (let p = 1; p < run.length - 1; p++) {
    const len = surnameAt(run, p);
    if (len > 0 && run.length - p - len <= 3) return s + p;
  }
  return run.length <= 4 ? s : end - 3;
}

/** The name token that ends exactly at `end` (just before an honorific), or null. */
export function nameTokenBefore(t: string, end: number): Token | null {
  const c = t.charCodeAt(end - 1);
  if (isKanji(c)) {
    let s = backRun(t, end, MAX_KANJI_RUN, isKanji);
    if (isBlank(t.charCodeAt(s - 1)) && isKanji(t.charCodeAt(s - 2)) && end - s <= 4) {
      s = backRun(t, s - 1, MAX_KANJI_RUN, isKanji);
    }
    return { start: kanjiNameStart(t, s, end), end };
  }
  if (isKatakana(c)) {
    const s = katakanaWordsBefore(t, end);
    // `菊地 トメ`: kanji family name, katakana given name.
    if (isBlank(t.charCodeAt(s - 1)) && isKanji(t.charCodeAt(s - 2)) && end - s <= 4) {
      const ks = backRun(t, s - 1, MAX_KANJI_RUN, isKanji);
      return { start: kanjiNameStart(t, ks, s - 1), end };
    }
    return end - s >= 2 ? { start: s, end } : null;
  }
  if (isHiragana(c)) {
    const s = backRun(t, end, 5, isHiragana);
    if (isBlank(t.charCodeAt(s - 1)) && isKanji(t.charCodeAt(s - 2)) && end - s <= 4) {
      const ks = backRun(t, s - 1, MAX_KANJI_RUN, isKanji);
      return { start: kanjiNameStart(t, ks, s - 1), end };
    }
    // A hiragana-only given name (`みゆきさん`) must stand alone: after a quote, a blank or the start.
    const before = t.charCodeAt(s - 1);
    const standsAlone = s === 0 || before === 0x300c || before === 0x3001 || isBlank(before) || before === 10;
    return standsAlone && end - s >= 2 && end - s <= 4 ? { start: s, end } : null;
  }
  if (isAsciiLetter(c)) {
    const s = latinWordsBefore(t, end);
    return s < end ? { start: s, end } : null;
  }
  return null;
}

/** Honorifics and kanji words that end a name written right after a label. */
const NAME_TAIL_RE = /(?:様|氏|殿|君|宅|方|名義人?|容疑者|被告|夫妻|一家)$/;

/** The name token that starts exactly at `start` (right after a label), or null. */
export function nameTokenAfter(t: string, start: number): Token | null {
  const c = t.charCodeAt(start);
  if (isKanji(c)) {
    let e = forwardRun(t, start, MAX_KANJI_RUN + 2, isKanji);
    const family = t.slice(start, e).replace(NAME_TAIL_RE, '');
    e = start + family.length;
    if (family.length > 5) e = start + (surnameAt(family, 0) || 2) + 2;
    const next = t.charCodeAt(e + 1);
    // `山田 太郎`: a family name of up to three kanji (four when known), then the given name.
    const familyOnly = e - start <= 3 || KANJI_SURNAMES.has(t.slice(start, e));
    if (isBlank(t.charCodeAt(e)) && familyOnly) {
      if (isKanji(next)) {
        const ge = forwardRun(t, e + 1, 4, isKanji);
        const given = t.slice(e + 1, ge).replace(NAME_TAIL_RE, '');
        if (ge - e - 1 <= 3 && !isNotName(given)) e = e + 1 + given.length;
      } else if (isKatakana(next) || isHiragana(next)) {
        const test = isKatakana(next) ? isKatakana : isHiragana;
        const ge = forwardRun(t, e + 1, 5, test);
        if (ge - e - 1 >= 2 && !/^(?:さん|さま|くん|ちゃん)/.test(t.slice(e + 1, ge))) e = ge;
      }
    }
    return e > start ? { start, end: e } : null;
  }
  if (
    isKatakana(c) ||
    (/^[カユシザ]\)/.test(t.slice(start, start + 2)) && isKatakana(t.charCodeAt(start + 2)))
  ) {
    // `カ)ミライコウギョウ`: a company account's holder, written with its legal-form prefix.
    const corp = /^[カユシザ]\)/.test(t.slice(start, start + 2));
    const end = katakanaWordsAfter(t, corp ? start + 2 : start);
    return end - start >= 2 ? { start, end } : null;
  }
  if (isUpper(c)) {
    const e = latinWordsAfter(t, start);
    return e > start ? { start, end: e } : null;
  }
  return null;
}
