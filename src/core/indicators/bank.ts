/**
 * Japanese bank accounts: `bank(4)-branch(3)-account(7)`, e.g. `0009-123-1234567`.
 * Japan Post Bank (ゆうちょ) 記号-番号 is converted to its Zengin form (bank 9900).
 */
import { fail, ok } from './result.js';
import { prepareText } from './text.js';
import type { IndicatorAttributes, NormalizeResult } from './types.js';

export type BankAccountType = 'ordinary' | 'current' | 'savings';

const TYPE_WORDS: Readonly<Record<string, BankAccountType>> = {
  普通: 'ordinary',
  総合: 'ordinary',
  ordinary: 'ordinary',
  当座: 'current',
  current: 'current',
  checking: 'current',
  貯蓄: 'savings',
  savings: 'savings',
};

/** Well-known bank names → Zengin bank codes (used only for labelled free text). */
const BANK_NAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/埼玉りそな/, '0017'],
  [/GMOあおぞら/i, '0310'],
  [/みずほ/, '0001'],
  [/三菱UFJ|三菱ユーエフジェイ/i, '0005'],
  [/三井住友銀行|SMBC/i, '0009'],
  [/りそな/, '0010'],
  [/PayPay銀行/i, '0033'],
  [/セブン銀行/, '0034'],
  [/ソニー銀行/, '0035'],
  [/楽天銀行/, '0036'],
  [/住信SBI/i, '0038'],
  [/auじぶん/i, '0039'],
  [/イオン銀行/, '0040'],
  [/ゆうちょ/, '9900'],
];

const TYPE_RE = /(普通|総合|当座|貯蓄|ordinary|current|checking|savings)(?:預金|口座|貯金|account)?/i;

export function parseAccountType(word: string): BankAccountType | null {
  const m = TYPE_RE.exec(word.trim());
  if (m === null || m.index !== 0) return null;
  return TYPE_WORDS[(m[1] as string).toLowerCase()] ?? null;
}

/** Builds a canonical bank-account indicator from its parts (number is left-padded to 7 digits). */
export function bankAccountFromParts(
  bank: string,
  branch: string,
  num: string,
  type?: string,
): NormalizeResult {
  const b = prepareText(String(bank)).trim();
  const br = prepareText(String(branch)).trim();
  const n = prepareText(String(num)).replace(/[\s-]/g, '');
  if (!/^\d{4}$/.test(b)) return fail('bank code must be 4 digits');
  if (!/^\d{3}$/.test(br)) return fail('branch code must be 3 digits');
  if (!/^\d{1,7}$/.test(n)) return fail('account number must be 1-7 digits');
  if (/^0+$/.test(n)) return fail('account number is all zeros');
  const accountNumber = n.padStart(7, '0');
  const attrs: IndicatorAttributes = { bankCode: b, branchCode: br, accountNumber };
  if (type !== undefined && type.trim() !== '') {
    const t = parseAccountType(prepareText(type));
    if (t === null) return fail(`unknown account type: ${type}`);
    attrs.accountType = t;
  }
  return ok('bank_account', `${b}-${br}-${accountNumber}`, attrs);
}

/**
 * Japan Post Bank 記号 (5 digits) + 番号 → Zengin form. 通常貯金 (記号 1xxxx): branch = 記号[1..2] + '8',
 * account = 番号 without its check digit. 振替口座 (記号 0xxxx): branch = 記号[1..2] + '9', account = 番号.
 */
export function yuchoToZengin(symbol: string, number: string): NormalizeResult {
  if (!/^\d{5}$/.test(symbol)) return fail('ゆうちょ 記号 must be 5 digits');
  if (!/^\d{1,8}$/.test(number)) return fail('ゆうちょ 番号 must be 1-8 digits');
  let r: NormalizeResult;
  if (symbol[0] === '1') {
    if (number.length < 2) return fail('ゆうちょ 番号 too short');
    r = bankAccountFromParts('9900', `${symbol.slice(1, 3)}8`, number.slice(0, -1), 'ordinary');
  } else if (symbol[0] === '0') {
    if (number.length > 7) return fail('ゆうちょ 振替口座 番号 must be at most 7 digits');
    r = bankAccountFromParts('9900', `${symbol.slice(1, 3)}9`, number, 'current');
  } else return fail('ゆうちょ 記号 must start with 1 (通常貯金) or 0 (振替口座)');
  if (r.ok) Object.assign(r.indicator.attributes, { yucho: true, yuchoSymbol: symbol, yuchoNumber: number });
  return r;
}

/** A labelled account found in free text; `start`/`end` cover the matched elements. */
export interface LabelledAccount {
  result: NormalizeResult;
  start: number;
  end: number;
}

