/**
 * Worker threads for the SMS batch route: the check is pure and CPU-bound, so large batches are
 * split into chunks checked on other cores while the event loop parses and serializes.
 *
 * Each worker keeps its own copy of the index's check state (`WorkerState`: brands, benign domains,
 * list entries with their audiences), sent once per index generation before the first chunk that
 * needs it. A chunk carries the caller's identity (the `Viewer` the index filters by) and the
 * texts; the worker answers through the same `ViewerLists` / `ViewerNumbers` as the inline path,
 * so a caller never gets a hit it may not see. Answers: the messages' JSON items in the answer's
 * mode, already UTF-8, and their verdicts (`batch-json.ts`), so the event loop only joins bytes.
 *
 * When every worker is already busy with other batches, the event loop checks the last chunk of a
 * new batch itself (after posting the others): on a small machine it is otherwise mostly idle,
 * waiting for the workers.
 *
 * Workers start on the first pooled batch and end on `close()`. A worker that crashes (or fails to
 * start) is dropped and replaced by the next batch; its chunks are checked inline, so no answer is
 * lost.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { SmsCheckResult, SmsMessage } from '../core/detect/sms-check.js';
import type { Viewer } from '../sharing/policy.js';
import { BatchItemSerializers, type WrittenItems, writeItems } from './batch-json.js';
import type { FromWorker, ToWorker, WireViewer } from './check-protocol.js';
import type { WorkerState } from './protection-data.js';
import type { BatchMode } from './schemas.js';

/** Batches with fewer checkable messages than this are checked inline (no hop). */
export const POOL_MIN_BATCH = 64;
/** Most messages per chunk: big enough to amortize a hop, small enough to spread over workers. */
const CHUNK = 250;

/** A batch's answers: each message's JSON item (UTF-8, in the answer's mode) and verdict, in order. */
export interface PooledBatch {
  items: Uint8Array[];
  /** 0 block, 1 warn, 2 allow (see batch-json.ts). */
  verdicts: Uint8Array;
}

/** The compiled worker: next to this module, or under dist/ when the sources run as TypeScript (tests). */
function workerUrl(): URL {
  const here = new URL(import.meta.url);
  if (here.pathname.endsWith('.js')) return new URL('./check-worker.js', here);
  const built = new URL('../../dist/src/protection/check-worker.js', here);
  if (!existsSync(built)) throw new Error(`check worker not built (${built.pathname}); run npm run build`);
  return built;
}

interface Job {
  resolve: (m: FromWorker) => void;
  reject: (e: Error) => void;
}

class Slot {
  readonly worker: Worker;
  generation = -1;
  baseVersion = -1;
  readonly pending = new Map<number, Job>();
  dead = false;

  constructor(url: URL, onDead: (slot: Slot) => void) {
    this.worker = new Worker(url);
    // An idle pool never keeps the process alive (`close()` still ends it).
    this.worker.unref();
    this.worker.on('message', (m: FromWorker) => {
      const job = this.pending.get(m.id);
      if (job === undefined) return;
      this.pending.delete(m.id);
      job.resolve(m);
    });
    const die = (error: Error) => {
      if (this.dead) return;
      this.dead = true;
      onDead(this);
      for (const job of this.pending.values()) job.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', (e) => die(e instanceof Error ? e : new Error(String(e))));
    this.worker.on('exit', (code) => die(new Error(`check worker exited (${code})`)));
    this.worker.on('messageerror', (e) => die(e instanceof Error ? e : new Error(String(e))));
  }
}

export interface PoolStats {
  /** Chunks answered by a worker. */
  pooled: number;
  /** Chunks the event loop checked itself because every worker was busy. */
  onEventLoop: number;
  /** Chunks checked inline because their worker failed. */
  retriedInline: number;
  /** Workers that died and were dropped. */
  crashed: number;
}

export class CheckPool {
  private slots: Slot[] = [];
  private nextId = 1;
  private closed = false;
  readonly stats: PoolStats = { pooled: 0, onEventLoop: 0, retriedInline: 0, crashed: 0 };
  /** Serializes the answers this thread checks itself (its own chunk, a failed worker's). */
  private readonly serializers = new BatchItemSerializers();

  constructor(
    readonly size: number,
    private readonly onError?: (error: unknown) => void,
  ) {}

