import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKoban } from '../src/app/container.js';
import { loadConfig } from '../src/config.js';

/**
 * npm run bench:stix-import — issue 7: import of the largest shared STIX bundle
 * (../shared/data/stix/{examples,opencti}) and of a synthetic bundle of N mixed objects
 * (indicators with patterns, SCOs, sightings, relationships, x- objects; default 100,000,
 * target ≤ 20 s) into a fresh embedded store, then exporting its four object types back (relationships stay out: the export limit is 100,000).
 */
const count = Number(process.argv[2] ?? 100_000);
const roots = ['examples', 'opencti'].map((d) =>
  fileURLToPath(new URL(`../../../shared/data/stix/${d}/`, import.meta.url)),
);
const files = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir).flatMap((n) =>
        statSync(join(dir, n)).isDirectory()
          ? files(join(dir, n))
          : n.endsWith('.json')
            ? [join(dir, n)]
            : [],
      )
    : [];
const largest = roots.flatMap(files).sort((a, b) => statSync(b).size - statSync(a).size)[0];

const uuid = (n: number, kind: number) =>
  `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
function synthetic(n: number): Record<string, unknown>[] {
  const at = '2026-11-01T00:00:00.000Z';
  const amber = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421';
  const out: Record<string, unknown>[] = [];
  for (let i = 0; out.length < n; i++) {
    const domain = `phish-${i}.example.top`;
    const ind = `indicator--${uuid(i, 1)}`;
    const sco = `domain-name--${uuid(i, 2)}`;
    const common = { spec_version: '2.1', created: at, modified: at, object_marking_refs: [amber] };
    out.push(
      {
        type: 'indicator',
        id: ind,
        ...common,
        pattern: `[domain-name:value = '${domain}']`,
        pattern_type: 'stix',
        valid_from: at,
      },
      { type: 'domain-name', id: sco, spec_version: '2.1', value: domain },
      {
        type: 'relationship',
        id: `relationship--${uuid(i, 3)}`,
        ...common,
        relationship_type: 'based-on',
        source_ref: ind,
        target_ref: sco,
      },
      { type: 'sighting', id: `sighting--${uuid(i, 4)}`, ...common, sighting_of_ref: ind, count: i % 7 },
      { type: 'x-koban-note', id: `x-koban-note--${uuid(i, 5)}`, ...common, text: `seen ${i}` },
    );
  }
  return out.slice(0, n);
}

const data = mkdtempSync(join(tmpdir(), 'koban-stix-'));
const koban = await createKoban(loadConfig({ KOBAN_DATA_DIR: data }));
try {
  const init = await koban.orgs.initialize('bench centre');
  const admin = await koban.auth.authenticate(`Bearer ${init.apiKey}`);
  const time = async (label: string, bundle: { objects: unknown[] }) => {
    const started = performance.now();
    const r = await koban.knowledge.importBundle(admin, bundle, label.slice(0, 200));
    const s = (performance.now() - started) / 1000;
    console.log(
      `${label}: ${bundle.objects.length.toLocaleString()} objects (${r.summary.created} created, ${r.summary.invalid} invalid) in ${s.toFixed(2)} s`,
    );
  };
  if (largest)
    await time(
      `largest shared bundle ${largest.split('/stix/')[1]}`,
      JSON.parse(readFileSync(largest, 'utf8')),
    );
  else console.log('shared STIX bundles not found: skipped');
  if (count > 0) {
    await time(`synthetic ${count.toLocaleString()}`, { type: 'bundle', objects: synthetic(count) } as never);
    const started = performance.now();
    const out = await koban.knowledge.exportBundle({
      types: ['indicator', 'domain-name', 'sighting', 'x-koban-note'],
      limit: 100_000,
    });
    console.log(
      `export: ${out.objects.length.toLocaleString()} objects in ${((performance.now() - started) / 1000).toFixed(2)} s`,
    );
  }
} finally {
  await koban.close();
  rmSync(data, { recursive: true, force: true });
}
