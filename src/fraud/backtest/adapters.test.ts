import { describe, expect, it } from 'vitest';
import { adaptAmlsim } from './adapters/amlsim.js';
import { HOUR_MS, REPLAY_EPOCH_MS } from './adapters/common.js';
import { adaptIeeeCis, IEEE_MEAN_GAP_MS } from './adapters/ieee-cis.js';
import { adaptJsonLines } from './adapters/jsonl.js';
import { adaptPaysim } from './adapters/paysim.js';
import { parseCsv } from './csv.js';
import { detectFormat } from './load.js';

describe('parseCsv', () => {
  it('reads CRLF lines, quoted commas and doubled quotes, and numbers lines from 1', () => {
    const table = parseCsv('a,b\r\n1,"x, ""y"""\r\n\r\n2,\r\n');
    expect(table.header).toEqual(['a', 'b']);
    expect(table.rows).toEqual([
      { line: 2, values: ['1', 'x, "y"'] },
      { line: 4, values: ['2', ''] },
    ]);
  });
});

const PAYSIM = [
  'step,type,amount,nameOrig,oldbalanceOrg,newbalanceOrig,nameDest,oldbalanceDest,newbalanceDest,isFraud,isFlaggedFraud',
  '2,CASH_OUT,100,C2,100,0,C9,0,100,1,0',
  '1,TRANSFER,1000,C1,1000,0,C7,0,0,1,0',
  '1,PAYMENT,10.5,C3,50,39.5,M5,0,0,0,0',
  '1,DEBIT,20,C4,30,10,C8,0,0,0,0',
  '1,CASH_IN,5,C5,0,5,C6,0,0,0,0',
  '1,REFUND,5,C5,0,5,C6,0,0,0,0',
].join('\r\n');

describe('adaptPaysim', () => {
  const data = adaptPaysim(PAYSIM, { yenPerUsd: 100 });

  it('maps types, parties, yen amounts and balances, and labels by isFraud', () => {
    const [transfer, payment, debit, topUp, cashOut] = data.events;
    expect(transfer).toMatchObject({
      label: 'fraud',
      event: {
        id: 'paysim:3',
        type: 'transfer',
        channel: 'p2p',
        accountId: 'C1',
        counterpartyId: 'C7',
        amount: 100_000,
        currency: 'JPY',
        attributes: { balanceBefore: 100_000, balanceAfter: 0, balanceShare: 1 },
      },
    });
    expect(payment?.event).toMatchObject({
      type: 'transfer',
      channel: 'merchant',
      counterpartyId: 'M5',
      amount: 1050,
    });
    expect(payment?.event.attributes?.balanceShare).toBe(0.21);
    expect(payment?.label).toBe('legitimate');
    expect(debit?.event).toMatchObject({ type: 'withdrawal', channel: 'bank', bankAccount: 'C8' });
    expect(debit?.event.counterpartyId).toBeUndefined();
    expect(topUp?.event).toMatchObject({ type: 'top_up', channel: 'cash_in' });
    expect(topUp?.event.attributes?.balanceShare).toBeUndefined();
    expect(cashOut?.event).toMatchObject({ type: 'withdrawal', channel: 'cash_out', accountId: 'C2' });
  });

  it('orders by step and spreads the rows of one step evenly across its hour', () => {
    const times = data.events.map((e) => e.event.occurredAt - REPLAY_EPOCH_MS);
    expect(times).toEqual([HOUR_MS, HOUR_MS * 1.25, HOUR_MS * 1.5, HOUR_MS * 1.75, 2 * HOUR_MS]);
  });

  it('reports rows it cannot map instead of dropping them silently', () => {
    expect(data.skipped).toEqual([{ line: 7, message: 'unknown type REFUND' }]);
  });

  it('names the missing column', () => {
    expect(() => adaptPaysim('step,type\n1,TRANSFER\n')).toThrow(/missing column "amount"/);
  });
});

