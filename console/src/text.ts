/** Pure helpers that make hostile report text safe to look at (no React, unit-tested). */

/** Bidirectional controls (RLO, isolates, marks) let "exe.pdf" read as "fdp.exe"; shown, not obeyed. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Other invisible or control characters that hide what a string really holds. */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF]/g;

const codePoint = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Replaces direction overrides and invisible characters with a visible ⟦U+XXXX⟧ marker. */
export function revealControls(text: string): string {
  return text
    .replace(BIDI_CONTROLS, (c) => `⟦${codePoint(c)}⟧`)
    .replace(INVISIBLE, (c) => `⟦${codePoint(c)}⟧`);
}

/** The first `limit` characters without splitting a surrogate pair; `cut` says whether text was left out. */
export function clip(text: string, limit: number): { shown: string; cut: boolean } {
  if (text.length <= limit) return { shown: text, cut: false };
  let end = limit;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { shown: text.slice(0, end), cut: true };
}