  /** Workers currently running (tests use this to simulate a crash). */
  get workers(): readonly Worker[] {
    return this.slots.map((s) => s.worker);
  }

  private fill(): void {
    if (this.closed) return;
    const url = workerUrl();
    while (this.slots.length < this.size)
      this.slots.push(
        new Slot(url, (dead) => {
          if (this.closed) return;
          this.stats.crashed++;
          this.slots = this.slots.filter((s) => s !== dead);
          this.onError?.(new Error('check worker died; its chunks are checked inline'));
        }),
      );
  }

  /** Items and verdicts of results checked on this thread. */
  private written(results: readonly SmsCheckResult[], mode: BatchMode): WrittenItems {
    return writeItems(results, this.serializers.item(mode), (r) => r.verdict);
  }

  /**
   * Checks `messages` for `viewer` against `state` on the workers, in chunks; a chunk whose worker
   * fails is checked by `inline` instead. Answers in message order, written in `mode`.
   */
  async check(
    state: WorkerState,
    viewer: Viewer,
    messages: readonly SmsMessage[],
    mode: BatchMode,
    inline: (messages: readonly SmsMessage[]) => SmsCheckResult[],
  ): Promise<PooledBatch> {
    if (!this.closed) {
      try {
        this.fill();
      } catch (error) {
        this.onError?.(error);
      }
    }
    const wire: WireViewer = {
      orgId: viewer.orgId,
      groupIds: [...viewer.groupIds],
      investigationAccess: viewer.investigationAccess,
    };
    const chunks = Math.max(this.slots.length, Math.ceil(messages.length / CHUNK));
    const per = Math.ceil(messages.length / chunks);
    const parts: Promise<WrittenItems>[] = [];
    // Every worker already busy with other batches: the event loop checks this batch's last chunk
    // itself (after posting the rest) instead of queueing it.
    const busy = this.slots.length > 0 && this.slots.every((s) => s.pending.size > 0);
    let own: { at: number; slice: readonly SmsMessage[] } | undefined;
    for (let from = 0; from < messages.length; from += per) {
      const slice = messages.slice(from, from + per);
      if (busy && from + per >= messages.length && from > 0) {
        own = { at: parts.length, slice };
        parts.push(Promise.resolve(this.written([], mode)));
        continue;
      }
      parts.push(
        this.send(state, wire, slice, mode).catch((error) => {
          if (!this.closed) this.onError?.(error);
          this.stats.retriedInline++;
          return this.written(inline(slice), mode);
        }),
      );
    }
    if (own !== undefined) {
      this.stats.onEventLoop++;
      parts[own.at] = Promise.resolve(this.written(inline(own.slice), mode));
    }
    const items: Uint8Array[] = [];
    const verdicts = new Uint8Array(messages.length);
    for (const part of await Promise.all(parts)) {
      verdicts.set(part.verdicts, items.length);
      let start = 0;
      for (const end of part.ends) {
        items.push(part.bytes.subarray(start, end));
        start = end;
      }
    }
    return { items, verdicts };
  }

  private send(
    state: WorkerState,
    viewer: WireViewer,
    messages: readonly SmsMessage[],
    mode: BatchMode,
  ): Promise<WrittenItems> {
    let slot: Slot | undefined;
    for (const s of this.slots) if (slot === undefined || s.pending.size < slot.pending.size) slot = s;
    if (slot === undefined) return Promise.reject(new Error('no check worker'));
    const w = slot;
    if (w.generation !== state.generation || w.baseVersion !== state.baseVersion) {
      w.worker.postMessage({ type: 'state', state } satisfies ToWorker);
      w.generation = state.generation;
      w.baseVersion = state.baseVersion;
    }
    const texts: (string | null)[] = new Array(messages.length * 2);
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i] as SmsMessage;
      texts[2 * i] = m.sender ?? null;
      texts[2 * i + 1] = m.body;
    }
    const id = this.nextId++;
    return new Promise<FromWorker>((resolve, reject) => {
      w.pending.set(id, { resolve, reject });
      w.worker.postMessage({
        type: 'check',
        id,
        generation: state.generation,
        viewer,
        mode,
        texts,
      } satisfies ToWorker);
    }).then((m) => {
      if ('error' in m) throw new Error(`check worker: ${m.error}`);
      this.stats.pooled++;
      return { bytes: m.bytes, ends: m.ends, verdicts: m.verdicts };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
