/**
 * Which `{placeholders}` a reason text may use: event fields, plus the values each condition kind
 * measures. Shared by the validator (unknown names are errors) and the compiler (which fills them).
 */
import type { Condition } from './rule-schema.js';

export const EVENT_PLACEHOLDERS = [
  'type',
  'amount',
  'accountId',
  'deviceId',
  'ip',
  'phone',
  'bankAccount',
  'counterpartyId',
  'campaignId',
  'channel',
  'currency',
  'asset',
] as const;

/** Names the condition kinds write while evaluating (see README "Placeholders"). */
export function measuredNames(condition: unknown, into: Set<string>): void {
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return;
  const c = condition as Record<string, unknown>;
  if (Array.isArray(c.all)) for (const child of c.all) measuredNames(child, into);
  else if (Array.isArray(c.any)) for (const child of c.any) measuredNames(child, into);
  else if ('not' in c) measuredNames(c.not, into);
  else if ('aggregate' in c) into.add(typeof c.as === 'string' ? c.as : String(c.aggregate));
  else if ('fanOut' in c) into.add('accounts');
  else if ('structuring' in c) {
    into.add('structuringCount');
    into.add('threshold');
  } else if ('deviceNew' in c) into.add('knownDevices');
  else if ('amountVsHistory' in c) {
    into.add('baseline');
    into.add('ratio');
    into.add('historyCount');
  } else if ('inList' in c) {
    into.add('list');
    into.add('listValue');
  }
}

export function placeholdersFor(condition: Condition | unknown): Set<string> {
  const names = new Set<string>(EVENT_PLACEHOLDERS);
  measuredNames(condition, names);
  return names;
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}
