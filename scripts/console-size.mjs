#!/usr/bin/env node
// The first load of the console: every script index.html loads (entry and module preloads) plus
// what they import statically, gzip-compressed as the server sends it. Fails above the budget.
// Usage: node scripts/console-size.mjs [dist/console] [budget KB, default 300]
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'dist/console';
const budgetKb = Number(process.argv[3] ?? 300);
const indexFile = join(dir, 'index.html');
if (!existsSync(indexFile)) {
  console.error(`console-size: ${indexFile} is missing; run npm run build first`);
  process.exit(2);
}
const html = readFileSync(indexFile, 'utf8');
const entries = [
  ...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g),
  ...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g),
].map((m) => m[1]);
// Static imports only (`import … from "./x.js"`, `import "./x.js"`); `import("./x.js")` is lazy.
const STATIC_IMPORT = /(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g;
const seen = new Set();
const queue = entries.map((e) => posix.normalize(e.startsWith('/') ? e : `/${e}`));
let raw = 0;
let gzip = 0;
const rows = [];
while (queue.length > 0) {
  const url = queue.shift();
  if (seen.has(url)) continue;
  seen.add(url);
  const file = join(dir, url);
  if (!existsSync(file)) {
    console.error(`console-size: ${url} is referenced but missing`);
    process.exit(2);
  }
  const body = readFileSync(file);
  const packed = gzipSync(body, { level: 9 }).length;
  raw += body.length;
  gzip += packed;
  rows.push(`${(packed / 1024).toFixed(1).padStart(8)} KB  ${url}`);
  for (const m of body.toString('utf8').matchAll(STATIC_IMPORT)) {
    const spec = m[1];
    if (spec.startsWith('.')) queue.push(posix.normalize(posix.join(dirname(url), spec)));
    else if (spec.startsWith('/')) queue.push(posix.normalize(spec));
  }
}
console.log(rows.join('\n'));
const total = gzip / 1024;
console.log(
  `console first-load JS: ${seen.size} file(s), ${(raw / 1024).toFixed(1)} KB raw, ${total.toFixed(1)} KB gzip (budget ${budgetKb} KB)`,
);
if (total > budgetKb) {
  console.error(`console-size: first-load JS ${total.toFixed(1)} KB gzip exceeds the ${budgetKb} KB budget`);
  process.exit(1);
}
