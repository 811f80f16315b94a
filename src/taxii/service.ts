import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/store.js';
import { type Principal, requireScope } from '../auth/service.js';
import type { Database } from '../db/database.js';
import type { ReportIntake } from '../reports/service.js';
import {
  type CollectionResource,
  collectionsFor,
  type ResolvedCollection,
  resolveCollection,
} from './collections.js';
import { CursorCodec } from './cursor.js';
import { notFound, STIX_MEDIA_TYPE, TaxiiError } from './protocol.js';
import type { ParsedQuery } from './query.js';
import { reportOfStixObject, type StixInput, versionOf } from './stix-intake.js';
import type { Entry } from './stix-objects.js';
import { TaxiiStore } from './store.js';

export interface TaxiiPage {
  entries: Entry[];
  more: boolean;
  next?: string;
}

export interface StatusResource {
  id: string;
  status: 'complete' | 'pending';
  request_timestamp: string;
  total_count: number;
  success_count: number;
  successes: { id: string; version: string; message?: string }[];
  failure_count: number;
  failures: { id: string; version: string; message: string }[];
  pending_count: number;
}

/** Objects per POST: TAXII clients batch; the intake handles 10,000 reports in one call comfortably. */
export const MAX_POSTED_OBJECTS = 10_000;

interface Deps {
  database: Database;
  audit: AuditLog;
  intake: ReportIntake;
  now: () => Date;
}

/** TAXII 2.1 reads and writes over Koban reports, all through the one access policy. */
export class TaxiiService {
  private readonly store: TaxiiStore;
  private codec: Promise<CursorCodec> | undefined;

  constructor(private readonly deps: Deps) {
    this.store = new TaxiiStore(deps.database, deps.audit);
  }

  async collections(principal: Principal): Promise<CollectionResource[]> {
    return (await collectionsFor(this.deps.database, principal)).map((c) => c.resource);
  }

  async collection(principal: Principal, id: string): Promise<CollectionResource> {
    return (await resolveCollection(this.deps.database, principal, id)).resource;
  }

  /** Objects (and manifest entries: the same stream) of a collection, one page. */
  async page(principal: Principal, collectionId: string, query: ParsedQuery): Promise<TaxiiPage> {
    const collection = await this.readable(principal, collectionId);
    const codec = await this.cursorCodec();
    const binding = `${collectionId}|${query.binding}`;
    let after: ReturnType<CursorCodec['decode']> | undefined;
    if (query.next !== undefined) {
      after = codec.decode(binding, query.next);
      if (!after)
        throw new TaxiiError(
          400,
          'Bad Request',
          'next: use the value from the previous page, with the same filters',
          'invalid_cursor',
        );
    }
    const page = await this.store.page(
      principal,
      collection.scope,
      query.filter,
      after ?? undefined,
      query.limit,
    );
    const last = page.entries.at(-1);
    return { ...page, ...(page.more && last ? { next: codec.encode(binding, last.key) } : {}) };
  }

  /** One object's versions (object by id, `/versions/`): 404 when the caller can see none of them. */
  async objectPage(
    principal: Principal,
    collectionId: string,
    objectId: string,
    query: ParsedQuery,
  ): Promise<TaxiiPage> {
    const scoped = { ...query, filter: { ...query.filter, ids: new Set([objectId]) } };
    const page = await this.page(principal, collectionId, scoped);
    if (page.entries.length === 0 && query.next === undefined) {
      // Absent, hidden and filtered-out all look the same unless some version is visible at all.
      const any = await this.page(principal, collectionId, {
        ...scoped,
        next: undefined,
        limit: 1,
        filter: { ids: new Set([objectId]), version: 'all', specVersionMatches: true },
      });
      if (any.entries.length === 0) throw notFound('object');
    }
    return page;
  }

  /** POST objects: each indicator or observable becomes a report through the real intake. */
  async add(principal: Principal, collectionId: string, envelope: unknown): Promise<StatusResource> {
    const collection = await resolveCollection(this.deps.database, principal, collectionId);
    if (!collection.resource.can_write)
      throw new TaxiiError(403, 'Forbidden', 'This collection is not writable for your API key', 'forbidden');
    requireScope(principal, 'reports:write');
    const objects = objectsOf(envelope);
    const requested = this.deps.now().toISOString();
    const mapped = objects.map((o) => ({
      object: o,
      mapped: reportOfStixObject(o, collection.intakeGroups),
    }));
    const submissions = mapped.flatMap((m) => (m.mapped.ok ? [m.mapped.report] : []));
    const results = await this.deps.intake.submit(principal, submissions);
    const status: StatusResource = {
      id: randomUUID(),
      status: 'complete',
      request_timestamp: requested,
      total_count: objects.length,
      success_count: 0,
      successes: [],
      failure_count: 0,
      failures: [],
      pending_count: 0,
    };
    let next = 0;
    for (const { object, mapped: m } of mapped) {
      const id = typeof object.id === 'string' ? object.id : '';
      const version = versionOf(object);
      if (!m.ok) {
        status.failures.push({ id, version, message: m.message });
        continue;
      }
      const result = results[next++];
      if (result && result.status !== 'invalid') {
        const verb = result.status === 'created' ? 'created' : 'already present as';
        status.successes.push({ id, version, message: `${verb} Koban report ${result.id}` });
      } else {
        const reasons =
          result?.status === 'invalid' ? result.errors.map((e) => `${e.field}: ${e.reason}`) : [];
        status.failures.push({
          id,
          version,
          message: `rejected by intake: ${reasons.join('; ') || 'invalid'}`,
        });
      }
    }
    status.success_count = status.successes.length;
    status.failure_count = status.failures.length;
    await this.deps.database.db
      .insertInto('taxii_status')
      .values({ id: status.id, org_id: principal.orgId, created_at: requested, body: JSON.stringify(status) })
      .execute();
    return status;
  }

  /** A status resource is its poster's: other organizations get 404, as for anything they may not see. */
  async status(principal: Principal, id: string): Promise<StatusResource> {
    const row = await this.deps.database.db
      .selectFrom('taxii_status')
      .select(['org_id', 'body'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || row.org_id !== principal.orgId) throw notFound('status');
    return JSON.parse(row.body) as StatusResource;
  }

  private async readable(principal: Principal, collectionId: string): Promise<ResolvedCollection> {
    const collection = await resolveCollection(this.deps.database, principal, collectionId);
    if (!collection.resource.can_read)
      throw new TaxiiError(403, 'Forbidden', 'Your API key lacks the reports:read scope', 'forbidden');
    return collection;
  }

  private cursorCodec(): Promise<CursorCodec> {
    this.codec ??= CursorCodec.forDatabase(this.deps.database);
    return this.codec;
  }
}

export const MANIFEST_MEDIA_TYPE = STIX_MEDIA_TYPE;

function objectsOf(envelope: unknown): StixInput[] {
  const objects = (envelope as { objects?: unknown } | null)?.objects;
  if (!Array.isArray(objects) || objects.length === 0)
    throw new TaxiiError(
      400,
      'Bad Request',
      'The body must be an envelope with a non-empty "objects" list',
      'validation_failed',
    );
  if (objects.length > MAX_POSTED_OBJECTS)
    throw new TaxiiError(
      413,
      'Payload Too Large',
      `At most ${MAX_POSTED_OBJECTS} objects per request`,
      'batch_too_large',
    );
  return objects.map((o) => (o && typeof o === 'object' && !Array.isArray(o) ? (o as StixInput) : {}));
}
