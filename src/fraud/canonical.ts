/**
 * Entity values in Koban's canonical forms (phone → E.164, bank account → bank-branch-number,
 * IP and device fingerprint normalized) so that a payment app's `090-1234-5678` matches the
 * `+819012345678` another partner reported. A value Koban cannot normalize is kept as sent: the
 * event is still decided on it and its own windows still count it.
 */
import type { FraudEvent } from '../core/fraud/index.js';
import {
  normalizeBankAccount,
  normalizeDeviceFingerprint,
  normalizeIp,
  normalizePhone,
} from '../core/indicators/index.js';
import type { NormalizeResult } from '../core/indicators/types.js';

function canonical(
  value: string | undefined,
  normalize: (raw: string) => NormalizeResult,
): string | undefined {
  if (value === undefined) return undefined;
  const r = normalize(value);
  return r.ok ? r.indicator.value : value;
}

export function canonicalizeEntities(event: FraudEvent): FraudEvent {
  const out: FraudEvent = { ...event };
  const phone = canonical(event.phone, normalizePhone);
  if (phone !== undefined) out.phone = phone;
  const bank = canonical(event.bankAccount, (v) => normalizeBankAccount(v));
  if (bank !== undefined) out.bankAccount = bank;
  const ip = canonical(event.ip, normalizeIp);
  if (ip !== undefined) out.ip = ip;
  const device = canonical(event.deviceId, normalizeDeviceFingerprint);
  if (device !== undefined) out.deviceId = device;
  return out;
}
