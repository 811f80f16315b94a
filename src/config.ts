import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface KobanConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: string;
  /** Requests per minute per API key. */
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  batchBodyLimitBytes: number;
  /** Most reports accepted in one batch request. */
  maxBatchItems: number;
  /** Worker threads for large SMS check batches; 0 checks them on the event loop. */
  checkWorkers: number;
  /** Fraud events per minute per API key (payment apps call once per transaction). */
  fraudRateLimitPerMinute: number;
  /** SMTP server for e-mail notices to account holders (`smtp://` or `smtps://`); none: webhooks only. */
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** Fraud window-state snapshots are written this often (and at shutdown). */
  fraudSnapshotSeconds: number;
  /** Webhooks may target loopback and private addresses (single-machine setups, tests); default no. */
  webhooksAllowPrivate: boolean;
  /** Days before a log's typical expiry by which a preservation request must go out. */
  preservationMarginDays: number;
  /** Preservation-deadline notices are scanned this often (by `serve`). */
  deadlineScanSeconds: number;
  /** Absolute URL under which the public advisory pages are reached (links in feeds and pages). */
  publicBaseUrl: string;
  /** Lifetime of a console session made from an API key (it also ends when the key is revoked). */
  sessionHours: number;
  /** Directory of the built web console (`npm run build` writes dist/console); absent: API only. */
  consoleDir: string;
}

export class ConfigError extends Error {}

/** `dist/console` next to the compiled server, whether this file runs from dist/src or (tests) from src. */
function defaultConsoleDir(): string {
  const parent = fileURLToPath(new URL('..', import.meta.url));
  return basename(parent) === 'dist' ? join(parent, 'console') : join(parent, 'dist', 'console');
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  }
  return value;
}

/** Every setting Koban reads from the environment, validated in one place. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<KobanConfig> = {},
): KobanConfig {
  const databaseUrl = env.KOBAN_DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('KOBAN_DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const smtpUrl = env.KOBAN_SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) {
    throw new ConfigError('KOBAN_SMTP_URL must be an smtp:// or smtps:// URL');
  }
  const publicBaseUrl = (env.KOBAN_PUBLIC_BASE_URL || 'http://localhost:8080').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(publicBaseUrl)) {
    throw new ConfigError('KOBAN_PUBLIC_BASE_URL must be an absolute http(s) URL without query or fragment');
  }
  const logLevel = env.KOBAN_LOG_LEVEL ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`KOBAN_LOG_LEVEL "${logLevel}" is not a pino level`);
  }
  return {
    host: env.KOBAN_HOST || '127.0.0.1',
    port: intFrom(env, 'KOBAN_PORT', 8080, 0, 65535),
    dataDir: resolve(env.KOBAN_DATA_DIR || './data'),
    databaseUrl,
    logLevel,
    rateLimitPerMinute: intFrom(env, 'KOBAN_RATE_LIMIT_PER_MINUTE', 6000, 1, 10_000_000),
    bodyLimitBytes: intFrom(env, 'KOBAN_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    batchBodyLimitBytes: intFrom(
      env,
      'KOBAN_BATCH_BODY_LIMIT_BYTES',
      32 * 1024 * 1024,
      1024,
      1024 * 1024 * 1024,
    ),
    maxBatchItems: intFrom(env, 'KOBAN_MAX_BATCH_ITEMS', 5000, 1, 1_000_000),
    checkWorkers: intFrom(env, 'KOBAN_CHECK_WORKERS', Math.max(1, availableParallelism() - 1), 0, 256),
    fraudRateLimitPerMinute: intFrom(env, 'KOBAN_FRAUD_RATE_LIMIT_PER_MINUTE', 1_200_000, 1, 100_000_000),
    smtpUrl,
    smtpFrom: env.KOBAN_SMTP_FROM || 'Koban <noreply@koban.invalid>',
    fraudSnapshotSeconds: intFrom(env, 'KOBAN_FRAUD_SNAPSHOT_SECONDS', 300, 5, 86_400),
    webhooksAllowPrivate: ['1', 'true', 'yes'].includes(
      (env.KOBAN_WEBHOOKS_ALLOW_PRIVATE ?? '').toLowerCase(),
    ),
    preservationMarginDays: intFrom(env, 'KOBAN_PRESERVATION_MARGIN_DAYS', 7, 0, 365),
    deadlineScanSeconds: intFrom(env, 'KOBAN_DEADLINE_SCAN_SECONDS', 3_600, 10, 86_400),
    publicBaseUrl,
    sessionHours: intFrom(env, 'KOBAN_SESSION_HOURS', 12, 1, 720),
    consoleDir: resolve(env.KOBAN_CONSOLE_DIR || defaultConsoleDir()),
    ...overrides,
  };
}
