import { sql } from 'kysely';
import type { Bus } from '../bus/bus.js';
import type { Database } from './database.js';

/**
 * Keeps PostgreSQL planner statistics fresh after bulk intake. Autovacuum analyzes too, but only
 * after its nap and threshold; until then a freshly loaded table is planned as if it were empty.
 * SQLite needs nothing here: its planner relies on the indexes alone.
 */
export class StatisticsMaintainer {
  private sinceLastAnalyze = 0;
  private running: Promise<void> | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly database: Database,
    bus: Bus,
    private readonly threshold = 10_000,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.unsubscribe =
      database.engine === 'postgres'
        ? bus.subscribe('report.created', (event) => this.count(event.reports.length))
        : () => {};
  }

  private count(reports: number): void {
    this.sinceLastAnalyze += reports;
    if (this.sinceLastAnalyze < this.threshold || this.running) return;
    this.sinceLastAnalyze = 0;
    this.running = sql`analyze reports, report_recipients, report_sharing_groups, indicators, sightings`
      .execute(this.database.db)
      .then(
        () => undefined,
        (error: unknown) => this.onError(error),
      )
      .finally(() => {
        this.running = null;
      });
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.running;
  }
}
