import { basename, join } from 'node:path';
import { Advisories } from '../advisories/module.js';
import { Attributions } from '../attribution/service.js';
import { AttributionSuggester } from '../attribution/suggestions.js';
import { AuditLog } from '../audit/store.js';
import { AuthService } from '../auth/service.js';
import { type Bus, InProcessBus } from '../bus/bus.js';
import type { KobanConfig } from '../config.js';
import { ConsoleDashboard } from '../console/dashboard.js';
import { createIdGenerator } from '../core/ids.js';
import { CampaignGraph } from '../correlation/graph.js';
import { CorrelationProcessor } from '../correlation/processor.js';
import { BackgroundCheckpointer, checkpointWorkerAvailable } from '../db/checkpointer.js';
import { type Database, migrateToLatest, openDatabase } from '../db/database.js';
import { StatisticsMaintainer } from '../db/maintenance.js';
import { FraudModule, type FraudModuleOptions } from '../fraud/module.js';
import { IndicatorQueries } from '../indicators/service.js';
import { InfrastructureFlags } from '../infrastructure/service.js';
import { InteropService } from '../interop/service.js';
import { InvestigationModule } from '../investigation/module.js';
import { KnowledgeService } from '../knowledge/service.js';
import { OrganizationService } from '../orgs/service.js';
import { Protection } from '../protection/service.js';
import type { ChunkWriter } from '../reports/chunk.js';
import { ReportQueries } from '../reports/reads.js';
import { ReportIntake } from '../reports/service.js';
import { SqliteReportWriter } from '../reports/sqlite-writer.js';
import { KyselyReportWriter } from '../reports/store.js';
import { TransactionalChunkWriter } from '../reports/transactional-writer.js';
import { intakeWorkerAvailable, WorkerChunkWriter } from '../reports/worker-chunk-writer.js';
import { SessionService } from '../sessions/service.js';
import { SharingGroupService } from '../sharing/service.js';
import { ReportStatistics } from '../statistics/service.js';
import { TaxiiService } from '../taxii/service.js';
import { TaxiiClient } from '../taxii-client/service.js';
import { WarninglistService } from '../warninglists/service.js';

/** Every long-lived object of a Koban process, wired explicitly in one place. */
export interface Koban {
  config: KobanConfig;
  database: Database;
  bus: Bus;
  audit: AuditLog;
  auth: AuthService;
  /** Console sessions made from an API key (HttpOnly cookie; src/sessions). */
  sessions: SessionService;
  orgs: OrganizationService;
  groups: SharingGroupService;
  intake: ReportIntake;
  reports: ReportQueries;
  indicators: IndicatorQueries;
  correlation: CorrelationProcessor;
  graph: CampaignGraph;
  knowledge: KnowledgeService;
  flags: InfrastructureFlags;
  attributions: Attributions;
  suggestions: AttributionSuggester;
  warninglists: WarninglistService;
  /** Real-time protection: in-memory index, checks, brands, feeds, lookalike alerts (started by `serve`, or on first check). */
  protection: Protection;
  /** Risk-based fraud decisions, rule sets, cases and notices (background work started by `serve`). */
  fraud: FraudModule;
  /** Log-source catalogue, preservation deadlines and notices, inquiries to providers (notice scan started by `serve`). */
  investigation: InvestigationModule;
  /** Advisories drafted from campaigns: redaction, art. 47 approval, publication. */
  advisories: Advisories;
  /** Report and damage statistics for publication (suppressed small cells, SVG charts). */
  reportStatistics: ReportStatistics;
  /** TAXII 2.1 collections over reports (src/taxii). */
  taxii: TaxiiService;
  /** MISP feed and import, blocklists, CSV and the live stream (src/interop). */
  interop: InteropService;
  /** The web console's dashboard figures (src/console). */
  dashboard: ConsoleDashboard;
  /** Remote TAXII 2.1 sources: scheduled polling with checkpoints, push (src/taxii-client). */
  taxiiClient: TaxiiClient;
  close(): Promise<void>;
}

