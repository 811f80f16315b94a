/**
 * Messages between the batch route's pool (`check-pool.ts`) and its workers (`check-worker.ts`),
 * and the compact form of `reasons=codes` answers: numbers in one transferable array, strings
 * (reason codes, brand ids) interned per chunk.
 */
import type { SmsCheckResult } from '../core/detect/sms-check.js';
import type { WorkerState } from './protection-data.js';

export interface WireViewer {
  orgId: string;
  groupIds: string[];
  investigationAccess: boolean;
}

export type ToWorker =
  | { type: 'state'; state: WorkerState }
  | {
      type: 'check';
      id: number;
      generation: number;
      viewer: WireViewer;
      /** `reasons=codes`: answer in the compact form. */
      codes: boolean;
      /** Flat: sender (null when absent), body, sender, body, … */
      texts: (string | null)[];
    };

export type FromWorker =
  | { id: number; results: SmsCheckResult[] }
  | { id: number; nums: Int32Array; strs: string[] }
  | { id: number; error: string };

/** What a `reasons=codes` answer holds per message; the route's serializer writes exactly these. */
export interface CodesResult {
  verdict: SmsCheckResult['verdict'];
  score: number;
  reasons: { code: string; weight: number }[];
  brands: string[];
}

const VERDICTS: readonly SmsCheckResult['verdict'][] = ['block', 'warn', 'allow'];

/** Per message: verdict, score, reason count, (code, weight)…, brand count, brand…; strings as indexes. */
export function encodeCodes(results: readonly SmsCheckResult[]): { nums: Int32Array; strs: string[] } {
  const strs: string[] = [];
  const ids = new Map<string, number>();
  const intern = (s: string) => {
    let id = ids.get(s);
    if (id === undefined) {
      id = strs.length;
      strs.push(s);
      ids.set(s, id);
    }
    return id;
  };
  let size = 0;
  for (const r of results) size += 4 + 2 * r.reasons.length + r.brands.length;
  const nums = new Int32Array(size);
  let k = 0;
  for (const r of results) {
    nums[k++] = VERDICTS.indexOf(r.verdict);
    nums[k++] = r.score;
    nums[k++] = r.reasons.length;
    for (const x of r.reasons) {
      nums[k++] = intern(x.code);
      nums[k++] = x.weight;
    }
    nums[k++] = r.brands.length;
    for (const b of r.brands) nums[k++] = intern(b);
  }
  return { nums, strs };
}

export function decodeCodes(nums: Int32Array, strs: readonly string[], count: number): CodesResult[] {
  const out: CodesResult[] = new Array(count);
  let k = 0;
  for (let i = 0; i < count; i++) {
    const verdict = VERDICTS[nums[k++] as number] as CodesResult['verdict'];
    const score = nums[k++] as number;
    const nr = nums[k++] as number;
    const reasons: CodesResult['reasons'] = new Array(nr);
    for (let j = 0; j < nr; j++) {
      const code = strs[nums[k++] as number] as string;
      reasons[j] = { code, weight: nums[k++] as number };
    }
    const nb = nums[k++] as number;
    const brands: string[] = new Array(nb);
    for (let j = 0; j < nb; j++) brands[j] = strs[nums[k++] as number] as string;
    out[i] = { verdict, score, reasons, brands };
  }
  return out;
}
