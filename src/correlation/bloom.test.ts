import { describe, expect, it } from 'vitest';
import { KeyBloom } from './bloom.js';

describe('KeyBloom', () => {
  it('never forgets a key and rarely claims an unknown one', () => {
    const bloom = new KeyBloom(10_000);
    for (let i = 0; i < 10_000; i++) bloom.add(`phone:+8190${i}`);
    for (let i = 0; i < 10_000; i++) expect(bloom.mayContain(`phone:+8190${i}`)).toBe(true);
    let falsePositives = 0;
    for (let i = 0; i < 10_000; i++) if (bloom.mayContain(`url:https://x${i}.example/`)) falsePositives++;
    expect(falsePositives).toBeLessThan(300);
    expect(bloom.full).toBe(false);
  });

  it('reports when it is past capacity and starts empty after a reset', () => {
    const bloom = new KeyBloom(10);
    for (let i = 0; i < 11; i++) bloom.add(`k${i}`);
    expect(bloom.full).toBe(true);
    bloom.reset(100);
    expect(bloom.full).toBe(false);
    expect(bloom.mayContain('k1')).toBe(false);
  });
});
