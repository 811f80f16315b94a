import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { registerDemoCommand } from './cli.js';

let t: TestKoban;

beforeAll(async () => {
  t = await startTestKoban({ KOBAN_PORT: '18080' });
});
afterAll(async () => t.close());

async function run(...args: string[]): Promise<{ out: string; code: number | undefined }> {
  const program = new Command('koban').exitOverride();
  registerDemoCommand(program, (_command, work) => work(t.koban));
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'koban', 'demo', ...args]);
  } finally {
    spy.mockRestore();
  }
  const code = process.exitCode as number | undefined;
  process.exitCode = undefined;
  return { out: out.join(''), code };
}

describe('koban demo', () => {
  it('prints keys with a warning and the curl commands; a second run says it is already seeded', async () => {
    const first = await run();
    expect(first.code).toBeUndefined();
    expect(first.out).toMatch(/^デモデータを投入しました \/ Demo data loaded/);
    expect(first.out).toMatch(/⚠ These API keys are real secrets/);
    expect(first.out.match(/kbn_[A-Za-z0-9_-]{56}/g)?.length).toBeGreaterThanOrEqual(8);
    expect(first.out).toMatch(/analyst centre: 7 reports from 7 organizations, 6 explained links/);
    expect(first.out).toMatch(/carrier: 6 reports from 6 organizations \(not visible to it: bank\)/);
    expect(first.out).toMatch(/attribution: Parcel Kitsune — confirmed, confidence 70, operational layer/);
    expect(first.out).toMatch(/infrastructure: 050-5212-8874 = sms_verification_proxy/);
    const curls = first.out.split('\n').filter((l) => l.trim().startsWith('curl '));
    expect(
      curls.some((c) => /'http:\/\/127\.0\.0\.1:18080\/v1\/reports\/[0-9a-f-]+\/campaign'$/.test(c)),
    ).toBe(true);
    expect(curls.some((c) => /\/v1\/reports\/[0-9a-f-]+\/path\/[0-9a-f-]+'$/.test(c))).toBe(true);
    expect(curls.some((c) => c.endsWith("/v1/indicators?value=050-5212-8874'"))).toBe(true);

    const again = await run('--json');
    expect(again.code).toBeUndefined();
    const json = JSON.parse(again.out) as {
      status: string;
      organizations: { apiKey: string | null }[];
      commands: unknown[];
      campaign: { asCentre: { size: number } };
      warning?: string;
    };
    expect(json.status).toBe('already_seeded');
    expect(json.organizations.every((o) => o.apiKey === null)).toBe(true);
    expect(json.commands).toEqual([]);
    expect(json.warning).toBeUndefined();
    expect(json.campaign.asCentre.size).toBe(7);
    expect((await run()).out).toMatch(/already loaded[\s\S]*npx koban demo --new-keys/);
  });

  it('prints working commands again with --new-keys', async () => {
    const json = JSON.parse((await run('--json', '--new-keys')).out) as {
      warning?: string;
      commands: { command: string }[];
    };
    expect(json.warning).toMatch(/secrets/);
    const campaign = json.commands[1]?.command ?? '';
    const [, apiKey, path] = /Bearer (\S+)' 'http:\/\/[^/]+(\S+)'$/.exec(campaign) ?? [];
    const res = await t.app.inject({ url: path, headers: { authorization: `Bearer ${apiKey}` } });
    expect(res.statusCode).toBe(200);
    expect((res.json() as { size: number }).size).toBe(6);
  });
});
