/**
 * RSS 2.0, Atom (RFC 4287) and JSON Feed 1.1 of published advisories, all or per audience. Items
 * carry plain text only (escaped), malicious URLs defanged, and link to Koban's own pages only.
 */
import { AUDIENCE_LABELS, HEADINGS, indicatorTypeLabel } from './labels.js';
import { escapeMarkup as e, rfc822 } from './markup.js';
import type { PublishedAdvisory } from './publication.js';
import type { Audience, Language } from './types.js';

export interface FeedContext {
  baseUrl: string;
  audience?: Audience | undefined;
  /** Time of the feed when it holds no advisory (Atom requires `updated`). */
  now: Date;
}

const feedsUrl = (c: FeedContext) => `${c.baseUrl}/v1/public/advisories`;
const pageUrl = (c: FeedContext, a: PublishedAdvisory) => `${feedsUrl(c)}/${encodeURIComponent(a.id)}`;
const query = (c: FeedContext) => (c.audience ? `?audience=${c.audience}` : '');
const feedTitle = (c: FeedContext) =>
  `Koban 注意喚起 / Advisories${c.audience ? ` — ${AUDIENCE_LABELS.ja[c.audience]}` : ''}`;
const FEED_DESCRIPTION =
  '警察・関係機関からの注意喚起（個人情報は伏せています） / Public advisories with personal data removed';

/** The advisory as plain text in one language: what a feed reader shows. */
export function plainText(a: PublishedAdvisory, language: Language): string {
  const s = a.content[language];
  const h = HEADINGS[language];
  const bullets = (items: readonly string[]) => items.map((i) => `・${i}`);
  const indicators = a.content.indicators.map(
    (i) => `・${indicatorTypeLabel(i.type, language)}: ${i.display}`,
  );
  return [
    s.summary,
    ...(s.examples.length > 0 ? ['', `${h.examples}:`, ...s.examples.map((x) => `「${x}」`)] : []),
    '',
    `${h.recognise}:`,
    ...bullets(s.recognise),
    ...indicators,
    '',
    `${h.advice}:`,
    ...bullets(s.advice),
    '',
    `${h.reportTo}:`,
    ...bullets(s.reportTo),
  ].join('\n');
}

export function renderRss(items: readonly PublishedAdvisory[], c: FeedContext): string {
  const self = `${feedsUrl(c)}/rss.xml${query(c)}`;
  const built = items[0]?.publishedAt ?? c.now.toISOString();
  const entries = items.map((a) =>
    [
      '<item>',
      `<title>${e(a.content.ja.title)}</title>`,
      `<link>${e(pageUrl(c, a))}</link>`,
      `<guid isPermaLink="false">${e(`urn:koban:advisory:${a.id}:v${a.version}`)}</guid>`,
      `<pubDate>${e(rfc822(a.publishedAt))}</pubDate>`,
      `<category>${e(a.audience)}</category>`,
      `<description>${e(plainText(a, 'ja'))}</description>`,
      '</item>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>${e(feedTitle(c))}</title>`,
    `<link>${e(feedsUrl(c))}</link>`,
    `<description>${e(FEED_DESCRIPTION)}</description>`,
    '<language>ja</language>',
    `<lastBuildDate>${e(rfc822(built))}</lastBuildDate>`,
    `<atom:link href="${e(self)}" rel="self" type="application/rss+xml"/>`,
    ...entries,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

export function renderAtom(items: readonly PublishedAdvisory[], c: FeedContext): string {
  const self = `${feedsUrl(c)}/atom.xml${query(c)}`;
  const updated = items[0]?.publishedAt ?? c.now.toISOString();
  const entries = items.map((a) =>
    [
      '<entry>',
      `<id>${e(`urn:koban:advisory:${a.id}`)}</id>`,
      `<title type="text">${e(a.content.ja.title)}</title>`,
      `<updated>${e(a.publishedAt)}</updated>`,
      `<published>${e(a.publishedAt)}</published>`,
      `<link rel="alternate" type="text/html" href="${e(pageUrl(c, a))}"/>`,
      `<author><name>${e(a.publisher)}</name></author>`,
      `<category term="${e(a.audience)}" label="${e(AUDIENCE_LABELS.ja[a.audience])}"/>`,
      `<summary type="text">${e(a.content.ja.summary)}</summary>`,
      `<content type="text">${e(plainText(a, 'ja'))}</content>`,
      '</entry>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">',
    `<id>${e(`urn:koban:advisories:${c.audience ?? 'all'}`)}</id>`,
    `<title type="text">${e(feedTitle(c))}</title>`,
    `<subtitle type="text">${e(FEED_DESCRIPTION)}</subtitle>`,
    `<updated>${e(updated)}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${e(self)}"/>`,
    '<author><name>Koban</name></author>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

export function jsonFeed(items: readonly PublishedAdvisory[], c: FeedContext) {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: feedTitle(c),
    home_page_url: feedsUrl(c),
    feed_url: `${feedsUrl(c)}/feed.json${query(c)}`,
    description: FEED_DESCRIPTION,
    language: 'ja',
    items: items.map((a) => ({
      id: `urn:koban:advisory:${a.id}`,
      url: pageUrl(c, a),
      title: a.content.ja.title,
      summary: a.content.ja.summary,
      content_text: plainText(a, 'ja'),
      date_published: a.publishedAt,
      tags: [a.audience, ...(a.sector ? [a.sector] : [])],
      authors: [{ name: a.publisher }],
      language: 'ja',
      _koban: {
        advisoryId: a.id,
        version: a.version,
        contentHash: a.contentHash,
        audience: a.audience,
        sector: a.sector,
        en: { title: a.content.en.title, summary: a.content.en.summary, content_text: plainText(a, 'en') },
        // Display forms only: a JSON consumer that renders these can never make a live link.
        indicators: a.content.indicators.map((i) => ({ type: i.type, display: i.display, role: i.role })),
        stix: `${pageUrl(c, a)}/stix`,
      },
    })),
  };
}
