/**
 * Japanese person names. Evidence, strongest first: a label before the name (氏名, 被害者,
 * 名義人 …), an honorific or title after it (さん, 様, 容疑者, 部長 …), a self-introduction
 * (「山田です」, 山田と名乗る), a list continuing a found name (`山田太郎、佐藤花子`), a katakana holder
 * name after an account number, and, without context, a known surname followed by a given name.
 */
import { isBlank, isKanji } from './chars.js';
import {
  endsLikeInstitution,
  isNotName,
  namesAnInstitution,
  nameTokenAfter,
  nameTokenBefore,
  surnameAt,
  type Token,
} from './name-tokens.js';
import type { Candidate } from './types.js';

const HONORIFIC_RE =
  /さん|さま|様|氏(?!名)|君|くん|ちゃん|殿|容疑者|被告|部長|課長|係長|社長|弁護士|先生|名義(?!人)|夫妻/g;

const LABEL_RE =
  /(?:お名前|氏名|名前|口座名義人|口座名義|名義人|名義を|名義|振込依頼人|依頼人|受取人|送金者|振込人|被害者|相談者|容疑者|被疑者|通報者|申告者|届出人|参考人|関係者一覧|関係者|名簿|宛名|顧客|当行の|当社の|担当の|照会結果|SMS受信者|受信者|送信者)[\s:：「]{0,3}/g;

const SELF_INTRO_RE = /です|と名乗|と称/g;

function push(out: Candidate[], tok: Token, confidence: number, rule: string): void {
  out.push({ start: tok.start, end: tok.end, kind: 'person_name', confidence, rule });
}

function acceptable(t: string, tok: Token | null): tok is Token {
  if (tok === null || tok.end - tok.start < 1) return false;
  const name = t.slice(tok.start, tok.end);
  if (isNotName(name)) return false;
  if (isKanji(name.charCodeAt(0)) && (endsLikeInstitution(name) || namesAnInstitution(name))) return false;
  // A single kanji is a name only with a surname table hit (`林`, `森`, `原`).
  if (name.length === 1) return surnameAt(name, 0) === 1;
  return true;
}

function byHonorific(t: string, out: Candidate[]): void {
  HONORIFIC_RE.lastIndex = 0;
  for (let m = HONORIFIC_RE.exec(t); m !== null; m = HONORIFIC_RE.exec(t)) {
    const tok = nameTokenBefore(t, m.index);
    if (acceptable(t, tok)) push(out, tok, 0.85, 'name_honorific');
  }
}

function byLabel(t: string, out: Candidate[]): void {
  LABEL_RE.lastIndex = 0;
  for (let m = LABEL_RE.exec(t); m !== null; m = LABEL_RE.exec(t)) {
    const tok = nameTokenAfter(t, m.index + m[0].length);
    if (!acceptable(t, tok)) continue;
    // Glued to the label (`受取人確認`, `被害者山田`), kanji are a compound word unless a surname starts them.
    const glued = m[0].length > 0 && !/[\s:：「]$/.test(m[0]) && !m[0].endsWith('の');
    if (glued && isKanji(t.charCodeAt(tok.start)) && surnameAt(t.slice(tok.start, tok.end), 0) === 0)
      continue;
    push(out, tok, 0.9, 'name_labelled');
  }
}

function bySelfIntroduction(t: string, out: Candidate[]): void {
  SELF_INTRO_RE.lastIndex = 0;
  for (let m = SELF_INTRO_RE.exec(t); m !== null; m = SELF_INTRO_RE.exec(t)) {
    let end = m.index;
    let quoted = false;
    if (t.charCodeAt(end - 1) === 0x300d) {
      end -= 1;
      quoted = true;
    }
    const tok = nameTokenBefore(t, end);
    if (tok === null) continue;
    const before = t.charCodeAt(tok.start - 1);
    // `「山田です」`: the introduction opens a quote; `山田と名乗る` needs no quote.
    const opensQuote = before === 0x300c;
    if (m[0] === 'です' && !opensQuote) continue;
    if (quoted && !opensQuote) continue;
    if (acceptable(t, tok)) push(out, tok, 0.8, 'name_self_introduction');
  }
}

