/**
 * `normalizeFraudEvent`: turns what a payment app posts into a `FraudEvent` without ever throwing.
 * Unusable input (no id, account or time) is rejected with field paths; doubtful parts (an absurd
 * amount, an over-long value) are dropped and reported as notices so the decision says why.
 */
import { RULE_SET_LIMITS } from './rule-schema.js';
import { DESCRIPTIVE_FIELDS, ENTITY_FIELDS, type FraudEvent, type FraudReason } from './types.js';

export type NormalizedEvent =
  | { ok: true; event: FraudEvent; notices: FraudReason[] }
  | { ok: false; errors: { path: string; message: string }[] };

const MAX_VALUE_LENGTH = 256;
const MAX_ATTRIBUTES = 32;

export function normalizeFraudEvent(input: unknown): NormalizedEvent {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '', message: 'must be an event object' }] };
  }
  const raw = input as Record<string, unknown>;
  const errors: { path: string; message: string }[] = [];
  const notices: FraudReason[] = [];
  const text = (key: string): string | undefined => {
    const value = raw[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
      notices.push(dropped(key, 'not a string'));
      return undefined;
    }
    const s = String(value).trim().normalize('NFKC');
    if (s.length === 0) return undefined;
    if (s.length > MAX_VALUE_LENGTH) {
      notices.push(dropped(key, `longer than ${MAX_VALUE_LENGTH} characters`));
      return undefined;
    }
    return s;
  };
  const id = text('id');
  const accountId = text('accountId');
  const type = text('type');
  const occurredAt = parseTime(raw.occurredAt);
  if (id === undefined) errors.push({ path: '/id', message: 'is required' });
  if (accountId === undefined) errors.push({ path: '/accountId', message: 'is required' });
  if (type === undefined) errors.push({ path: '/type', message: 'is required' });
  if (occurredAt === undefined)
    errors.push({ path: '/occurredAt', message: 'must be an ISO-8601 time or epoch milliseconds' });
  if (errors.length > 0) return { ok: false, errors };
  const event: FraudEvent = { id: id!, type: type!, occurredAt: occurredAt!, accountId: accountId! };
  for (const field of [...ENTITY_FIELDS, ...DESCRIPTIVE_FIELDS]) {
    if (field === 'accountId' || field === 'type') continue;
    const value = text(field);
    if (value !== undefined) event[field] = field === 'currency' ? value.toUpperCase() : value;
  }
  const amount = raw.amount;
  if (amount !== undefined && amount !== null) {
    if (
      typeof amount === 'number' &&
      Number.isFinite(amount) &&
      amount >= 0 &&
      amount <= RULE_SET_LIMITS.maxAmount
    ) {
      event.amount = amount;
    } else notices.push(absurdAmount(amount));
  }
  const attributes = normalizeAttributes(raw.attributes);
  if (attributes) event.attributes = attributes;
  return { ok: true, event, notices };
}

function parseTime(value: unknown): number | undefined {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  // Years 2000–2200: anything else is a unit mistake (seconds for milliseconds) or garbage.
  return Number.isFinite(ms) && ms >= 946_684_800_000 && ms <= 7_258_118_400_000 ? ms : undefined;
}

function normalizeAttributes(value: unknown): Record<string, string | number | boolean> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, string | number | boolean> = {};
  let kept = 0;
  for (const [key, item] of Object.entries(value)) {
    if (kept >= MAX_ATTRIBUTES || !/^[A-Za-z0-9_]{1,64}$/.test(key)) continue;
    if (typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item))) out[key] = item;
    else if (typeof item === 'string' && item.length <= MAX_VALUE_LENGTH) out[key] = item;
    else continue;
    kept += 1;
  }
  return kept > 0 ? out : undefined;
}

function dropped(field: string, why: string): FraudReason {
  return {
    code: 'input_value_dropped',
    ruleId: 'engine',
    score: 0,
    text: { ja: `項目 ${field} を無視しました（${why}）`, en: `ignored ${field} (${why})` },
    detail: { field },
  };
}

function absurdAmount(amount: unknown): FraudReason {
  return {
    code: 'amount_out_of_range',
    ruleId: 'engine',
    score: 0,
    text: {
      ja: '金額が不正または範囲外のため無視しました',
      en: 'the amount is not a finite number between 0 and 10^13 and was ignored',
    },
    detail: { amount: String(amount).slice(0, 40) },
  };
}
