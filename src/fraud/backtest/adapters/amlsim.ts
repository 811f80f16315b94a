/**
 * AMLSim (IBM's anti-money-laundering simulator: an account graph with planted laundering
 * patterns) → labelled `FraudEvent`s.
 *
 * Mapping: every row of `transactions.csv` is a `transfer` from `sourceNodeId` (`accountId`) to
 * `targetNodeId` (`counterpartyId`); `time` is a simulation step, read as one day (AMLSim's
 * default), rows spread evenly within their day.
 *
 * Labels: `nodes.csv` marks accounts, not transactions. The default policy `either` labels a
 * transfer fraud when its sender or its receiver is a fraud account of the archive's pattern: an
 * institution that knows an account launders money would want every movement touching it
 * reviewed. That also labels the ordinary background payments those accounts make, which no
 * behavioural rule can tell from anyone else's, so recall has a ceiling. `both` labels only
 * transfers between two fraud accounts: the pattern's own money movements.
 */
import { columnIndex, parseCsv } from '../csv.js';
import { readTarGz } from '../tar.js';
import type { AdaptedData, LabelledEvent, SkippedRow } from '../types.js';
import {
  DAY_MS,
  DEFAULT_YEN_PER_USD,
  inTimeOrder,
  labelled,
  parseAmount,
  spreadWithinSteps,
  toYen,
} from './common.js';

export const AMLSIM_LABEL_POLICIES = ['either', 'both'] as const;
export type AmlsimLabelPolicy = (typeof AMLSIM_LABEL_POLICIES)[number];

export interface AmlsimOptions {
  yenPerUsd?: number;
  labelPolicy?: AmlsimLabelPolicy;
}

export interface AmlsimFiles {
  nodes: string;
  transactions: string;
}

/** Finds `nodes.csv` and `transactions.csv` in an AMLSim sample archive (any folder inside). */
export function amlsimFilesFromArchive(archive: Uint8Array): AmlsimFiles {
  const files = readTarGz(archive);
  const find = (name: string): string => {
    for (const [path, content] of files)
      if (path === name || path.endsWith(`/${name}`)) return content.toString('utf8');
    throw new Error(`the archive has no ${name}`);
  };
  return { nodes: find('nodes.csv'), transactions: find('transactions.csv') };
}

export function adaptAmlsim(files: AmlsimFiles, options: AmlsimOptions = {}): AdaptedData {
  const yenPerUsd = options.yenPerUsd ?? DEFAULT_YEN_PER_USD;
  const policy = options.labelPolicy ?? 'either';
  const nodes = parseCsv(files.nodes);
  const nodeCol = columnIndex(nodes.header, ['nodeid', 'isFraud']);
  const fraudAccounts = new Set<string>();
  for (const { values } of nodes.rows)
    if (values[nodeCol.isFraud!] === '1') fraudAccounts.add(values[nodeCol.nodeid!]!);

  const table = parseCsv(files.transactions);
  const col = columnIndex(table.header, ['sourceNodeId', 'targetNodeId', 'value', 'time']);
  const skipped: SkippedRow[] = [];
  const usable = table.rows.filter(({ line, values }) => {
    const step = Number(values[col.time!]);
    if (Number.isInteger(step) && step >= 0) return true;
    skipped.push({ line, message: 'time is not a whole step' });
    return false;
  });
  const times = spreadWithinSteps(
    usable.map(({ values }) => Number(values[col.time!])),
    DAY_MS,
  );
  const events: LabelledEvent[] = [];
  usable.forEach(({ line, values }, i) => {
    const source = values[col.sourceNodeId!]!;
    const target = values[col.targetNodeId!]!;
    const senderIsFraud = fraudAccounts.has(source);
    const receiverIsFraud = fraudAccounts.has(target);
    const fraud = policy === 'both' ? senderIsFraud && receiverIsFraud : senderIsFraud || receiverIsFraud;
    const amount = parseAmount(values[col.value!]);
    const raw: Record<string, unknown> = {
      id: `amlsim:${line}`,
      type: 'transfer',
      channel: 'bank_transfer',
      occurredAt: times[i],
      accountId: `acct-${source}`,
      counterpartyId: `acct-${target}`,
      currency: 'JPY',
    };
    if (amount !== undefined) raw.amount = toYen(amount, yenPerUsd);
    labelled(raw, fraud ? 'fraud' : 'legitimate', line, events, skipped);
  });
  return {
    format: 'amlsim',
    events: inTimeOrder(events),
    skipped,
    notes: [
      `amounts × ${yenPerUsd} yen per unit; step = 1 day, rows spread evenly within their day`,
      `label policy "${policy}": fraud when ${policy === 'both' ? 'sender and receiver are' : 'sender or receiver is'} a fraud account (${fraudAccounts.size} of ${nodes.rows.length} accounts)`,
    ],
  };
}
