/**
 * Aho–Corasick automaton over UTF-16 code units. Scanning is one transition per character
 * whatever the number of keywords, so brand names and lure phrases cost the same for 10 or
 * 10,000 entries, and there is no regex backtracking on hostile text.
 */
import { caseFoldTable } from './case-fold.js';

export interface KeywordHit<T> {
  /** End offset (exclusive) of the match in the scanned text. */
  end: number;
  length: number;
  value: T;
}

interface BuildNode {
  next: Map<number, number>;
  fail: number;
  outputs: number[];
}

/** Dense tables above this many entries (2 bytes each) fall back to sparse maps for non-ASCII. */
const DEFAULT_DENSE_BUDGET = 2_000_000;

/** The dense transition tables, for a caller that steps the automaton inside its own pass. */
export interface DenseTables {
  /** node * width + column[code unit] → next node (case folding, if any, is in `column`). */
  readonly dense: Uint16Array;
  readonly column: Uint16Array;
  readonly width: number;
  /** 1 where a keyword ends at the node: then call `reportAt`. */
  readonly hasOutput: Uint8Array;
}

export interface AutomatonOptions {
  /**
   * Match regardless of case, code unit by code unit (see case-fold.ts): keywords are folded when
   * built and the scanned text as it is read, so callers need no lowercased copy of the text.
   */
  foldCase?: boolean;
  /** Dense-table budget in entries (tests use small ones to exercise the sparse mode). */
  denseBudget?: number;
}

export class KeywordAutomaton<T> {
  /**
   * Dense transitions (after failure resolution): node * width + column → next node. Each code
   * unit that occurs in a keyword has a column 1…; every other character maps to column 0, which
   * leads back to the root. Only keyword characters get columns and entries are 16-bit, so the
   * table stays small enough to live in cache (one load per character is the whole scan).
   * Empty when the table would exceed the budget (then `ascii` + `wide` are used).
   */
  private readonly dense: Uint16Array;
  private readonly column: Uint16Array;
  private readonly width: number;
  /** Sparse mode: dense ASCII transitions, node * 128 + code → next node. */
  private readonly ascii: Int32Array;
  /** Sparse mode: transitions for non-ASCII code units, per node (failure links walked at scan time). */
  private readonly wide: Array<Map<number, number> | undefined>;
  private readonly fail: Int32Array;
  /** For each node, the keyword indexes that end here (own and inherited through failure links). */
  private readonly outputs: Array<readonly number[] | undefined>;
  private readonly lengths: number[];
  private readonly values: T[];
  /** One bit per UTF-16 code unit that occurs in some keyword: any other character resets to the root. */
  private readonly used = new Uint8Array(8192);
  /** 1 where `outputs[n]` is set: a typed-array read per character instead of a holey-array load. */
  private readonly hasOutput: Uint8Array;
  /** Sparse mode with foldCase: the fold of each code unit before it is stepped. */
  private readonly fold: Uint16Array | null;
  /** The dense tables as one object for `denseTables()` (asked once per message on the hot path). */
  private readonly tables: DenseTables | null;

  constructor(entries: Iterable<readonly [string, T]>, options: AutomatonOptions = {}) {
    const denseBudget = options.denseBudget ?? DEFAULT_DENSE_BUDGET;
    const fold = options.foldCase === true ? caseFoldTable() : null;
    const nodes: BuildNode[] = [{ next: new Map(), fail: 0, outputs: [] }];
    this.lengths = [];
    this.values = [];
    const wideChars = new Set<number>();
    const keyChars = new Set<number>();
    for (const [keyword, value] of entries) {
      if (keyword.length === 0) continue;
      let n = 0;
      for (let i = 0; i < keyword.length; i++) {
        const c = fold === null ? keyword.charCodeAt(i) : (fold[keyword.charCodeAt(i)] as number);
        this.used[c >>> 3] = (this.used[c >>> 3] as number) | (1 << (c & 7));
        keyChars.add(c);
        if (c >= 128) wideChars.add(c);
        let child = (nodes[n] as BuildNode).next.get(c);
        if (child === undefined) {
          child = nodes.length;
          nodes.push({ next: new Map(), fail: 0, outputs: [] });
          (nodes[n] as BuildNode).next.set(c, child);
        }
        n = child;
      }
      (nodes[n] as BuildNode).outputs.push(this.values.length);
      this.lengths.push(keyword.length);
      this.values.push(value);
    }
    const order = linkFailures(nodes);
    const count = nodes.length;
    this.fail = new Int32Array(count);
    this.outputs = new Array(count);
    this.hasOutput = new Uint8Array(count);
    for (let n = 0; n < count; n++) {
      const node = nodes[n] as BuildNode;
      this.fail[n] = node.fail;
      if (node.outputs.length > 0) {
        this.outputs[n] = node.outputs;
        this.hasOutput[n] = 1;
      }
    }
    // Column 0 stands for every character in no keyword; node ids must fit the 16-bit entries.
    const columnChars = [-1, ...[...keyChars].sort((a, b) => a - b)];
    const width = columnChars.length;
    const dense = count <= 65536 && count * width <= denseBudget;
    this.width = width;
    this.column = new Uint16Array(dense ? 65536 : 0);
    if (dense) {
      for (let k = 1; k < width; k++) this.column[columnChars[k] as number] = k;
      // Folding is free in dense mode: a code unit takes the column of its fold.
      if (fold !== null)
        for (let c = 0; c < 65536; c++) this.column[c] = this.column[fold[c] as number] as number;
    }
    this.fold = dense ? null : fold;
    this.dense = new Uint16Array(dense ? count * width : 0);
    this.ascii = new Int32Array(dense ? 0 : count * 128);
    this.wide = new Array(dense ? 0 : count);
    this.tables = dense ? { dense: this.dense, column: this.column, width, hasOutput: this.hasOutput } : null;
    // Nodes in BFS order: a node's failure target is shallower, so its row is already complete.
    for (const n of [0, ...order]) {
      const node = nodes[n] as BuildNode;
      if (dense) {
        const row = n * width;
        const failRow = node.fail * width;
        for (let k = 0; k < width; k++) {
          const own = k === 0 ? undefined : node.next.get(columnChars[k] as number);
          this.dense[row + k] = own ?? (n === 0 ? 0 : (this.dense[failRow + k] as number));
        }
        continue;
      }
      for (let c = 0; c < 128; c++) {
        const own = node.next.get(c);
        this.ascii[n * 128 + c] = own ?? (n === 0 ? 0 : (this.ascii[node.fail * 128 + c] as number));
      }
      for (const [c, child] of node.next) {
        if (c < 128) continue;
        let m = this.wide[n];
        if (m === undefined) {
          m = new Map();
          this.wide[n] = m;
        }
        m.set(c, child);
      }
    }
  }

