/**
 * The rule set an organization runs until it activates its own: the sample set for a Japanese
 * payment app shipped in `rules/fraud/` (validated at start; a broken file stops the server with
 * the path and reason rather than scoring with nothing).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RuleSet, validateRuleSet } from '../core/fraud/index.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Works from src/fraud (tests) and dist/src/fraud (built server). */
const repoRoot = resolve(here, here.includes('/dist/') ? '../../..' : '../..');
export const DEFAULT_RULE_SET_FILE = resolve(repoRoot, 'rules/fraud/payment-app-ja.json');

export function loadDefaultRuleSet(file = DEFAULT_RULE_SET_FILE): RuleSet {
  const v = validateRuleSet(JSON.parse(readFileSync(file, 'utf8')));
  if (!v.ok) {
    const first = v.errors[0];
    throw new Error(`${file}: invalid rule set at ${first?.path || '/'}: ${first?.message}`);
  }
  return v.ruleSet;
}
