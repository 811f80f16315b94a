/**
 * Moves WAL checkpoints of the embedded SQLite file off the threads that commit (see
 * checkpoint-worker.ts). The server's connection keeps a high automatic threshold only as a
 * safety net for when the worker cannot keep up.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** The compiled worker: next to this module, or under dist/ when the sources run as TypeScript (tests). */
function workerUrl(): URL {
  const here = new URL(import.meta.url);
  if (here.pathname.endsWith('.js')) return new URL('./checkpoint-worker.js', here);
  return new URL('../../dist/src/db/checkpoint-worker.js', here);
}
/** Pages (32 KiB each) after which a committing connection checkpoints itself anyway. */
const SAFETY_NET_PAGES = 16_000;

export function checkpointWorkerAvailable(): boolean {
  return existsSync(fileURLToPath(workerUrl()));
}

export class BackgroundCheckpointer {
  private readonly worker: Worker;

  constructor(file: string, server: SQLite.Database, intervalMs = 500, onError?: (error: unknown) => void) {
    server.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
    this.worker = new Worker(workerUrl(), { workerData: { file, intervalMs } });
    this.worker.unref();
    this.worker.on('message', (m: { error?: string }) => {
      if (m.error) onError?.(new Error(`WAL checkpoint: ${m.error}`));
    });
    this.worker.on('error', (e) => onError?.(e));
  }

  async stop(): Promise<void> {
    const stopped = new Promise<void>((resolve) => {
      this.worker.once('message', () => resolve());
      this.worker.once('exit', () => resolve());
    });
    this.worker.postMessage({ stop: true });
    await Promise.race([stopped, new Promise((r) => setTimeout(r, 2_000))]);
    await this.worker.terminate();
  }
}
