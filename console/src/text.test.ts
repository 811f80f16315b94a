import { describe, expect, it } from 'vitest';
import { defangIndicator, defangText } from './defang.js';
import { clip, revealControls } from './text.js';

describe('hostile text helpers', () => {
  it('shows right-to-left overrides and invisible characters instead of obeying them', () => {
    expect(revealControls('invoice\u202Efdp.exe')).toBe('invoice⟦U+202E⟧fdp.exe');
    expect(revealControls('a\u200Bb\u2066c\u0007')).toBe('a⟦U+200B⟧b⟦U+2066⟧c⟦U+0007⟧');
    expect(revealControls('佐川急便 normal text')).toBe('佐川急便 normal text');
  });

  it('clips long text without splitting a surrogate pair', () => {
    expect(clip('abc', 5)).toEqual({ shown: 'abc', cut: false });
    expect(clip('ab😀cd', 3)).toEqual({ shown: 'ab', cut: true });
    const huge = 'x'.repeat(1_000_000);
    expect(clip(huge, 500).shown).toHaveLength(500);
  });

  it('defangs URLs, hosts and e-mail addresses for display', () => {
    expect(defangIndicator('url', 'https://sagawa-xq.top/abc')).toBe('hxxps[://]sagawa-xq[.]top/abc');
    expect(defangIndicator('domain', 'sagawa-xq.top')).toBe('sagawa-xq[.]top');
    expect(defangIndicator('email', 'kit@evil.example')).toBe('kit[@]evil[.]example');
    expect(defangIndicator('phone', '+819012345678')).toBe('+819012345678');
  });

  it('defangs URLs and host names inside free text and leaves the rest as written', () => {
    expect(defangText('不在のため持ち帰りました https://sagawa-xq.top/a 確認 sagawa-xq.top へ')).toBe(
      '不在のため持ち帰りました hxxps[://]sagawa-xq[.]top/a 確認 sagawa-xq[.]top へ',
    );
    expect(defangText('javascript://x.example/%0aalert(1)')).toBe('javascript[://]x[.]example/%0aalert(1)');
    expect(defangText('version 1.2 only')).toBe('version 1.2 only');
  });
});
