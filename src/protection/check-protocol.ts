/**
 * Messages between the batch route's pool (`check-pool.ts`) and its workers (`check-worker.ts`).
 * Answers come back as the messages' JSON items in UTF-8, written by the worker in the answer's
 * mode, with where each ends and the verdicts (see batch-json.ts); all three are transferred.
 */
import type { WorkerState } from './protection-data.js';
import type { BatchMode } from './schemas.js';

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
      /** How the items are written (`reasons=codes`, `lang=ja|en`, or every text). */
      mode: BatchMode;
      /** Flat: sender (null when absent), body, sender, body, … */
      texts: (string | null)[];
    };

export type FromWorker =
  | { id: number; bytes: Uint8Array; ends: Uint32Array; verdicts: Uint8Array }
  | { id: number; error: string };
