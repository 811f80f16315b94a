/**
 * The public page of an advisory: server-rendered and inert. Every value is escaped, the page has
 * no script and no link to anything an advisory mentions (URLs appear defanged, as text), and the
 * Content-Security-Policy allows nothing but the page's own stylesheet, by hash.
 */
import { createHash } from 'node:crypto';
import { AUDIENCE_LABELS, HEADINGS, indicatorTypeLabel } from './labels.js';
import { escapeMarkup as e } from './markup.js';
import type { PublishedAdvisory } from './publication.js';
import type { AdvisorySections, Language, PublishedIndicator } from './types.js';

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.7;color:#111}' +
  'h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}' +
  'blockquote{margin:0;padding:.5rem 1rem;background:#f4f4f4;border-left:4px solid #999;white-space:pre-wrap}' +
  'code{word-break:break-all}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}' +
  '.meta{color:#555;font-size:.9rem}article+article{margin-top:3rem;border-top:2px solid #333}';

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** Nothing may load or run: only the inline stylesheet above, matched by its hash. */
export const ADVISORY_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const list = (items: readonly string[]) =>
  items.length === 0 ? '' : `<ul>${items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`;

function indicatorTable(indicators: readonly PublishedIndicator[], language: Language): string {
  if (indicators.length === 0) return '';
  const h = HEADINGS[language];
  const rows = indicators
    .map(
      (i) =>
        `<tr><td>${e(indicatorTypeLabel(i.type, language))}</td><td><code>${e(i.display)}</code></td></tr>`,
    )
    .join('');
  return `<h3>${e(h.indicators)}</h3><table><thead><tr><th>${e(h.kind)}</th><th>${e(h.value)}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function article(a: PublishedAdvisory, s: AdvisorySections, language: Language): string {
  const h = HEADINGS[language];
  const examples =
    s.examples.length === 0
      ? ''
      : `<h3>${e(h.examples)}</h3>${s.examples.map((x) => `<blockquote>${e(x)}</blockquote>`).join('')}`;
  return [
    `<article lang="${language}">`,
    `<p class="meta">${e(h.publisher)}: ${e(a.publisher)} / ${e(h.published)}: ${e(a.publishedAt.slice(0, 10))} / ${e(AUDIENCE_LABELS[language][a.audience])}</p>`,
    `<h1>${e(s.title)}</h1>`,
    `<h2>${e(h.summary)}</h2><p>${e(s.summary)}</p>${examples}`,
    `<h2>${e(h.recognise)}</h2>${list(s.recognise)}${indicatorTable(a.content.indicators, language)}`,
    `<h2>${e(h.advice)}</h2>${list(s.advice)}`,
    `<h2>${e(h.reportTo)}</h2>${list(s.reportTo)}`,
    '</article>',
  ].join('\n');
}

export function renderAdvisoryPage(a: PublishedAdvisory, baseUrl: string): string {
  const feeds = `${baseUrl}/v1/public/advisories`;
  return [
    '<!DOCTYPE html>',
    '<html lang="ja">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${e(a.content.ja.title)}</title>`,
    `<link rel="alternate" type="application/rss+xml" href="${e(`${feeds}/rss.xml`)}">`,
    `<link rel="alternate" type="application/atom+xml" href="${e(`${feeds}/atom.xml`)}">`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    article(a, a.content.ja, 'ja'),
    article(a, a.content.en, 'en'),
    `<footer class="meta">Koban advisory ${e(a.id)} v${a.version} · sha256 ${e(a.contentHash)}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
