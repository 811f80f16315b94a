import { AuditLog } from '../audit/store.js';
import { AuthService } from '../auth/service.js';
import { type Bus, InProcessBus } from '../bus/bus.js';
import type { KobanConfig } from '../config.js';
import { createIdGenerator } from '../core/ids.js';
import { type Database, migrateToLatest, openDatabase } from '../db/database.js';
import { StatisticsMaintainer } from '../db/maintenance.js';
import { IndicatorQueries } from '../indicators/service.js';
import { OrganizationService } from '../orgs/service.js';
import { ReportQueries } from '../reports/reads.js';
import { ReportIntake } from '../reports/service.js';
import { SqliteReportWriter } from '../reports/sqlite-writer.js';
import { KyselyReportWriter } from '../reports/store.js';
import { SharingGroupService } from '../sharing/service.js';

/** Every long-lived object of a Koban process, wired explicitly in one place. */
export interface Koban {
  config: KobanConfig;
  database: Database;
  bus: Bus;
  audit: AuditLog;
  auth: AuthService;
  orgs: OrganizationService;
  groups: SharingGroupService;
  intake: ReportIntake;
  reports: ReportQueries;
  indicators: IndicatorQueries;
  close(): Promise<void>;
}

export interface ContainerOptions {
  /** Provided by tests to share one database or to pin time. */
  database?: Database;
  now?: () => Date;
  migrate?: boolean;
}

export async function createKoban(config: KobanConfig, options: ContainerOptions = {}): Promise<Koban> {
  const database =
    options.database ?? openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  if (options.migrate !== false) await migrateToLatest(database.db);
  const now = options.now ?? (() => new Date());
  const newId = createIdGenerator(() => now().getTime());
  const bus = new InProcessBus();
  const audit = new AuditLog(database, now);
  const auth = new AuthService(database, 5_000, () => now().getTime());
  const base = { database, audit, auth, newId, now };
  const statistics = new StatisticsMaintainer(database, bus);
  return {
    config,
    database,
    bus,
    audit,
    auth,
    orgs: new OrganizationService(base),
    groups: new SharingGroupService(base),
    intake: new ReportIntake({
      ...base,
      bus,
      writer: database.sqlite ? new SqliteReportWriter(database.sqlite) : new KyselyReportWriter(),
    }),
    reports: new ReportQueries(base),
    indicators: new IndicatorQueries(base),
    async close() {
      await statistics.close();
      await bus.close();
      if (!options.database) await database.close();
    },
  };
}
