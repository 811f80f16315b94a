import type { Koban } from '../../app/container.js';
import { requireScope } from '../../auth/service.js';
import { KobanError } from '../../errors/catalogue.js';
import { ImportAbortedError, ImportUsageError, type ItemOutcome, type SubmitChunk } from './types.js';

/** Local mode: the store is opened in-process and the key is checked exactly as the HTTP API would. */
export async function localTarget(koban: Koban, apiKey: string): Promise<SubmitChunk> {
  let principal: Awaited<ReturnType<Koban['auth']['authenticate']>>;
  try {
    principal = await koban.auth.authenticate(`Bearer ${apiKey}`);
    requireScope(principal, 'reports:write');
  } catch (error) {
    if (error instanceof KobanError) throw new ImportUsageError(`the API key was rejected: ${error.message}`);
    throw error;
  }
  return async (items) => {
    const results = await koban.intake.submit(principal, items);
    return results.map((r) =>
      r.status === 'invalid' ? { status: r.status, errors: r.errors } : { status: r.status },
    );
  };
}

export interface RemoteOptions {
  /** Retries of one chunk after a network error, 5xx or 429 (default 5). */
  retries?: number;
  /** First backoff delay in ms; doubles per retry, with jitter (default 500). */
  backoffMs?: number;
  /** Per-request timeout in ms (default 120 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Called before each retry, e.g. to tell the user. */
  onRetry?: (attempt: number, reason: string, delayMs: number) => void;
}

const MAX_RETRY_AFTER_MS = 5 * 60_000;

export function batchUrl(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new ImportUsageError(
      `--server must be an http(s) URL such as http://127.0.0.1:8080 (got "${server}")`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ImportUsageError(`--server must be an http(s) URL (got "${server}")`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/v1/reports:batch`;
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(at - now, 0), MAX_RETRY_AFTER_MS);
}

/**
 * Remote mode: chunks go to POST /v1/reports:batch. A chunk is retried on network errors, 5xx and
 * 429 (honouring Retry-After); resending is safe because every item carries an externalId.
 */
export function remoteTarget(server: string, apiKey: string, options: RemoteOptions = {}): SubmitChunk {
  const url = batchUrl(server);
  const retries = options.retries ?? 5;
  const base = options.backoffMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const backoff = (attempt: number) => Math.min(30_000, base * 2 ** attempt) * (0.5 + Math.random() / 2);

  return async (items) => {
    const body = JSON.stringify({ items });
    for (let attempt = 0; ; attempt++) {
      const retry = async (reason: string, delay = backoff(attempt)) => {
        if (attempt >= retries) throw new ImportAbortedError(`${reason} (gave up after ${retries} retries)`);
        options.onRetry?.(attempt + 1, reason, delay);
        await sleep(delay);
      };
      let response: Response;
      let answer: unknown;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${apiKey}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        // The body is read here too: a connection lost mid-answer is a network error like any other.
        if (response.ok) answer = await response.json();
      } catch (error) {
        await retry(`cannot reach ${url}: ${describeNetworkError(error)}`);
        continue;
      }
      if (response.ok) return outcomesOf(answer, items.length);
      const retryable = response.status >= 500 || response.status === 429;
      if (retryable && attempt < retries) {
        await response.body?.cancel().catch(() => undefined);
        await retry(
          `HTTP ${response.status}`,
          retryAfterMs(response.headers.get('retry-after')) ?? backoff(attempt),
        );
        continue;
      }
      const detail = await problemDetail(response);
      if (response.status === 401 || response.status === 403) {
        throw new ImportUsageError(`the server rejected the API key: ${detail}`);
      }
      if (response.status === 413) {
        throw new ImportAbortedError(
          `the server refused a chunk as too large (${detail}); use a smaller --chunk-size`,
        );
      }
      const after = retryable ? ` (gave up after ${retries} retries)` : '';
      throw new ImportAbortedError(`the server answered HTTP ${response.status}: ${detail}${after}`);
    }
  };
}

function outcomesOf(body: unknown, expected: number): ItemOutcome[] {
  const results = (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(results) || results.length !== expected) {
    throw new ImportAbortedError(`unexpected answer from the server: expected ${expected} results`);
  }
  const outcomes: ItemOutcome[] = new Array(expected);
  results.forEach((r: { index?: number; status?: string; errors?: ItemOutcome['errors'] }, i) => {
    const index = typeof r.index === 'number' ? r.index : i;
    const status = r.status === 'created' || r.status === 'duplicate' ? r.status : 'invalid';
    outcomes[index] = status === 'invalid' ? { status, errors: r.errors ?? [] } : { status };
  });
  return outcomes;
}

function describeNetworkError(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'request timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}

async function problemDetail(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const problem = JSON.parse(text) as { detail?: string; title?: string };
    return problem.detail ?? problem.title ?? text.slice(0, 200);
  } catch {
    return text.slice(0, 200) || response.statusText;
  }
}