const LIST_GAP_RE = /^(?:さん|様|氏)?(?:\([^()\n]{0,12}\))?(?:[、,・]|と) ?/;
const ALIAS_RE = /^ ?\(/;
/** What may follow a listed name: an honorific, a bracket, the next separator or the end. */
const AFTER_LISTED_NAME_RE = /^(?:さん|様|氏|\(|[、,・。\n]|$)/;

/** A listed or bracketed name must look like one on its own: a known surname, katakana or Latin words. */
function looksLikeName(t: string, tok: Token): boolean {
  const c = t.charCodeAt(tok.start);
  if (!isKanji(c)) return true;
  return surnameAt(t.slice(tok.start, tok.end), 0) > 0;
}

/** Names listed after a found name: `山田太郎、佐藤花子`, `小松 剛（被害者）、小松 和江（妻）`, aliases in brackets. */
function byListContinuation(t: string, found: Candidate[], out: Candidate[]): void {
  const queue = found.filter((c) => c.kind === 'person_name').map((c) => c.end);
  for (let k = 0; k < queue.length && k < 10_000; k++) {
    const end = queue[k] as number;
    const rest = t.slice(end, end + 24);
    const alias = ALIAS_RE.exec(rest);
    if (alias !== null) {
      const tok = nameTokenAfter(t, end + alias[0].length);
      if (acceptable(t, tok) && t.charCodeAt(tok.end) === 41 && looksLikeName(t, tok)) {
        push(out, tok, 0.8, 'name_alias');
        queue.push(tok.end + 1);
      }
    }
    const gap = LIST_GAP_RE.exec(rest);
    if (gap === null) continue;
    const tok = nameTokenAfter(t, end + gap[0].length);
    if (!acceptable(t, tok) || tok.end - tok.start < 2 || !looksLikeName(t, tok)) continue;
    if (!AFTER_LISTED_NAME_RE.test(t.slice(tok.end, tok.end + 2))) continue;
    push(out, tok, 0.75, 'name_list');
    queue.push(tok.end);
  }
}

/** Katakana holder names written right after an account number: `普通 3456780 カワグチ ケンジ`. */
export function detectHolderNames(t: string, accountEnds: readonly number[], out: Candidate[]): void {
  for (const end of accountEnds) {
    let s = end;
    while (s < t.length && s - end < 3 && (isBlank(t.charCodeAt(s)) || t.charCodeAt(s) === 41)) s++;
    if (s === end) continue;
    const tok = nameTokenAfter(t, s);
    if (tok !== null && /^[\u30a1-\u30fc ・)]+$/.test(t.slice(tok.start, tok.end)) && acceptable(t, tok)) {
      push(out, tok, 0.85, 'name_account_holder');
    }
  }
}

/** A known surname plus a one- to three-kanji given name, standing alone (lists, headings). */
function bySurnameTable(t: string, out: Candidate[]): void {
  let i = 0;
  while (i < t.length) {
    if (!isKanji(t.charCodeAt(i))) {
      i++;
      continue;
    }
    let e = i;
    while (e < t.length && e - i < 12 && isKanji(t.charCodeAt(e))) e++;
    const runEnd = e;
    const runStart = i;
    i = e;
    if (isKanji(t.charCodeAt(runEnd)) || (runStart > 0 && isKanji(t.charCodeAt(runStart - 1)))) continue;
    // Single-kanji surnames (東, 林, 森) start too many place names (`東京駅`) to stand without context.
    const sl = surnameAt(t.slice(runStart, runEnd), 0);
    if (sl < 2) continue;
    let nameEnd = runEnd;
    let given = runEnd - runStart - sl;
    if (given === 0 && isBlank(t.charCodeAt(runEnd)) && isKanji(t.charCodeAt(runEnd + 1))) {
      let g = runEnd + 1;
      while (g < t.length && g - runEnd <= 4 && isKanji(t.charCodeAt(g))) g++;
      if (isKanji(t.charCodeAt(g))) continue;
      given = g - runEnd - 1;
      nameEnd = g;
      i = g;
    }
    if (given < 1 || given > 3) continue;
    const tok = { start: runStart, end: nameEnd };
    if (acceptable(t, tok)) push(out, tok, given >= 2 ? 0.7 : 0.6, 'name_surname_table');
  }
}

export function detectJapaneseNames(t: string, out: Candidate[]): void {
  const found: Candidate[] = [];
  byLabel(t, found);
  byHonorific(t, found);
  bySelfIntroduction(t, found);
  bySurnameTable(t, found);
  byListContinuation(t, found, found);
  for (const c of found) out.push(c);
}
