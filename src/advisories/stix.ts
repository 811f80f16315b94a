/**
 * A published advisory as a STIX 2.1 bundle: one `report` holding the published indicators, all
 * TLP:CLEAR (the advisory is public), with ids derived from the advisory so every node exports
 * the same objects. Indicator ids are scoped to the advisory: the same value exported from a
 * campaign carries another marking and must not share its id.
 */
import { KOBAN_IDENTITY, type StixBundle } from '../correlation/stix-export.js';
import {
  type StixObject,
  stixId,
  stixPattern,
  stixTime,
  TLP2_MARKING_IDS,
  tlpMarkingDefinition,
} from '../correlation/stix-primitives.js';
import type { PublishedAdvisory } from './publication.js';

export function advisoryToStix(a: PublishedAdvisory): StixBundle {
  const at = stixTime(a.publishedAt);
  const clear = [TLP2_MARKING_IDS.CLEAR];
  const common = {
    spec_version: '2.1',
    created: at,
    modified: at,
    created_by_ref: KOBAN_IDENTITY.id,
    object_marking_refs: clear,
  };
  const indicators: StixObject[] = a.content.indicators.map((i) => ({
    type: 'indicator',
    id: stixId('indicator', `advisory:${a.id}:${i.type}:${i.value}`),
    ...common,
    name: `${i.type} ${i.display}`,
    pattern: stixPattern(i.type, i.value),
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: at,
    indicator_types: ['malicious-activity'],
    x_koban_display: i.display,
    x_koban_role: i.role,
  }));
  const report: StixObject = {
    type: 'report',
    id: stixId('report', `advisory:${a.id}`),
    ...common,
    name: a.content.ja.title,
    description: `${a.content.ja.summary}\n\n${a.content.en.title}\n${a.content.en.summary}`,
    report_types: ['threat-report'],
    published: at,
    lang: 'ja',
    // STIX requires at least one ref: an advisory without indicators refers to its producer.
    object_refs: indicators.length > 0 ? indicators.map((i) => i.id) : [KOBAN_IDENTITY.id],
    x_koban_advisory_id: a.id,
    x_koban_version: a.version,
    x_koban_content_hash: a.contentHash,
    x_koban_audience: a.audience,
  };
  const objects = [tlpMarkingDefinition('CLEAR'), KOBAN_IDENTITY, report, ...indicators];
  return { type: 'bundle', id: stixId('bundle', `advisory:${a.id}:${a.contentHash}`), objects };
}
