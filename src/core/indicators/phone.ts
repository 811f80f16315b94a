/**
 * Phone numbers → E.164 (`+819012345678`). Japanese national numbers (trunk prefix 0) are
 * assumed to be Japanese; international numbers need `+`, `00` or Japan's IDD prefix `010`.
 */
import { fail, ok } from './result.js';
import type { IndicatorAttributes, NormalizeResult } from './types.js';

const COUNTRY_BY_CODE: Readonly<Record<string, string>> = {
  '1': 'NANP',
  '7': 'RU',
  '33': 'FR',
  '44': 'GB',
  '49': 'DE',
  '55': 'BR',
  '60': 'MY',
  '61': 'AU',
  '62': 'ID',
  '63': 'PH',
  '65': 'SG',
  '66': 'TH',
  '81': 'JP',
  '82': 'KR',
  '84': 'VN',
  '86': 'CN',
  '91': 'IN',
  '95': 'MM',
  '852': 'HK',
  '855': 'KH',
  '886': 'TW',
};

/** Two-digit country codes (ITU-T E.164 assignments); every other code in zones 2–9 has three digits. */
const TWO_DIGIT_CODES: ReadonlySet<string> = new Set(
  (
    '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 ' +
    '60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'
  ).split(' '),
);

/** Splits the calling code off an international digit string (no `+`). */
export function callingCodeOf(digits: string): string | null {
  const first = digits.charCodeAt(0);
  if (first === 48 || Number.isNaN(first)) return null;
  if (first === 49 || first === 55) return digits.slice(0, 1);
  const two = digits.slice(0, 2);
  if (TWO_DIGIT_CODES.has(two)) return two;
  return digits.length >= 3 ? digits.slice(0, 3) : null;
}

export type JpLineType = 'mobile' | 'ip_phone' | 'toll_free' | 'navi_dial' | 'premium' | 'm2m' | 'fixed';

/** Classifies a Japanese national number (with leading 0); null when its length is impossible. */
export function jpLineType(national: string): JpLineType | null {
  const len = national.length;
  const p3 = national.slice(0, 3);
  const p4 = national.slice(0, 4);
  if (p4 === '0120') return len === 10 ? 'toll_free' : null;
  if (p4 === '0800') return len === 11 ? 'toll_free' : null;
  if (p4 === '0570') return len === 10 ? 'navi_dial' : null;
  if (p4 === '0990') return len === 10 ? 'premium' : null;
  if (p3 === '070' || p3 === '080' || p3 === '090' || p3 === '060') return len === 11 ? 'mobile' : null;
  if (p3 === '050') return len === 11 ? 'ip_phone' : null;
  if (p3 === '020') return len === 11 ? 'm2m' : null;
  if (national.charCodeAt(1) === 48) return null;
  return len === 10 ? 'fixed' : null;
}

/** Conventional hyphenation of a Japanese national number, when it is unambiguous. */
export function jpNationalFormat(national: string, lineType: JpLineType): string | null {
  const n = national;
  switch (lineType) {
    case 'mobile':
    case 'ip_phone':
    case 'm2m':
      return `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`;
    case 'toll_free':
    case 'navi_dial':
    case 'premium':
      return `${n.slice(0, 4)}-${n.slice(4, 7)}-${n.slice(7)}`;
    default:
      return n.startsWith('03') || n.startsWith('06')
        ? `${n.slice(0, 2)}-${n.slice(2, 6)}-${n.slice(6)}`
        : null;
  }
}

/** Strips separators; returns digits with a leading '+' when the input had one, or a rejection reason. */
function digitsOf(raw: string): { plus: boolean; digits: string } | string {
  let s = raw.trim();
  if (/^tel:/i.test(s)) s = s.slice(4);
  if (/[^\x20-\x7e]/.test(s)) s = s.normalize('NFKC').replace(/[\u2010-\u2015\u2212\u30fc]/g, '-');
  s = s.replace(/\(0\)/g, '');
  let digits = '';
  let plus = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += s[i];
    else if (c === 43) {
      if (plus || digits.length > 0) return 'misplaced +';
      plus = true;
    } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return 'contains letters';
    else if (c !== 32 && c !== 45 && c !== 46 && c !== 40 && c !== 41 && c !== 47 && c !== 9) {
      return 'invalid character in phone number';
    }
    if (digits.length > 20) return 'too long for a phone number';
  }
  return { plus, digits };
}

function international(digits: string): NormalizeResult {
  if (digits.length > 15) return fail('too long: E.164 numbers have at most 15 digits');
  if (digits.length < 7) return fail('too short for an international number');
  const cc = callingCodeOf(digits);
  if (cc === null) return fail('invalid country calling code');
  let nsn = digits.slice(cc.length);
  if (cc === '81') {
    if (nsn.startsWith('0')) nsn = nsn.slice(1);
    return japanese(`0${nsn}`);
  }
  if (cc === '1' && nsn.length !== 10) return fail('NANP numbers need 10 digits after +1');
  if (nsn.length < 4) return fail('too short for an international number');
  const attrs: IndicatorAttributes = {
    country: COUNTRY_BY_CODE[cc] ?? 'other',
    callingCode: cc,
    lineType: 'international',
  };
  return ok('phone', `+${digits}`, attrs);
}

function japanese(national: string): NormalizeResult {
  if (national.length < 10) return fail('too short for a Japanese number');
  if (national.length > 11) return fail('too long for a Japanese number');
  const lineType = jpLineType(national);
  if (lineType === null) return fail('invalid Japanese number (prefix/length mismatch)');
  const attrs: IndicatorAttributes = { country: 'JP', callingCode: '81', lineType };
  const formatted = jpNationalFormat(national, lineType);
  if (formatted !== null) attrs.national = formatted;
  return ok('phone', `+81${national.slice(1)}`, attrs);
}

/**
 * Normalizes a phone number to E.164. `090-1234-5678` → `+819012345678` (lineType mobile),
 * `00 44 20 7946 0958` → `+442079460958`, `010-1-202-555-0100` → `+12025550100`.
 */
export function normalizePhone(raw: string): NormalizeResult {
  if (typeof raw !== 'string') return fail('not a string');
  if (raw.length > 64) return fail('too long for a phone number');
  const d = digitsOf(raw);
  if (typeof d === 'string') return fail(d);
  const { plus, digits } = d;
  if (digits.length === 0) return fail('no digits');
  if (plus) return international(digits);
  if (digits.startsWith('010')) return international(digits.slice(3));
  if (digits.startsWith('00')) return international(digits.slice(2));
  if (digits.startsWith('0')) return japanese(digits);
  return fail('ambiguous: international numbers need +, 00 or 010; Japanese numbers start with 0');
}
