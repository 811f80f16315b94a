/**
 * Dates of birth and vehicle registration plates. A date is a birth date only with evidence: a
 * label before it (生年月日, 誕生日, DOB, born), 生まれ/生 right after it, or a Shōwa/Taishō/19xx
 * date alone in brackets after a name (`山田様（S26.10.8）`). Other dates (incident days) stay.
 */
import type { Candidate } from './types.js';

const KN = '[一二三四五六七八九十〇]';
const ERA_DATE = `(?:昭和|平成|令和|大正|[STHR]\\.? ?)(?:元|[0-9]{1,2}|${KN}{1,3})(?:年|[./-])(?:(?:[0-9]{1,2}|${KN}{1,3})(?:月|[./-])(?:(?:[0-9]{1,2}|${KN}{1,3})日?)?)?`;
const WESTERN_DATE = '(?:19|20)[0-9]{2}(?:年|[./-])(?:[0-9]{1,2}(?:月|[./-])(?:[0-9]{1,2}日?)?)?';
const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const ENGLISH_DATE = `(?:[0-9]{1,2} (?:${MONTHS}) [0-9]{4}|(?:${MONTHS}) [0-9]{1,2}, [0-9]{4})`;
const DATE_RE = new RegExp(`(?<![0-9A-Za-z])(?:${ENGLISH_DATE}|${ERA_DATE}|${WESTERN_DATE})`, 'g');

const DOB_LABEL_BEFORE_RE =
  /(?:生年月日|誕生日|生年|DOB|[Dd]ate of birth|[Bb]orn|[Bb]irth ?date)[^。\n0-9]{0,6}$/;
const DOB_AFTER_RE = /^(?:生まれ|生|産まれ)/;
const OLD_FULL_DATE_RE =
  /^(?:昭和|大正|[ST]\.?|19[0-9]{2})[^年./-]*[年./-][0-9一二三四五六七八九十]+[月./-][0-9一二三四五六七八九十]+/;

export function detectBirthDates(t: string, out: Candidate[]): void {
  DATE_RE.lastIndex = 0;
  for (let m = DATE_RE.exec(t); m !== null; m = DATE_RE.exec(t)) {
    let date = m[0].replace(/[./-]$/, '');
    if (date.length < 3) continue;
    if (/^[STHR]/.test(date) && !/[./-]/.test(date)) continue;
    date = date.trimEnd();
    const start = m.index;
    const end = start + date.length;
    const before = t.slice(Math.max(0, start - 24), start);
    const after = t.slice(end, end + 3);
    let rule: string | null = null;
    if (DOB_LABEL_BEFORE_RE.test(before)) rule = 'dob_labelled';
    else if (DOB_AFTER_RE.test(after)) rule = 'dob_born_suffix';
    else if (t.charCodeAt(start - 1) === 40 && t.charCodeAt(end) === 41 && OLD_FULL_DATE_RE.test(date)) {
      rule = 'dob_bracketed_old_date';
    }
    if (rule === null) continue;
    out.push({
      start,
      end,
      kind: 'date_of_birth',
      confidence: rule === 'dob_bracketed_old_date' ? 0.65 : 0.9,
      rule,
    });
  }
}

/** Plate regions (運輸支局・自動車検査登録事務所の表示) written in kana; kanji regions are matched generically. */
const KANA_REGIONS = 'なにわ|つくば|とちぎ|いわき|ぐんま|いわて';
const PLATE_JA_RE = new RegExp(
  `(?:${KANA_REGIONS}|[\\u4e00-\\u9fff]{1,4}) ?[0-9]{1,3} ?[\\u3041-\\u3096] ?(?:[0-9]{1,2}-[0-9]{2}|[0-9]{4}|・{1,3}[0-9]{1,3})(?![0-9])`,
  'g',
);
const PLATE_EN_RE = /\b[A-Z][a-z]{2,12} [0-9]{3} [a-z] [0-9]{2}-[0-9]{2}\b/g;

/** Kanji that sit before a region in prose (`車両番号品川…`): the plate starts after them. */
const PLATE_PREFIX_RE = /^(?:車両番号|車両|番号|ナンバー|車)/;

export function detectPlates(t: string, out: Candidate[]): void {
  PLATE_JA_RE.lastIndex = 0;
  for (let m = PLATE_JA_RE.exec(t); m !== null; m = PLATE_JA_RE.exec(t)) {
    const prefix = PLATE_PREFIX_RE.exec(m[0]);
    const start = m.index + (prefix === null ? 0 : prefix[0].length);
    out.push({ start, end: m.index + m[0].length, kind: 'license_plate', confidence: 0.9, rule: 'plate_ja' });
  }
  PLATE_EN_RE.lastIndex = 0;
  for (let m = PLATE_EN_RE.exec(t); m !== null; m = PLATE_EN_RE.exec(t)) {
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      kind: 'license_plate',
      confidence: 0.85,
      rule: 'plate_en',
    });
  }
}
