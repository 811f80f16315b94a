/**
 * Public routes (no API key, `config.public`): published advisories only, as an inert HTML page,
 * RSS 2.0, Atom, JSON Feed and STIX 2.1. Drafts, withdrawn and unknown advisories all answer 404.
 */
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { STIX_MEDIA_TYPE } from '../correlation/stix-routes.js';
import type { Database } from '../db/database.js';
import { problemResponses } from '../http/schemas.js';
import { type FeedContext, jsonFeed, renderAtom, renderRss } from './feeds.js';
import { ADVISORY_PAGE_CSP, renderAdvisoryPage } from './html.js';
import { publishedAdvisories, publishedAdvisory } from './publication.js';
import { AdvisoryParams, AudienceQuery } from './schemas.js';
import { advisoryToStix } from './stix.js';
import type { Audience } from './types.js';

export interface PublicAdvisoryDeps {
  database: Database;
  publicBaseUrl: string;
  now: () => Date;
}

const tags = ['public advisories'];
const open = { public: true } as const;

/** Public documents may be cached briefly; nothing here is personal or per caller. */
function publicHeaders(reply: FastifyReply, type: string): void {
  reply.header('content-type', type);
  reply.header('cache-control', 'public, max-age=60');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
}

export async function publicAdvisoryRoutes(app: FastifyInstance, deps: PublicAdvisoryDeps): Promise<void> {
  const db = deps.database.db;
  const context = (audience: FeedContext['audience']): FeedContext => ({
    baseUrl: deps.publicBaseUrl,
    audience,
    now: deps.now(),
  });
  const feedSchema = (summary: string) => ({
    tags,
    summary,
    security: [],
    querystring: AudienceQuery,
  });
  const audienceOf = (q: unknown) => (q as { audience?: Audience }).audience;

  // The three feeds differ only in their path, media type and renderer.
  const feeds = [
    {
      path: '/v1/public/advisories/feed.json',
      summary: 'JSON Feed 1.1 of published advisories (all, or one audience)',
      type: 'application/feed+json; charset=utf-8',
      render: (items: Parameters<typeof jsonFeed>[0], ctx: Parameters<typeof jsonFeed>[1]) =>
        JSON.stringify(jsonFeed(items, ctx)),
    },
    {
      path: '/v1/public/advisories/rss.xml',
      summary: 'RSS 2.0 feed of published advisories',
      type: 'application/rss+xml; charset=utf-8',
      render: renderRss,
    },
    {
      path: '/v1/public/advisories/atom.xml',
      summary: 'Atom feed of published advisories',
      type: 'application/atom+xml; charset=utf-8',
      render: renderAtom,
    },
  ];
  for (const feed of feeds) {
    app.get(feed.path, { config: open, schema: feedSchema(feed.summary) }, async (req, reply) => {
      publicHeaders(reply, feed.type);
      const audience = audienceOf(req.query);
      return feed.render(await publishedAdvisories(db, audience), context(audience));
    });
  }
  app.get(
    '/v1/public/advisories/:id',
    {
      config: open,
      schema: {
        tags,
        summary: 'The public page of a published advisory (inert HTML, strict CSP)',
        security: [],
        params: AdvisoryParams,
        response: { ...problemResponses(404) },
      },
    },
    async (req, reply) => {
      const advisory = await publishedAdvisory(db, (req.params as Static<typeof AdvisoryParams>).id);
      publicHeaders(reply, 'text/html; charset=utf-8');
      reply.header('content-security-policy', ADVISORY_PAGE_CSP);
      return renderAdvisoryPage(advisory, deps.publicBaseUrl);
    },
  );
  app.get(
    '/v1/public/advisories/:id/stix',
    {
      config: open,
      schema: {
        tags,
        summary: 'A published advisory as a STIX 2.1 bundle (report + indicators, TLP:CLEAR)',
        security: [],
        params: AdvisoryParams,
        response: { 200: Type.Unknown(), ...problemResponses(404) },
      },
    },
    async (req, reply) => {
      const advisory = await publishedAdvisory(db, (req.params as Static<typeof AdvisoryParams>).id);
      publicHeaders(reply, STIX_MEDIA_TYPE);
      return JSON.stringify(advisoryToStix(advisory));
    },
  );
}