describe('adaptAmlsim', () => {
  const files = {
    nodes: 'nodeid,isFraud,init_balance,fraudStep\n1,1,10,5\n2,1,10,-1\n3,0,10,-1\n',
    transactions: 'sourceNodeId,targetNodeId,value,time\n1,2,3.5,2\n3,1,100,1\n3,3,50,1\n2,3,200,1\n',
  };

  it('labels a transfer fraud when either account is a fraud account by default', () => {
    const data = adaptAmlsim(files, { yenPerUsd: 100 });
    expect(data.events.map((e) => [e.event.accountId, e.event.counterpartyId, e.label])).toEqual([
      ['acct-3', 'acct-1', 'fraud'],
      ['acct-3', 'acct-3', 'legitimate'],
      ['acct-2', 'acct-3', 'fraud'],
      ['acct-1', 'acct-2', 'fraud'],
    ]);
    expect(data.events[3]?.event).toMatchObject({ type: 'transfer', amount: 350 });
    expect(data.events[3]!.event.occurredAt - REPLAY_EPOCH_MS).toBe(2 * 24 * HOUR_MS);
  });

  it('labels only transfers between two fraud accounts with the "both" policy', () => {
    const data = adaptAmlsim(files, { labelPolicy: 'both' });
    expect(data.events.filter((e) => e.label === 'fraud').map((e) => e.event.id)).toEqual(['amlsim:2']);
  });
});

describe('adaptIeeeCis', () => {
  const transactions = [
    'TransactionID,isFraud,TransactionAmt,ProductCD,card1,card4,addr1,P_emaildomain',
    '101,0,10.5,W,1234,visa,315.0,gmail.com',
    '100,1,20,C,999,mastercard,,',
    '102,0,1,W,,visa,1,',
  ].join('\r\n');
  const identity = [
    'TransactionID,id_01,id_12,id_31,DeviceType,DeviceInfo',
    '100,0,NotFound,chrome 63.0,desktop,Windows',
    '555,0,NotFound,safari,mobile,iOS Device',
  ].join('\r\n');

  it('uses card1 as account, joins the device fingerprint and spaces events by id', () => {
    const data = adaptIeeeCis({ transactions, identity }, { yenPerUsd: 100 });
    expect(data.events).toHaveLength(2);
    const [first, second] = data.events;
    expect(first).toMatchObject({
      label: 'fraud',
      event: {
        id: 'ieee:100',
        type: 'top_up',
        channel: 'card',
        accountId: 'card1-999',
        deviceId: 'desktop|Windows|chrome 63.0',
        amount: 2000,
        attributes: { product: 'C', cardNetwork: 'mastercard' },
      },
    });
    expect(first?.event.attributes?.billingRegion).toBeUndefined();
    expect(second?.event).toMatchObject({
      accountId: 'card1-1234',
      amount: 1050,
      attributes: { billingRegion: '315', emailDomain: 'gmail.com' },
    });
    expect(second?.event.deviceId).toBeUndefined();
    expect(second!.event.occurredAt - first!.event.occurredAt).toBe(IEEE_MEAN_GAP_MS);
  });

  it('reports a transaction without a card as skipped (the engine needs an account)', () => {
    const data = adaptIeeeCis({ transactions });
    expect(data.skipped).toEqual([{ line: 4, message: '/accountId is required' }]);
  });
});

describe('adaptJsonLines', () => {
  it('normalizes events, keeps labels, sorts by time and reports bad lines', () => {
    const text = [
      JSON.stringify({
        event: { id: 'b', type: 'login', accountId: 'a1', occurredAt: '2026-11-01T00:00:10Z' },
      }),
      '',
      JSON.stringify({
        event: { id: 'a', type: 'transfer', accountId: 'a1', occurredAt: '2026-11-01T00:00:00Z', amount: 5 },
        label: 'fraud',
      }),
      'not json',
      JSON.stringify({ event: { id: 'c', type: 'login', accountId: 'a1', occurredAt: 1 } }),
      JSON.stringify({ event: { id: 'd' }, label: 'maybe' }),
    ].join('\n');
    const data = adaptJsonLines(text);
    expect(data.events.map((e) => [e.event.id, e.label])).toEqual([
      ['a', 'fraud'],
      ['b', undefined],
    ]);
    expect(data.skipped.map((s) => s.line)).toEqual([4, 5, 6]);
    expect(data.skipped[1]?.message).toMatch(/occurredAt/);
  });
});

describe('detectFormat', () => {
  it('goes by the file name first, then by the header', () => {
    expect(detectFormat('x/journal.jsonl', 'whatever')).toBe('jsonl');
    expect(detectFormat('x/20K_fanin200.tgz', '')).toBe('amlsim');
    expect(detectFormat('a.csv', 'step,type,amount,nameOrig,oldbalanceOrg')).toBe('paysim');
    expect(detectFormat('a.csv', '\uFEFFTransactionID,isFraud,TransactionAmt,ProductCD,card1')).toBe(
      'ieee-cis',
    );
    expect(detectFormat('a.csv', 'sourceNodeId,targetNodeId,value,time')).toBe('amlsim');
    expect(detectFormat('export.txt', '{"event":{}}')).toBe('jsonl');
    expect(detectFormat('a.csv', 'x,y')).toBeUndefined();
  });
});
