/**
 * Detectors for personal data with a checkable shape: phone numbers, e-mail and IP addresses
 * (through the indicator extractor), bank accounts, payment cards (Luhn) and My Number (check
 * digit). They run on prepared text (NFKC) and report prepared-text offsets; phone, e-mail and IP
 * findings of `extractIndicators` arrive in original offsets and are passed through `toPrepared`.
 */
import { normalizePhone } from '../indicators/phone.js';
import type { Candidate } from './types.js';

/**
 * Phone numbers the extractor skips because a letter touches them (`TEL090-…`, `携帯090…`) or
 * because they are written with a separator the extractor does not join. Bounded quantifiers only.
 */
const PHONE_RE = /(?<![0-9+-])(?:\+|\(0|0)[0-9()\- .]{7,20}[0-9](?![0-9])/g;

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * Free-dial, navi-dial and premium numbers (0120, 0800, 0570, 0990) belong to businesses, never to
 * a person: they are not personal data, whether a bank's call centre or a fake support desk.
 * 0800 numbers share digits with 080 mobiles (`08000000000`): only the written `0800-` grouping
 * shows a business line; when in doubt the number goes, since a missed mobile is personal data.
 */
export function isBusinessLine(lineType: unknown, written: string): boolean {
  if (lineType !== 'toll_free' && lineType !== 'navi_dial' && lineType !== 'premium') return false;
  const compact = written.normalize('NFKC').replace(/^\+81[ -]?(?:\(0\))?/, '0');
  return !compact.replace(/^\(/, '').startsWith('080') || /^\(?0800[^0-9]/.test(compact);
}

export function detectPhones(t: string, out: Candidate[]): void {
  PHONE_RE.lastIndex = 0;
  for (let m = PHONE_RE.exec(t); m !== null; m = PHONE_RE.exec(t)) {
    let cand = m[0];
    // A match may run into the next number of a list (`090-1000-2000、090…` is cut by 、 already,
    // but `090 1234 5678 080 …` is not): shorten at spaces until a valid number remains.
    while (cand.length > 0) {
      const digits = countDigits(cand);
      if (digits >= 10 && digits <= 15 && !/[-. ]{2}/.test(cand)) {
        const r = normalizePhone(cand);
        if (r.ok && !isBusinessLine(r.indicator.attributes.lineType, cand)) {
          // `(0120-…` without its closing bracket: the bracket belongs to the prose.
          const open = cand.startsWith('(') && !cand.includes(')') ? 1 : 0;
          out.push({
            start: m.index + open,
            end: m.index + cand.length,
            kind: 'phone',
            confidence: 0.95,
            rule: 'phone_shape',
            key: r.indicator.value,
          });
          break;
        }
      }
      const cut = cand.lastIndexOf(' ');
      cand = cut > 0 ? cand.slice(0, cut).replace(/[-. (]+$/, '') : '';
    }
  }
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const CARD_RE = /(?<![0-9]|[0-9][ -])[0-9](?:[ -]?[0-9]){12,18}(?![0-9]|[ -][0-9])/g;
/** Groupings a card is printed in: none, 4-4-4-4(-3), 4-6-5 (Amex), 4-6-4 (Diners). */
const CARD_GROUPING_RE =
  /^(?:[0-9]{13,19}|[0-9]{4}(?:[ -][0-9]{4}){2,3}(?:[ -][0-9]{1,3})?|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5})$/;

export function detectCards(t: string, out: Candidate[]): void {
  CARD_RE.lastIndex = 0;
  for (let m = CARD_RE.exec(t); m !== null; m = CARD_RE.exec(t)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (!CARD_GROUPING_RE.test(m[0]) || !luhnValid(digits) || /^0/.test(digits)) continue;
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      kind: 'credit_card',
      confidence: 0.9,
      rule: 'card_luhn',
      key: digits,
    });
  }
}

/** My Number check digit (個人番号の検査用数字, 総務省令): weights 2–7 then 2–6 from the right. */
export function myNumberCheckDigitValid(digits: string): boolean {
  if (!/^[0-9]{12}$/.test(digits)) return false;
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = digits.charCodeAt(11 - n) - 48;
    sum += p * (n <= 6 ? n + 1 : n - 5);
  }
  const r = sum % 11;
  return digits.charCodeAt(11) - 48 === (r <= 1 ? 0 : 11 - r);
}

const MY_NUMBER_RE = /(?<![0-9]|[0-9][ -])[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9]|[ -][0-9])/g;
const MY_NUMBER_LABEL_RE = /(?:個人番号|マイナンバー|my ?number)[^。\n]{0,12}$/i;
/** Another number's label (`お問い合わせ番号`, `注文No.`): a valid check digit there is chance (1 in 11). */
const OTHER_NUMBER_LABEL_RE = /(?:番号|No\.?|ID|伝票|注文|問い合わせ|追跡|受付|会員)[^。\n]{0,6}$/i;

