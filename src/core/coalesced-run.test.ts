import { describe, expect, it } from 'vitest';
import { CoalescedRun } from './coalesced-run.js';

describe('CoalescedRun', () => {
  it('shares one run between concurrent callers and adds one pass for calls made during it', async () => {
    let passes = 0;
    let release: (() => void) | undefined;
    const run = new CoalescedRun(
      async () => {
        passes++;
        if (passes === 1) await new Promise<void>((r) => (release = r));
        return 1;
      },
      (a, b) => a + b,
    );
    const first = run.run();
    const second = run.run();
    const third = run.run();
    await new Promise((r) => setImmediate(r));
    release?.();
    expect(await first).toBe(2);
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    expect(passes).toBe(2);
    expect(await run.run()).toBe(1);
  });

  it('settles after a failed run and can run again', async () => {
    let fail = true;
    const run = new CoalescedRun(
      async () => {
        if (fail) throw new Error('boom');
        return true;
      },
      (a, b) => a || b,
    );
    await expect(run.run()).rejects.toThrow('boom');
    await run.settled();
    fail = false;
    expect(await run.run()).toBe(true);
  });
});
