import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/database.js';
import type { EntryKey } from './stix-objects.js';

/**
 * Stateless TAXII `next` tokens: the position of the last object served (date_added, report id,
 * position in the report), bound to the collection and filters it was issued for, and signed, so
 * any node behind a load balancer can continue a page without server-side state, and a token
 * cannot be edited or replayed against another query.
 */
export class CursorCodec {
  constructor(private readonly secret: Buffer) {}

  /** One secret per installation, stored in the database so every node signs and checks alike. */
  static async forDatabase(database: Database): Promise<CursorCodec> {
    const key = 'taxii.cursor_secret';
    await database.db
      .insertInto('koban_meta')
      .values({ key, value: randomBytes(32).toString('base64url') })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await database.db
      .selectFrom('koban_meta')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    return new CursorCodec(Buffer.from(row.value, 'base64url'));
  }

  encode(query: string, position: EntryKey): string {
    const body = Buffer.from(JSON.stringify([position.at, position.report, position.ord]), 'utf8');
    return `${body.toString('base64url')}.${this.sign(query, body).toString('base64url')}`;
  }

  /** The position, or null when the token was not issued by this installation for this query. */
  decode(query: string, token: string): EntryKey | null {
    const [bodyText, signatureText, extra] = token.split('.');
    if (!bodyText || !signatureText || extra !== undefined) return null;
    const body = Buffer.from(bodyText, 'base64url');
    const signature = Buffer.from(signatureText, 'base64url');
    const expected = this.sign(query, body);
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return null;
    try {
      const [at, report, ord] = JSON.parse(body.toString('utf8')) as unknown[];
      if (typeof at === 'string' && typeof report === 'string' && Number.isInteger(ord))
        return { at, report, ord: ord as number };
    } catch {
      // a signed body is always ours; this only guards against a changed format
    }
    return null;
  }

  private sign(query: string, body: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(query).update('\n').update(body).digest().subarray(0, 16);
  }
}
