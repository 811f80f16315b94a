import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerTaxiiPollCommand } from './cli.js';
import {
  CLIENT_SCOPES,
  type NodeUnderTest,
  orgWithKey,
  scriptedRemote,
  startNode,
  taxii,
} from './test-fixtures.js';

const indicator = (n: number) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  created: '2026-11-01T00:00:00.000Z',
  modified: '2026-11-01T00:00:00.000Z',
  pattern: `[url:value = 'https://cli-${n}.example-bad.top/']`,
  pattern_type: 'stix',
  valid_from: '2026-11-01T00:00:00Z',
});

describe('koban taxii-poll', () => {
  let node: NodeUnderTest;
  let remote: Awaited<ReturnType<typeof scriptedRemote>>;
  let key: string;

  beforeAll(async () => {
    node = await startNode();
    key = (await orgWithKey(node, 'Bank', CLIENT_SCOPES)).key;
    remote = await scriptedRemote([
      taxii(200, { more: true, next: 'p2', objects: [indicator(1)] }),
      taxii(
        200,
        { more: false, objects: [indicator(2)] },
        { 'x-taxii-date-added-last': '2026-11-03T00:00:00Z' },
      ),
      taxii(500, 'down'),
    ]);
    const principal = await node.koban.auth.authenticate(`Bearer ${key}`);
    await node.koban.taxiiClient.sources.create(principal, {
      name: 'remote',
      apiRoot: remote.apiRoot,
      collectionId: 'c1',
    });
  });
  afterAll(async () => {
    await remote?.close();
    await node?.close();
  });

  async function run(...args: string[]) {
    const program = new Command('koban').exitOverride();
    registerTaxiiPollCommand(program, (_command, work) => work(node.koban));
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    process.exitCode = undefined;
    try {
      await program.parseAsync(['node', 'koban', 'taxii-poll', ...args]);
    } finally {
      spy.mockRestore();
    }
    const code = process.exitCode;
    process.exitCode = undefined;
    return { out: out.join(''), code };
  }

  it('polls every enabled source to its end, then reports a failing remote with exit 1', async () => {
    const first = await run('--api-key', key);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^remote \(.+\): 2 pages, imported 2, unchanged 0, failed 0, caught up\n$/);
    const second = await run('--api-key', key, '--json');
    expect(second.code).toBe(1);
    expect(JSON.parse(second.out)[0].total).toMatchObject({ pages: 0, error: 'HTTP 500' });
    expect(remote.requests.at(-1)!.url).toContain('added_after=2026-11-03T00%3A00%3A00.000Z');
  });

  it('needs an API key', async () => {
    const errors = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect((await run()).code).toBe(2);
    } finally {
      errors.mockRestore();
    }
  });
});