  /** Sparse-mode transition for a non-ASCII code unit (ASCII goes through the table inline). */
  private stepWide(n: number, c: number): number {
    // Most kanji and kana of a message are in no keyword: no failure-link walk for them.
    if (((this.used[c >>> 3] as number) & (1 << (c & 7))) === 0) return 0;
    let s = n;
    for (;;) {
      const t = this.wide[s]?.get(c);
      if (t !== undefined) return t;
      if (s === 0) return 0;
      s = this.fail[s] as number;
    }
  }

  private step(n: number, code: number): number {
    const c = this.fold === null ? code : (this.fold[code] as number);
    if (this.dense.length > 0) return this.dense[n * this.width + (this.column[c] as number)] as number;
    return c < 128 ? (this.ascii[n * 128 + c] as number) : this.stepWide(n, c);
  }

  /** The dense tables, or null in sparse mode (then use `scan`). */
  denseTables(): DenseTables | null {
    return this.tables;
  }

  /** Calls `onHit` for the keywords ending at `node` (one with `hasOutput`), at text offset `end`. */
  reportAt(node: number, end: number, onHit: (hit: KeywordHit<T>) => void): void {
    for (const k of this.outputs[node] ?? []) {
      onHit({ end, length: this.lengths[k] as number, value: this.values[k] as T });
    }
  }

  /** Calls `onHit` for every keyword occurrence (overlapping ones included), in end order. */
  scan(text: string, onHit: (hit: KeywordHit<T>) => void, from = 0, to = text.length): void {
    // Tables in locals: the loop body is two typed-array loads per character.
    const dense = this.dense;
    const column = this.column;
    const width = this.width;
    const ascii = this.ascii;
    const hasOutput = this.hasOutput;
    const isDense = dense.length > 0;
    const fold = this.fold;
    let n = 0;
    for (let i = from; i < to; i++) {
      const c = fold === null ? text.charCodeAt(i) : (fold[text.charCodeAt(i)] as number);
      if (isDense) n = dense[n * width + (column[c] as number)] as number;
      else n = c < 128 ? (ascii[(n << 7) + c] as number) : this.stepWide(n, c);
      if (hasOutput[n] === 1) this.reportAt(n, i + 1, onHit);
    }
  }

  /** True when any keyword occurs in `text`. */
  test(text: string): boolean {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      n = this.step(n, text.charCodeAt(i));
      if (this.hasOutput[n] === 1) return true;
    }
    return false;
  }
}

/** Sets failure links and inherited outputs; returns the non-root nodes in BFS order. */
function linkFailures(nodes: BuildNode[]): number[] {
  const order: number[] = [];
  const queue: number[] = [];
  for (const child of (nodes[0] as BuildNode).next.values()) queue.push(child);
  for (let q = 0; q < queue.length; q++) {
    const n = queue[q] as number;
    order.push(n);
    for (const [c, child] of (nodes[n] as BuildNode).next) {
      let f = (nodes[n] as BuildNode).fail;
      while (f !== 0 && !(nodes[f] as BuildNode).next.has(c)) f = (nodes[f] as BuildNode).fail;
      const target = (nodes[f] as BuildNode).next.get(c);
      const childNode = nodes[child] as BuildNode;
      childNode.fail = target !== undefined && target !== child ? target : 0;
      childNode.outputs.push(...(nodes[childNode.fail] as BuildNode).outputs);
      queue.push(child);
    }
  }
  return order;
}