export interface ContainerOptions {
  /** Provided by tests to share one database or to pin time. */
  database?: Database;
  now?: () => Date;
  migrate?: boolean;
  /** SQLite files only: write intake chunks on a worker thread (default: when the compiled worker exists). */
  intakeWorker?: boolean;
  /** SQLite files: WAL checkpoints on a worker thread (default when the compiled worker exists). */
  backgroundCheckpoints?: boolean;
  /** Notice adapters for tests (a local webhook receiver, a fake SMTP server). */
  fraudAdapters?: FraudModuleOptions['adapters'];
  /** TAXII client tests: a fake network, or no wait between status polls. */
  taxiiClient?: {
    fetch?: typeof fetch;
    sleep?: (ms: number) => Promise<void>;
    tickMs?: number;
    pageLimit?: number;
  };
  /** Failures of work that no request waits for (read-audit flushes, correlation, bus handlers). */
  onBackgroundError?: (scope: string, error: unknown) => void;
}

/**
 * SQLite files get the worker writer (bulk intake off the server thread) when it is available;
 * PostgreSQL and in-memory SQLite write on the server's own connection.
 */
function chooseChunkWriter(
  database: Database,
  audit: AuditLog,
  now: () => Date,
  worker?: boolean,
): ChunkWriter {
  if (database.file && (worker ?? intakeWorkerAvailable())) return new WorkerChunkWriter(database.file, now);
  const rows = database.sqlite ? new SqliteReportWriter(database.sqlite) : new KyselyReportWriter();
  return new TransactionalChunkWriter(database, audit, rows);
}

