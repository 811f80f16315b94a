import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FraudState, loadRuleSet } from '../../core/fraud/index.js';

const RULES_FOLDER = new URL('../../../rules/fraud/', import.meta.url);
const ruleFiles = readdirSync(RULES_FOLDER).filter((name) => name.endsWith('.json'));

describe('sample rule sets in rules/fraud', () => {
  it('ships the payment-app set and one per data set', () => {
    expect(ruleFiles.sort()).toEqual(['amlsim.json', 'ieee-cis.json', 'payment-app-ja.json', 'paysim.json']);
  });

  it.each(ruleFiles)('%s validates and compiles', (name) => {
    const json = JSON.parse(readFileSync(new URL(name, RULES_FOLDER), 'utf8'));
    const loaded = loadRuleSet(json, new FraudState());
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
  });

  it.each(ruleFiles)('%s explains every rule in Japanese and English', (name) => {
    const json = JSON.parse(readFileSync(new URL(name, RULES_FOLDER), 'utf8')) as {
      rules: { reason: { ja: string; en: string } }[];
    };
    for (const { reason } of json.rules) {
      expect(reason.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(reason.en).toMatch(/[a-z]/);
    }
  });
});
