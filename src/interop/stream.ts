import type { ServerResponse } from 'node:http';
import type { Principal } from '../auth/service.js';
import type { Bus } from '../bus/bus.js';
import type { Database } from '../db/database.js';
import { KobanError } from '../errors/catalogue.js';
import { CursorCodec } from '../taxii/cursor.js';
import type { ReportPosition, VisibleReport, VisibleReports } from './visible-reports.js';

/** Binds stream cursors to this use, so a TAXII `next` token is never a valid Last-Event-ID. */
const CURSOR_BINDING = 'interop.stream';
/** A client this far behind is disconnected (it resumes with Last-Event-ID) rather than buffered without end. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

interface Deps {
  database: Database;
  bus: Bus;
  reports: VisibleReports;
}

/** What a subscriber receives per report: enough to act on, nothing a partner should not see. */
export function reportEventOf(report: VisibleReport) {
  return {
    id: report.id,
    kind: report.kind,
    tlp: report.marking.tlp,
    reporter: { orgId: report.orgId, name: report.orgName },
    title: report.title,
    observedAt: report.observedAt,
    createdAt: report.createdAt,
    indicators: report.sightings,
  };
}

/**
 * Server-Sent Events of new reports a caller may see. Each connection subscribes to the bus's
 * `report.created`, reads the new reports through `VisibleReports` (SQL twin + `canSee`) with the
 * caller's viewer and sends only those. Event ids are signed report cursors: a reconnect with
 * `Last-Event-ID` first replays what was missed, then continues live. One hub per HTTP server, so
 * the server's shutdown can end every open stream.
 */
export class ReportStreamHub {
  private readonly open = new Set<ServerResponse>();
  private codec: Promise<CursorCodec> | undefined;

  constructor(private readonly deps: Deps) {}

  /** The resume position of a Last-Event-ID, or a 400 the caller sees before the stream opens. */
  async resumePosition(lastEventId: string | undefined): Promise<ReportPosition | undefined> {
    if (lastEventId === undefined || lastEventId === '') return undefined;
    const key = (await this.cursorCodec()).decode(CURSOR_BINDING, lastEventId);
    if (!key)
      throw new KobanError('invalid_cursor', 'Last-Event-ID: use the id of an event this stream sent');
    return { at: key.at, id: key.report };
  }

  /** Takes over the response until the client leaves or the server shuts down. */
  async serve(
    principal: Principal,
    res: ServerResponse,
    from: ReportPosition | undefined,
    options: { heartbeatMs: number; requestId: string },
  ): Promise<void> {
    const codec = await this.cursorCodec();
    const sent = new Set<string>();
    let replaying = true;
    let queue = Promise.resolve();
    const send = (reports: readonly VisibleReport[]) => {
      for (const report of reports) {
        if (sent.has(report.id) || res.writableEnded) continue;
        if (replaying) sent.add(report.id);
        const id = codec.encode(CURSOR_BINDING, { at: report.createdAt, report: report.id, ord: 0 });
        res.write(`id: ${id}\nevent: report\ndata: ${JSON.stringify(reportEventOf(report))}\n\n`);
      }
      this.deps.reports.auditRead(principal, 'interop.stream.read', reports);
      if (res.writableLength > MAX_BUFFERED_BYTES) res.end();
    };
    // Subscribed before the replay, so nothing created meanwhile falls between the two; `sent` dedupes.
    const unsubscribe = this.deps.bus.subscribe('report.created', (event) => {
      const ids = event.reports.map((r) => r.id);
      queue = queue
        .then(async () => {
          if (res.writableEnded) return;
          send(await this.deps.reports.batch(principal.viewer, { ids, limit: ids.length }));
        })
        .catch(() => {
          // A failed read ends this stream; the client resumes from its Last-Event-ID.
          res.end();
        });
    });
    const heartbeat = setInterval(() => {
      if (!res.writableEnded) res.write(': heartbeat\n\n');
    }, options.heartbeatMs);
    const cleanup = () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.open.delete(res);
    };
    res.on('close', cleanup);
    this.open.add(res);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'x-request-id': options.requestId,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // Reverse proxies (nginx) would otherwise hold events back in their buffers.
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    res.write(`retry: 5000\n: connected\n\n`);
    if (from) {
      queue = queue.then(async () => {
        for await (const batch of this.deps.reports.all(principal.viewer, undefined, from)) {
          if (res.writableEnded) return;
          send(batch);
        }
      });
    }
    queue = queue
      .then(() => {
        replaying = false;
      })
      .catch(() => {
        // A failed read ends this stream; the client resumes from its Last-Event-ID.
        res.end();
      });
    await queue;
  }

  /** Ends every open stream (server shutdown): clients see a clean end and reconnect elsewhere. */
  closeAll(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }

  private cursorCodec(): Promise<CursorCodec> {
    this.codec ??= CursorCodec.forDatabase(this.deps.database);
    return this.codec;
  }
}