export async function createKoban(config: KobanConfig, options: ContainerOptions = {}): Promise<Koban> {
  const database =
    options.database ?? openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  if (options.migrate !== false) await migrateToLatest(database);
  const now = options.now ?? (() => new Date());
  // Checkpoints of an embedded SQLite file run on their own thread, never inside a request's commit.
  const checkpointer =
    database.file && database.sqlite && checkpointWorkerAvailable() && options.backgroundCheckpoints !== false
      ? new BackgroundCheckpointer(database.file, database.sqlite, 500, (e) =>
          options.onBackgroundError?.('checkpoint', e),
        )
      : undefined;
  const newId = createIdGenerator(() => now().getTime());
  const report = options.onBackgroundError ?? (() => {});
  const bus = new InProcessBus((topic, error) => report(`bus:${topic}`, error));
  const audit = new AuditLog(database, now, (error) => report('audit', error));
  const auth = new AuthService(database, 5_000, () => now().getTime());
  const base = { database, audit, auth, newId, now };
  const statistics = new StatisticsMaintainer(database, bus);
  const chunkWriter = chooseChunkWriter(database, audit, now, options.intakeWorker);
  const intake = new ReportIntake({
    database,
    bus,
    writer: chunkWriter,
    newId,
    now,
    onItemError: (e) => report('intake', e),
  });
  const flags = new InfrastructureFlags({ ...base, onError: (error) => report('infrastructure', error) });
  const attributions = new Attributions(base);
  const warninglists = new WarninglistService({
    database,
    audit,
    now,
    onError: (error) => report('warninglists', error),
  });
  // Loaded before anything can correlate: links made without the lists or the flags would stay.
  await warninglists.start();
  await flags.start();
  const protection = new Protection({
    database,
    bus,
    audit,
    newId,
    now,
    // Embedded SQLite files keep the index snapshot next to the data; in-memory stores keep none.
    snapshotFile:
      basename(config.dataDir) === ':memory:' || (database.engine === 'sqlite' && !database.file)
        ? undefined
        : join(config.dataDir, 'protection-index.json'),
    checkWorkers: config.checkWorkers,
    onError: (error) => report('protection', error),
  });
  const inMemory =
    basename(config.dataDir) === ':memory:' || (database.engine === 'sqlite' && !database.file);
  const fraud = new FraudModule({
    database,
    audit,
    intake,
    newId,
    now,
    dataDir: inMemory ? undefined : config.dataDir,
    smtp: config.smtpUrl ? { url: config.smtpUrl, from: config.smtpFrom } : undefined,
    snapshotSeconds: config.fraudSnapshotSeconds,
    webhooksAllowPrivate: config.webhooksAllowPrivate,
    adapters: options.fraudAdapters,
    onError: (error) => report('fraud', error),
  });
  const correlation = new CorrelationProcessor(database, newId, {
    // Flagged crime infrastructure glues unrelated campaigns exactly like warninglisted values.
    isBenign: (type, value) => warninglists.isBenign(type, value) || flags.isInfrastructure(type, value),
    now,
    onError: (error) => report('correlation', error),
  });
  const graph = new CampaignGraph(database, attributions);
  const investigation = new InvestigationModule({
    database,
    audit,
    auth,
    graph,
    newId,
    now,
    marginDays: config.preservationMarginDays,
    scanSeconds: config.deadlineScanSeconds,
    onError: (error) => report('investigation', error),
  });
  await investigation.catalogue.seed();
  const interop = new InteropService({
    database,
    audit,
    intake,
    // Warninglisted values (a bank's own domain, public resolvers) must never be blocked.
    isBenign: (type, value) => warninglists.isBenign(type, value),
    now,
    bus,
    viewerFor: (orgId) => auth.viewerFor(orgId),
    newId,
    onError: (error) => report('interop', error),
    outbound: { allowPrivate: config.webhooksAllowPrivate },
  });
  interop.webhooks.start();
  const knowledge = new KnowledgeService({ database, audit, newId, now });
  const taxiiClient = new TaxiiClient({
    database,
    audit,
    intake,
    knowledge,
    viewerFor: (orgId) => auth.viewerFor(orgId),
    newId,
    now,
    // Sources are URLs an organization chose: the same rule as webhooks.
    outbound: { allowPrivate: config.webhooksAllowPrivate },
    fetch: options.taxiiClient?.fetch,
    sleep: options.taxiiClient?.sleep,
    pageLimit: options.taxiiClient?.pageLimit,
    onError: (error) => report('taxii-client', error),
  });
  taxiiClient.start(options.taxiiClient?.tickMs);
  return {
    config,
    database,
    bus,
    audit,
    auth,
    sessions: new SessionService({ database, audit, auth, now, ttlMs: config.sessionHours * 3_600_000 }),
    orgs: new OrganizationService(base),
    groups: new SharingGroupService(base),
    intake,
    reports: new ReportQueries(base),
    indicators: new IndicatorQueries({ ...base, flags }),
    flags,
    attributions,
    suggestions: new AttributionSuggester({
      database,
      attributions,
      audit,
      // Warninglists only: flagged values do not link, and that is exactly what suggestions look for.
      isBenign: (type, value) => warninglists.isBenign(type, value),
    }),
    correlation,
    graph,
    knowledge,
    warninglists,
    protection,
    fraud,
    investigation,
    advisories: new Advisories({ database, audit, graph, newId, now }),
    reportStatistics: new ReportStatistics(database),
    taxii: new TaxiiService({ database, audit, intake, now }),
    interop,
    dashboard: new ConsoleDashboard({ database, graph, now }),
    taxiiClient,
    async close() {
      await taxiiClient.stop();
      await interop.webhooks.stop();
      await investigation.stop();
      await correlation.stop();
      await protection.stop();
      await fraud.stop();
      await warninglists.stop();
      await flags.stop();
      await chunkWriter.close();
      await audit.close();
      await statistics.close();
      await bus.close();
      await checkpointer?.stop();
      if (!options.database) await database.close();
    },
  };
}
