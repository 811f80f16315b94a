import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKoban } from '../src/app/container.js';
import { loadConfig } from '../src/config.js';

/**
 * npm run bench:attack — issue 3's "ATT&CK mobile + ICS bundles import in ≤ 3 s": reading, parsing and
 * importing both bundles (../shared/data/stix/attack) into a fresh embedded store, then re-importing.
 */
const dir = new URL('../../../shared/data/stix/attack/', import.meta.url);
const files = ['mobile-attack-17.1.json', 'ics-attack.json'];
if (!files.every((f) => existsSync(fileURLToPath(new URL(f, dir))))) {
  console.log('ATT&CK bundles not found in ../shared/data/stix/attack: skipped');
  process.exit(0);
}
const data = mkdtempSync(join(tmpdir(), 'koban-attack-'));
const koban = await createKoban(loadConfig({ KOBAN_DATA_DIR: data }));
try {
  const init = await koban.orgs.initialize('bench centre');
  const admin = await koban.auth.authenticate(`Bearer ${init.apiKey}`);
  for (const round of ['import', 're-import']) {
    const started = performance.now();
    let objects = 0;
    let invalid = 0;
    for (const f of files) {
      const bundle = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { objects: unknown[] };
      objects += bundle.objects.length;
      invalid += (await koban.knowledge.importBundle(admin, bundle, f)).summary.invalid;
    }
    console.log(
      `ATT&CK mobile + ICS ${round}: ${objects.toLocaleString()} objects (${invalid} invalid) in ${((performance.now() - started) / 1000).toFixed(2)} s (read, parse, validate, store, audit)`,
    );
  }
} finally {
  await koban.close();
  rmSync(data, { recursive: true, force: true });
}
