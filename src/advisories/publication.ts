/**
 * The public read model: published advisories only, each with the redacted content of the exact
 * version its approval named. Nothing else of an advisory (drafts, the written text, diffs,
 * decisions) is ever read here.
 */
import type { Kysely } from 'kysely';
import type { KobanDatabase } from '../db/schema.js';
import { KobanError } from '../errors/catalogue.js';
import { defangText } from './redaction.js';
import type { AdvisoryContent, AdvisorySections, Audience, Sector } from './types.js';

export interface PublishedAdvisory {
  id: string;
  audience: Audience;
  sector: Sector | null;
  version: number;
  publishedAt: string;
  contentHash: string;
  publisher: string;
  content: AdvisoryContent;
}

export const FEED_LIMIT = 50;

function published(db: Kysely<KobanDatabase>) {
  return db
    .selectFrom('advisories as a')
    .innerJoin('advisory_versions as v', (j) =>
      j.onRef('v.advisory_id', '=', 'a.id').onRef('v.version', '=', 'a.published_version'),
    )
    .innerJoin('organizations as o', 'o.id', 'a.org_id')
    .select([
      'a.id',
      'a.audience',
      'a.sector',
      'a.published_version',
      'a.published_at',
      'v.content_hash',
      'v.redacted',
      'o.name as publisher',
    ])
    .where('a.status', '=', 'published');
}

type Row = Awaited<ReturnType<ReturnType<typeof published>['execute']>>[number];

/** Every text defanged again on the way out: defence in depth over what redaction stored. */
function defangSections(s: AdvisorySections): AdvisorySections {
  return {
    title: defangText(s.title),
    summary: defangText(s.summary),
    examples: s.examples.map(defangText),
    recognise: s.recognise.map(defangText),
    advice: s.advice.map(defangText),
    reportTo: s.reportTo.map(defangText),
  };
}

function toPublished(r: Row): PublishedAdvisory {
  const content = JSON.parse(r.redacted) as AdvisoryContent;
  return {
    id: r.id,
    audience: r.audience as Audience,
    sector: r.sector as Sector | null,
    version: r.published_version as number,
    publishedAt: r.published_at as string,
    contentHash: r.content_hash,
    publisher: r.publisher,
    content: {
      ja: defangSections(content.ja),
      en: defangSections(content.en),
      indicators: content.indicators,
    },
  };
}

export async function publishedAdvisories(
  db: Kysely<KobanDatabase>,
  audience?: Audience,
  limit = FEED_LIMIT,
): Promise<PublishedAdvisory[]> {
  let q = published(db);
  if (audience) q = q.where('a.audience', '=', audience);
  const rows = await q.orderBy('a.published_at', 'desc').orderBy('a.id', 'desc').limit(limit).execute();
  return rows.map(toPublished);
}

export async function publishedAdvisory(db: Kysely<KobanDatabase>, id: string): Promise<PublishedAdvisory> {
  const row = await published(db).where('a.id', '=', id).executeTakeFirst();
  // Drafts, withdrawn and unknown advisories answer alike: nothing unpublished is confirmed.
  if (!row) throw new KobanError('not_found', 'advisory not found');
  return toPublished(row);
}