const SEP = String.raw`\s*[:：]?\s*(?:No\.?\s*)?`;
const BANK_CODE_RE = new RegExp(
  String.raw`(?:銀行コード|金融機関コード|金融機関番号|銀行番号|bank\s*code)${SEP}(\d{4})(?!\d)`,
  'i',
);
const BANK_PAREN_RE = /銀行\s*[(（]\s*(\d{4})\s*[)）]/;
const BRANCH_RE = new RegExp(
  String.raw`(?:支店コード|支店番号|店番号|店番|支店|branch(?:\s*code)?)\s*[(（]?${SEP}(\d{3})(?!\d)`,
  'i',
);
const NUMBER_RE = new RegExp(
  String.raw`(?:口座番号|口座|account\s*(?:number|no\.?)|普通|総合|当座|貯蓄|ordinary|current|checking|savings)(?:預金|貯金)?${SEP}(\d{1,8})(?!\d)`,
  'i',
);
const YUCHO_RE = /記号\s*[:：]?\s*(\d{5})(?!\d)[\s\S]{0,20}?番号\s*[:：]?\s*(\d{1,8})(?!\d)/;

/** Parses labelled free text (`銀行コード0009 支店123 普通 1234567`, `三井住友銀行 新宿支店(店番123) 普通 1234567`). */
export function parseLabelledAccount(text: string): LabelledAccount | null {
  const y = text.includes('記号') ? YUCHO_RE.exec(text) : null;
  if (y !== null) {
    return {
      result: yuchoToZengin(y[1] as string, y[2] as string),
      start: y.index,
      end: y.index + y[0].length,
    };
  }
  const nu = NUMBER_RE.exec(text);
  if (nu === null) return null;
  const br = BRANCH_RE.exec(text);
  if (br === null) return null;
  let bank: string | null = null;
  let start = Math.min(br.index, nu.index);
  let end = Math.max(br.index + br[0].length, nu.index + nu[0].length);
  const bm = BANK_CODE_RE.exec(text) ?? BANK_PAREN_RE.exec(text);
  if (bm !== null) {
    bank = bm[1] as string;
    start = Math.min(start, bm.index);
    end = Math.max(end, bm.index + bm[0].length);
  } else {
    for (const [re, code] of BANK_NAMES) {
      const nm = re.exec(text);
      if (nm !== null) {
        bank = code;
        start = Math.min(start, nm.index);
        end = Math.max(end, nm.index + nm[0].length);
        break;
      }
    }
  }
  if (bank === null) return null;
  const type = TYPE_RE.exec(text);
  const num = nu[1] as string;
  const result =
    num.length > 7
      ? fail('account number must be 1-7 digits')
      : bankAccountFromParts(bank, br[1] as string, num, type?.[0]);
  return { result, start, end };
}

const DASHED_RE = /^(\d{4})[\s-]+(\d{3})[\s-]+(\d{1,7})$/;
const YUCHO_DASHED_RE = /^(\d{5})[\s-]+(\d{1,8})$/;
/** 振替口座 `00120-1-123456` (記号 – check digit – 番号). */
const YUCHO_FURIKAE_RE = /^(0\d{4})[\s-]+\d[\s-]+(\d{1,7})$/;

/**
 * Normalizes a Japanese bank account: `0009-123-1234567`, `0009 123 1234567`, full-width digits,
 * `普通 0009-123-1234567`, labelled free forms, and ゆうちょ `12345-12345678` (→ `9900-238-1234567`)
 * or 振替 `00120-1-123456` (→ `9900-019-0123456`).
 */
export function normalizeBankAccount(raw: string): NormalizeResult {
  if (typeof raw !== 'string') return fail('not a string');
  if (raw.length > 512) return fail('too long for a bank account');
  const s = prepareText(raw).trim();
  if (s.length === 0) return fail('empty bank account');
  const typeMatch = TYPE_RE.exec(s);
  const bare = (typeMatch ? s.replace(typeMatch[0], ' ') : s).replace(/[()（）]/g, ' ').trim();
  const d = DASHED_RE.exec(bare);
  if (d !== null) return bankAccountFromParts(d[1] as string, d[2] as string, d[3] as string, typeMatch?.[0]);
  const y = YUCHO_DASHED_RE.exec(bare);
  if (y !== null) return yuchoToZengin(y[1] as string, y[2] as string);
  const f = YUCHO_FURIKAE_RE.exec(bare);
  if (f !== null) return yuchoToZengin(f[1] as string, f[2] as string);
  const labelled = parseLabelledAccount(s);
  if (labelled !== null) return labelled.result;
  return fail('not a Japanese bank account (expected bank(4)-branch(3)-account(1-7))');
}
