/**
 * IEEE-CIS (Vesta card-not-present transactions, Kaggle 2019) subset → labelled `FraudEvent`s.
 *
 * Mapping: each transaction is a card charge, which a Japanese payment app sees as a `top_up` of
 * the wallet by card (`channel: card`; the stolen-card charge is the fraud it fights). `card1` is
 * the account (it is a card-range code shared by many cardholders, so per-account windows are
 * coarse). `TransactionAmt` is US dollars. `ProductCD`, `card4`, `addr1` and `P_emaildomain`
 * become the attributes `product`, `cardNetwork`, `billingRegion` and `emailDomain`.
 *
 * Device: the identity table (joined on `TransactionID`, present for a minority of rows) gives no
 * device id, only `DeviceType`, `DeviceInfo` (model or OS) and `id_31` (browser); their
 * combination is the fingerprint used as `deviceId`. It is far coarser than a real device id, so
 * "accounts per device" counts are inflated for common set-ups such as Windows + Chrome.
 *
 * Time: the subset has no `TransactionDT`. In the full table ids increase with time at about one
 * transaction every 26.6 s (590,540 over 182 days), so events are spaced by that average in id order.
 */
import { columnIndex, parseCsv } from '../csv.js';
import type { AdaptedData, LabelledEvent, SkippedRow } from '../types.js';
import { DEFAULT_YEN_PER_USD, inTimeOrder, labelled, parseAmount, REPLAY_EPOCH_MS, toYen } from './common.js';

export const IEEE_MEAN_GAP_MS = 26_600;

export interface IeeeCisFiles {
  transactions: string;
  identity?: string;
}

export interface IeeeCisOptions {
  yenPerUsd?: number;
}

export function adaptIeeeCis(files: IeeeCisFiles, options: IeeeCisOptions = {}): AdaptedData {
  const yenPerUsd = options.yenPerUsd ?? DEFAULT_YEN_PER_USD;
  const devices =
    files.identity === undefined ? new Map<string, string>() : deviceFingerprints(files.identity);
  const table = parseCsv(files.transactions);
  const col = columnIndex(table.header, ['TransactionID', 'isFraud', 'TransactionAmt', 'card1']);
  const optional = (name: string): number => table.header.indexOf(name);
  const product = optional('ProductCD');
  const network = optional('card4');
  const region = optional('addr1');
  const email = optional('P_emaildomain');
  const skipped: SkippedRow[] = [];
  const ids = table.rows.map(({ values }) => Number(values[col.TransactionID!]));
  const firstId = Math.min(...ids.filter(Number.isInteger));
  const events: LabelledEvent[] = [];
  let withDevice = 0;
  table.rows.forEach(({ line, values }, i) => {
    const id = ids[i]!;
    if (!Number.isInteger(id)) {
      skipped.push({ line, message: 'TransactionID is not an integer' });
      return;
    }
    const attributes: Record<string, string> = {};
    const text = (at: number): string | undefined => (at >= 0 && values[at] ? values[at] : undefined);
    if (text(product)) attributes.product = text(product)!;
    if (text(network)) attributes.cardNetwork = text(network)!;
    if (text(region)) attributes.billingRegion = String(Number(text(region)));
    if (text(email)) attributes.emailDomain = text(email)!;
    const amount = parseAmount(values[col.TransactionAmt!]);
    const raw: Record<string, unknown> = {
      id: `ieee:${id}`,
      type: 'top_up',
      channel: 'card',
      occurredAt: REPLAY_EPOCH_MS + (id - firstId) * IEEE_MEAN_GAP_MS,
      accountId: values[col.card1!] ? `card1-${values[col.card1!]}` : undefined,
      deviceId: devices.get(String(id)),
      currency: 'JPY',
      attributes,
    };
    if (amount !== undefined) raw.amount = toYen(amount, yenPerUsd);
    if (raw.deviceId !== undefined) withDevice += 1;
    labelled(raw, values[col.isFraud!] === '1' ? 'fraud' : 'legitimate', line, events, skipped);
  });
  return {
    format: 'ieee-cis',
    events: inTimeOrder(events),
    skipped,
    notes: [
      `amounts × ${yenPerUsd} yen per USD; one transaction every ${IEEE_MEAN_GAP_MS / 1000} s in TransactionID order`,
      `device fingerprint (DeviceType|DeviceInfo|id_31) joined for ${withDevice} of ${table.rows.length} transactions; card1 as account`,
    ],
  };
}

function deviceFingerprints(identityCsv: string): Map<string, string> {
  const table = parseCsv(identityCsv);
  const col = columnIndex(table.header, ['TransactionID']);
  const parts = ['DeviceType', 'DeviceInfo', 'id_31'].map((name) => table.header.indexOf(name));
  const fingerprints = new Map<string, string>();
  for (const { values } of table.rows) {
    const seen = parts.map((at) => (at >= 0 ? (values[at] ?? '') : ''));
    if (seen.every((value) => value === '')) continue;
    fingerprints.set(values[col.TransactionID!]!, seen.map((value) => value || '?').join('|'));
  }
  return fingerprints;
}
