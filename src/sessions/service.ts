import { createHash, randomBytes } from 'node:crypto';
import type { AuditLog } from '../audit/store.js';
import type { AuthService, Principal } from '../auth/service.js';
import { type Database, transact } from '../db/database.js';
import { KobanError } from '../errors/catalogue.js';

export const SESSION_COOKIE = 'koban_session';
/** The console sends this header with every cookie-authenticated call (see `principalOfRequest`). */
export const CSRF_HEADER = 'x-koban-csrf';

interface Deps {
  database: Database;
  audit: AuditLog;
  auth: AuthService;
  now: () => Date;
  /** Lifetime of a new session. */
  ttlMs: number;
  /** Sessions are cached this long per process, like keys in AuthService. */
  cacheMs?: number;
}

export interface CreatedSession {
  /** Goes into the cookie only; never stored. */
  token: string;
  expiresAt: string;
  principal: Principal;
}

interface CachedSession {
  keyId: string;
  expiresAt: number;
  loadedAt: number;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Console sessions. An API key typed once becomes a random 256-bit token in an HttpOnly cookie, so
 * the key itself never sits in the browser's storage where a script could read it. A session is
 * only as strong as its key: every use re-checks the key (revoked or expired ends the session).
 */
export class SessionService {
  private readonly cache = new Map<string, CachedSession>();

  constructor(private readonly deps: Deps) {}

  async create(apiKey: string): Promise<CreatedSession> {
    const principal = await this.deps.auth.authenticate(`Bearer ${apiKey}`);
    const token = randomBytes(32).toString('base64url');
    const now = this.deps.now();
    const expiresAt = new Date(now.getTime() + this.deps.ttlMs).toISOString();
    await transact(this.deps.database, async (trx) => {
      // Expired rows are useless; dropping them here keeps the table at the size of live sessions.
      await trx.deleteFrom('console_sessions').where('expires_at', '<=', now.toISOString()).execute();
      await trx
        .insertInto('console_sessions')
        .values({
          token_hash: hashToken(token),
          key_id: principal.keyId,
          org_id: principal.orgId,
          created_at: now.toISOString(),
          expires_at: expiresAt,
        })
        .execute();
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'session.create',
          targetType: 'api_key',
          targetId: principal.keyId,
          details: { expiresAt },
        },
      ]);
    });
    return { token, expiresAt, principal };
  }

  async resolve(token: string): Promise<Principal> {
    if (!TOKEN_PATTERN.test(token)) throw expired();
    const hash = hashToken(token);
    const now = this.deps.now().getTime();
    let session = this.cache.get(hash);
    if (!session || now - session.loadedAt >= (this.deps.cacheMs ?? 5_000)) {
      const row = await this.deps.database.db
        .selectFrom('console_sessions')
        .select(['key_id', 'expires_at'])
        .where('token_hash', '=', hash)
        .executeTakeFirst();
      if (!row) {
        this.cache.delete(hash);
        throw expired();
      }
      session = { keyId: row.key_id, expiresAt: Date.parse(row.expires_at), loadedAt: now };
      this.cache.set(hash, session);
    }
    if (session.expiresAt <= now) throw expired();
    try {
      return await this.deps.auth.authenticateKeyId(session.keyId);
    } catch (error) {
      // For the console a revoked or expired key is an ended session: the user must log in again.
      if (error instanceof KobanError && error.code === 'unauthorized') throw expired(error.message);
      throw error;
    }
  }

  /** Logout: the row goes, so the cookie is worthless even if it was copied. */
  async end(token: string, principal: Principal): Promise<void> {
    const hash = hashToken(token);
    this.cache.delete(hash);
    await transact(this.deps.database, async (trx) => {
      const gone = await trx.deleteFrom('console_sessions').where('token_hash', '=', hash).executeTakeFirst();
      if (Number(gone.numDeletedRows) === 0) return;
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'session.end',
          targetType: 'api_key',
          targetId: principal.keyId,
          details: {},
        },
      ]);
    });
  }
}

function expired(why = 'The console session has expired or was ended'): KobanError {
  return new KobanError('session_expired', `${why}; log in again`);
}
