import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBacktestCli } from './cli-program.js';

const folder = mkdtempSync(join(tmpdir(), 'koban-backtest-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runBacktestCli(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const VALID_RULES = file(
  'rules.json',
  JSON.stringify({
    format: 'koban-fraud-rules/1',
    id: 'cli-test',
    version: '1',
    thresholds: { step_up: 30, hold: 60, deny: 90 },
    rules: [
      {
        id: 'big',
        when: { field: 'amount', op: 'gte', value: 1000 },
        score: 60,
        reason: { code: 'big', ja: '高額 {amount}円', en: 'large {amount} yen' },
      },
    ],
  }),
);
const JOURNAL = file(
  'journal.jsonl',
  [
    {
      event: { id: 'e1', type: 'transfer', accountId: 'a', occurredAt: '2026-11-01T00:00:00Z', amount: 5000 },
      label: 'fraud',
    },
    {
      event: { id: 'e2', type: 'transfer', accountId: 'b', occurredAt: '2026-11-01T00:01:00Z', amount: 10 },
      label: 'legitimate',
    },
  ]
    .map((line) => JSON.stringify(line))
    .join('\n'),
);

describe('backtest CLI', () => {
  it('prints the report and exits 0', () => {
    const { code, out, err } = cli('--rules', VALID_RULES, '--data', JOURNAL);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('rule set cli-test 1 (1 rules)');
    expect(out).toMatch(/hold or deny\s+100\.0 %\s+100\.0 %/);
  });

  it('prints JSON with --json', () => {
    const { code, out } = cli('--rules', VALID_RULES, '--data', JOURNAL, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out).result.detection.holdOrDeny.truePositives).toBe(1);
  });

  it('lists every rule-set error with its JSON pointer and exits 2', () => {
    const invalid = file(
      'invalid.json',
      JSON.stringify({
        format: 'koban-fraud-rules/1',
        id: 'bad',
        version: '1',
        thresholds: { step_up: 30, hold: 60, deny: 90 },
        rules: [
          { id: 'r', when: { aggregate: 'count', by: 'accountId', window: '2y', op: 'gte', value: 1 } },
        ],
      }),
    );
    const { code, out, err } = cli('--rules', invalid, '--data', JOURNAL);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`rule set ${invalid} is invalid`);
    expect(err).toMatch(/^ {2}\/rules\/0: needs a score or a decision$/m);
    expect(err).toMatch(/^ {2}\/rules\/0\/when\/window: /m);
    expect(err).toMatch(/^ {2}\/rules\/0\/reason: /m);
  });

  it('rejects a rules file that is missing or not JSON with exit 2', () => {
    expect(cli('--rules', join(folder, 'nope.json'), '--data', JOURNAL)).toMatchObject({
      code: 2,
      err: expect.stringContaining('rules file not found'),
    });
    const broken = file('broken.json', '{"format":');
    expect(cli('--rules', broken, '--data', JOURNAL)).toMatchObject({
      code: 2,
      err: expect.stringContaining('is not JSON'),
    });
  });

  it('says which data file is missing and exits 2', () => {
    const missing = join(folder, 'missing.csv');
    const { code, err } = cli('--rules', VALID_RULES, '--data', missing);
    expect(code).toBe(2);
    expect(err).toBe(`backtest: data file not found: ${missing}\n`);
  });

  it('exits 2 when the format cannot be told or an option is wrong', () => {
    const unknown = file('mystery.csv', 'x,y\n1,2\n');
    expect(cli('--rules', VALID_RULES, '--data', unknown)).toMatchObject({
      code: 2,
      err: expect.stringContaining('cannot tell the format'),
    });
    expect(cli('--rules', VALID_RULES)).toMatchObject({ code: 2, err: expect.stringContaining('--data') });
    expect(cli('--rules', VALID_RULES, '--data', JOURNAL, '--format', 'xml').code).toBe(2);
    expect(cli('--rules', VALID_RULES, '--data', JOURNAL, '--yen-per-usd', '-1').code).toBe(2);
  });

  it('reports a data file its adapter cannot read with exit 2', () => {
    const noColumns = file('paysim.csv', 'step,type,nameOrig\n1,TRANSFER,C1\n');
    const { code, err } = cli('--rules', VALID_RULES, '--data', noColumns);
    expect(code).toBe(2);
    expect(err).toContain('cannot read');
    expect(err).toContain('missing column "amount"');
  });
});