export function detectMyNumbers(t: string, out: Candidate[]): void {
  MY_NUMBER_RE.lastIndex = 0;
  for (let m = MY_NUMBER_RE.exec(t); m !== null; m = MY_NUMBER_RE.exec(t)) {
    const digits = m[0].replace(/[ -]/g, '');
    const labelled = MY_NUMBER_LABEL_RE.test(t.slice(Math.max(0, m.index - 20), m.index));
    const valid = myNumberCheckDigitValid(digits);
    if (!labelled && (!valid || OTHER_NUMBER_LABEL_RE.test(t.slice(Math.max(0, m.index - 12), m.index))))
      continue;
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      kind: 'my_number',
      confidence: labelled && valid ? 0.98 : labelled ? 0.85 : 0.6,
      rule: labelled ? 'my_number_labelled' : 'my_number_check_digit',
      key: digits,
    });
  }
}

/**
 * Account numbers after a type or number label (`普通 1234567`, `口座番号：0012345`, `当座預金
 * 7654321`, `ordinary account no. 7012345`). The span is the number only: the bank and branch
 * names are public facts and stay readable in the advisory.
 */
const LABELLED_ACCOUNT_RE =
  /(?:口座番号|口座No\.?|口座|普通預金口座|普通預金|普通口座|普通|当座預金|当座|総合口座|総合|貯蓄預金|貯蓄|ordinary(?: account)?(?: no\.?| number)?|account (?:number|no\.?)|account)[\s:：は#()、,]{0,4}(?:No\.?\s?)?([0-9]{6,8})(?![0-9])/gi;
/** `0009-123-1234567` (bank-branch-account) and ゆうちょ `12345-12345671`. */
const DASHED_ACCOUNT_RE = /(?<![0-9-])(?:[0-9]{4}-[0-9]{3}-[0-9]{7}|1[0-9]{4}-[0-9]{8})(?![0-9]|-[0-9])/g;
/** ゆうちょ 記号 and 番号 given separately; both halves go (the 記号 narrows the holder down). */
const YUCHO_RE =
  /(?:記号|symbol)[\s:：]{0,3}([0-9]{5})(?![0-9])[^。\n]{0,12}?(?:番号|number|no\.?)[\s:：]{0,3}([0-9]{6,8})(?![0-9])/gi;

export function detectBankAccounts(t: string, out: Candidate[]): void {
  LABELLED_ACCOUNT_RE.lastIndex = 0;
  for (let m = LABELLED_ACCOUNT_RE.exec(t); m !== null; m = LABELLED_ACCOUNT_RE.exec(t)) {
    const num = m[1] as string;
    if (/^0+$/.test(num)) continue;
    const start = m.index + m[0].length - num.length;
    out.push({
      start,
      end: start + num.length,
      kind: 'bank_account',
      confidence: 0.9,
      rule: 'account_labelled',
    });
  }
  DASHED_ACCOUNT_RE.lastIndex = 0;
  for (let m = DASHED_ACCOUNT_RE.exec(t); m !== null; m = DASHED_ACCOUNT_RE.exec(t)) {
    const end = m.index + m[0].length;
    out.push({ start: m.index, end, kind: 'bank_account', confidence: 0.85, rule: 'account_dashed' });
  }
  YUCHO_RE.lastIndex = 0;
  for (let m = YUCHO_RE.exec(t); m !== null; m = YUCHO_RE.exec(t)) {
    const symbol = m[1] as string;
    const num = m[2] as string;
    const symbolStart = m.index + m[0].indexOf(symbol);
    const numStart = m.index + m[0].length - num.length;
    const common = { kind: 'bank_account' as const, confidence: 0.9, rule: 'account_yucho' };
    out.push({ start: symbolStart, end: symbolStart + 5, ...common });
    out.push({ start: numStart, end: numStart + num.length, ...common });
  }
}
