import { createRequire } from 'node:module';
import { parse } from 'tldts';
import { describe, expect, it } from 'vitest';
import { SUFFIX_CHILD_LABELS, SUFFIXES_WITHOUT_CHILD_RULES } from './tables.js';

/** tldts's flat PSL trie (internal layout of tldts 7; this test fails loudly if it changes). */
interface Trie {
  nodeFlags: Uint8Array;
  edgeStart: Uint32Array;
  edgeLength: Uint8Array;
  edgeChild: Uint32Array;
  labelText: string;
  rulesRoot: number;
}

const ICANN = 1;

const trie = createRequire(import.meta.url)('tldts/dist/cjs/src/data/trie.js') as Trie;
const offsets: number[] = [];
for (let e = 0, at = 0; e < trie.edgeLength.length; e++) {
  offsets.push(at);
  at += trie.edgeLength[e] as number;
}
const label = (e: number) =>
  trie.labelText.slice(offsets[e], (offsets[e] as number) + (trie.edgeLength[e] as number));
const child = (node: number, l: string) => {
  for (let e = trie.edgeStart[node] as number; e < (trie.edgeStart[node + 1] as number); e++) {
    if (label(e) === l) return trie.edgeChild[e] as number;
  }
  return -1;
};
const icannBelow = (node: number): number => {
  let n = 0;
  for (let e = trie.edgeStart[node] as number; e < (trie.edgeStart[node + 1] as number); e++) {
    const c = trie.edgeChild[e] as number;
    n += ((trie.nodeFlags[c] as number) & ICANN) + icannBelow(c);
  }
  return n;
};

describe('SUFFIXES_WITHOUT_CHILD_RULES', () => {
  it('lists only ICANN suffixes with no ICANN rule anywhere below them', () => {
    expect(icannBelow(child(trie.rulesRoot, 'jp'))).toBeGreaterThan(1000); // the reader works
    for (const suffix of SUFFIXES_WITHOUT_CHILD_RULES) {
      let node = trie.rulesRoot;
      for (const l of suffix.split('.').reverse()) node = node < 0 ? -1 : child(node, l);
      expect(node, suffix).toBeGreaterThanOrEqual(0);
      expect((trie.nodeFlags[node] as number) & ICANN, suffix).toBe(ICANN);
      expect(icannBelow(node), suffix).toBe(0);
      expect(parse(`a.b.${suffix}`, { allowPrivateDomains: false }).publicSuffix, suffix).toBe(suffix);
    }
  });
});

describe('SUFFIX_CHILD_LABELS', () => {
  it('lists exactly the ASCII labels below each suffix that start or lead to an ICANN rule', () => {
    for (const [suffix, labels] of SUFFIX_CHILD_LABELS) {
      let node = trie.rulesRoot;
      for (const l of suffix.split('.').reverse()) node = node < 0 ? -1 : child(node, l);
      expect(node, suffix).toBeGreaterThanOrEqual(0);
      const expected: string[] = [];
      for (let e = trie.edgeStart[node] as number; e < (trie.edgeStart[node + 1] as number); e++) {
        const c = trie.edgeChild[e] as number;
        const l = label(e);
        expect(l, `${suffix} has a wildcard`).not.toBe('*');
        if (
          /^[\x21-\x7e]+$/.test(l) &&
          (((trie.nodeFlags[c] as number) & ICANN) !== 0 || icannBelow(c) > 0)
        ) {
          expected.push(l);
        }
      }
      expect([...labels].sort(), suffix).toEqual(expected.sort());
    }
  });
});
