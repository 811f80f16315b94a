import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The OASIS STIX 2.1 JSON schemas next to the repository (../shared/data/stix/schemas). */
export const STIX_SCHEMA_DIR = new URL('../../../shared/data/stix/schemas/', import.meta.url);
export const stixSchemasAvailable = (): boolean => existsSync(fileURLToPath(STIX_SCHEMA_DIR));
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';

export interface StixSchemaCheck {
  /** Whether a schema exists for the type (sdos/, sros/, observables/ or marking-definition). */
  has: (type: string) => boolean;
  /** Error texts of `object` against its type's schema; empty when valid or when no schema exists. */
  errorsOf: (object: { type: string }) => string[];
}

/** Compiles every schema (draft 2020-12, regexes without the `u` flag, as the schema authors' tools do). */
export function loadStixSchemas(): StixSchemaCheck {
  const ajv = new Ajv2020.default({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv);
  ajv.addFormat('idn-hostname', true);
  const byType = new Map<string, string>([['marking-definition', 'common/marking-definition.json']]);
  for (const folder of ['common', 'sdos', 'sros', 'observables'])
    for (const file of readdirSync(fileURLToPath(new URL(`${folder}/`, STIX_SCHEMA_DIR))))
      if (file.endsWith('.json')) {
        ajv.addSchema(JSON.parse(readFileSync(new URL(`${folder}/${file}`, STIX_SCHEMA_DIR), 'utf8')));
        if (folder !== 'common') byType.set(file.slice(0, -5), `${folder}/${file}`);
      }
  return {
    has: (type) => byType.has(type),
    errorsOf: (object) => {
      const path = byType.get(object.type);
      if (!path) return [];
      const validate = ajv.getSchema(BASE + path);
      if (!validate) throw new Error(`schema ${path} did not compile`);
      return validate(object)
        ? []
        : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
    },
  };
}
