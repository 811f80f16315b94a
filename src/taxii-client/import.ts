import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/service.js';
import type { KnowledgeService } from '../knowledge/service.js';
import type { ReportIntake } from '../reports/service.js';
import type { Tlp } from '../sharing/policy.js';
import { reportOfStixObject, type StixInput, tlpOf } from '../taxii/stix-intake.js';

/**
 * One polled page into Koban, through the paths that already exist: an `indicator` becomes a report
 * through the real intake (normalization, marking checks, audit; `externalId` = `stix:<id>@<version>`,
 * so re-polling a page is a duplicate, never a second report); every other object is stored as is in
 * the knowledge base (lossless, idempotent by id and version). Each object that cannot be stored gets
 * its own failure; none stops the page.
 */

export interface ObjectFailure {
  id: string;
  type: string;
  reason: string;
}

export interface PageOutcome {
  /** Objects stored for the first time (or a newer version). */
  imported: number;
  /** Objects already present: a re-polled page. */
  unchanged: number;
  failures: ObjectFailure[];
}

export interface ImportSettings {
  sourceId: string;
  sourceName: string;
  defaultTlp: Tlp;
  sharingGroups: readonly string[];
}

interface Deps {
  intake: ReportIntake;
  knowledge: KnowledgeService;
}

/** The knowledge base is shared with every partner: only what every partner may see can go there. */
const PARTNER_WIDE: ReadonlySet<Tlp> = new Set(['CLEAR', 'GREEN', 'AMBER']);

const describe = (o: StixInput) => ({
  id: typeof o.id === 'string' ? o.id : '',
  type: typeof o.type === 'string' ? o.type : '',
});

/** Why an object may not enter the partner-wide knowledge base, or undefined when it may. */
function knowledgeRefusal(principal: Principal, o: StixInput, settings: ImportSettings): string | undefined {
  const scopes = principal.scopes as ReadonlySet<string>;
  if (!scopes.has('knowledge:write') && !scopes.has('admin'))
    return 'not stored: the source was registered by a key without knowledge:write, so only indicators are imported';
  // Marking definitions are vocabulary, not intelligence: they are what other objects point to.
  if (o.type === 'marking-definition') return undefined;
  if (settings.sharingGroups.length > 0)
    return 'not stored: the source shares with sharing groups only, and the knowledge base is partner-wide';
  const tlp = tlpOf(o, settings.defaultTlp);
  if (!PARTNER_WIDE.has(tlp))
    return `not stored: TLP:${tlp} objects cannot enter the knowledge base, which every partner reads`;
  return undefined;
}

export async function importPage(
  deps: Deps,
  principal: Principal,
  settings: ImportSettings,
  objects: readonly StixInput[],
): Promise<PageOutcome> {
  const outcome: PageOutcome = { imported: 0, unchanged: 0, failures: [] };
  const submissions: { object: StixInput; report: Record<string, unknown> }[] = [];
  const knowledge: StixInput[] = [];
  for (const o of objects) {
    if (typeof o.id !== 'string' || typeof o.type !== 'string') {
      outcome.failures.push({ ...describe(o), reason: 'not a STIX object: id and type are required' });
      continue;
    }
    if (o.type === 'indicator') {
      const mapped = reportOfStixObject(o, settings.sharingGroups, settings.defaultTlp);
      if (!mapped.ok) outcome.failures.push({ ...describe(o), reason: mapped.message });
      else {
        const details = mapped.report.details as Record<string, unknown>;
        submissions.push({
          object: o,
          report: {
            ...mapped.report,
            details: { ...details, source: 'taxii-poll', taxiiSource: settings.sourceId },
          },
        });
      }
      continue;
    }
    const refusal = knowledgeRefusal(principal, o, settings);
    if (refusal) outcome.failures.push({ ...describe(o), reason: refusal });
    else knowledge.push(o);
  }
  if (submissions.length > 0) {
    const results = await deps.intake.submit(
      principal,
      submissions.map((s) => s.report),
    );
    results.forEach((result, i) => {
      const object = submissions[i]!.object;
      if (result.status === 'created') outcome.imported++;
      else if (result.status === 'duplicate') outcome.unchanged++;
      else if (result.status === 'invalid')
        outcome.failures.push({
          ...describe(object),
          reason: `rejected by intake: ${result.errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}`,
        });
    });
  }
  if (knowledge.length > 0) {
    const report = await deps.knowledge.importBundle(
      principal,
      { type: 'bundle', id: `bundle--${randomUUID()}`, objects: knowledge },
      `taxii:${settings.sourceName}`.slice(0, 200),
    );
    for (const r of report.results) {
      if (r.status === 'created' || r.status === 'updated') outcome.imported++;
      else if (r.status === 'unchanged') outcome.unchanged++;
      else {
        const o = knowledge[r.index]!;
        const reasons = r.errors?.map((e) => `${e.field}: ${e.reason}`) ?? r.warnings ?? [];
        outcome.failures.push({ ...describe(o), reason: `${r.status}: ${reasons.join('; ') || r.status}` });
      }
    }
  }
  return outcome;
}
