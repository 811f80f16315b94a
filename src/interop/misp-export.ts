import { createHash } from 'node:crypto';
import { uuidV5 } from '../correlation/stix-primitives.js';
import type { Marking, Tlp } from '../sharing/policy.js';
import { mispTypeOf } from './misp-types.js';
import { isMalicious } from './roles.js';
import type { VisibleReport } from './visible-reports.js';

/**
 * Koban reports as a MISP feed (the format `misp-feed` generators write and MISP's "Feeds" fetch):
 * `manifest.json` (event uuid → summary), one `{uuid}.json` per event, `hashes.csv` (md5 of each
 * value, event uuid) for MISP's feed correlation. Pure: the service reads, this shapes.
 *
 * Distribution, as MISP understands it, says how far the *subscriber's* MISP may pass the event on:
 * - CLEAR                                    → 3 "All communities" (TLP:CLEAR has no limit)
 * - GREEN                                    → 1 "This community only" (the partner community)
 * - AMBER, AMBER+STRICT, RED, investigation,
 *   or any report narrowed to groups/recipients → 0 "Your organisation only"
 * - CLEAR/GREEN/AMBER narrowed to sharing groups only (no named recipients, not investigation),
 *   seen by a member of one of them        → 4 "Sharing group": a MISP sharing group with the Koban
 *   group's id as uuid and name, whose only organisation is the subscriber (Koban shows a group's
 *   member list to its owner only, so the subscriber learns no members; its MISP keeps the event
 *   inside its own organisation, the strictest reading of "members of the group")
 * The `tlp:*` tag always travels too, and Koban's importer lets the tag win over distribution.
 */

export const TLP_TAGS: Record<Tlp, string> = {
  CLEAR: 'tlp:clear',
  GREEN: 'tlp:green',
  AMBER: 'tlp:amber',
  'AMBER+STRICT': 'tlp:amber+strict',
  RED: 'tlp:red',
};

export function distributionOf(marking: Marking): '0' | '1' | '3' {
  const narrowed = marking.recipients.length > 0 || marking.sharingGroups.length > 0;
  if (narrowed || marking.sensitivity === 'investigation') return '0';
  if (marking.tlp === 'CLEAR') return '3';
  if (marking.tlp === 'GREEN') return '1';
  return '0';
}

/** The Koban groups a subscriber may name on an event: the report's groups it is a member of. */
export function subscriberGroupsOf(marking: Marking, viewerGroupIds: ReadonlySet<string>): string[] {
  const groupOnly =
    marking.recipients.length === 0 &&
    marking.sharingGroups.length > 0 &&
    marking.sensitivity !== 'investigation' &&
    (marking.tlp === 'CLEAR' || marking.tlp === 'GREEN' || marking.tlp === 'AMBER');
  return groupOnly ? marking.sharingGroups.filter((g) => viewerGroupIds.has(g)).sort() : [];
}

export interface SubscriberSharing {
  /** The report's groups the subscriber is in (id, name), first one named on the event. */
  groups: { id: string; name: string }[];
  subscriber: { id: string; name: string };
}

/** MISP `SharingGroup` of an event (distribution 4), matched or created by uuid on the subscriber's MISP. */
function mispSharingGroupOf(sharing: SubscriberSharing) {
  const [group] = sharing.groups;
  if (!group) return undefined;
  const org = { uuid: asUuid(sharing.subscriber.id, 'org'), name: sharing.subscriber.name };
  return {
    uuid: asUuid(group.id, 'sharing-group'),
    name: `Koban: ${group.name}`,
    releasability: `Koban sharing group(s) ${sharing.groups.map((g) => `"${g.name}"`).join(', ')}: members only. Koban does not disclose the member list; keep this event inside your organisation.`,
    description: 'Mapped from a Koban report shared with sharing groups only.',
    active: true,
    roaming: false,
    Organisation: org,
    SharingGroupOrg: [{ extend: false, Organisation: org }],
    SharingGroupServer: [],
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const asUuid = (id: string, kind: string) => (UUID.test(id) ? id.toLowerCase() : uuidV5(`${kind}:${id}`));
const epochSeconds = (iso: string) => String(Math.floor(Date.parse(iso) / 1000));

export interface MispTag {
  name: string;
}

function tagsOf(report: VisibleReport): MispTag[] {
  return [{ name: TLP_TAGS[report.marking.tlp] }, { name: `koban:report-kind="${report.kind}"` }];
}

/** The summary MISP reads from `manifest.json` to decide which events to fetch. */
export function manifestEntryOf(report: VisibleReport) {
  return {
    info: infoOf(report),
    Orgc: { name: report.orgName, uuid: asUuid(report.orgId, 'org') },
    analysis: '2',
    threat_level_id: '2',
    date: (report.observedAt ?? report.createdAt).slice(0, 10),
    timestamp: epochSeconds(report.createdAt),
    publish_timestamp: epochSeconds(report.createdAt),
    Tag: tagsOf(report),
  };
}

const infoOf = (r: VisibleReport) => (r.title ?? r.description.slice(0, 200)) || `Koban ${r.kind} report`;

export interface MispAttribute {
  uuid: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  comment: string;
  timestamp: string;
  distribution: '5';
}

/** One attribute per indicator: a value seen in several roles is an IOC when any role says so. */
export function attributesOf(report: VisibleReport): MispAttribute[] {
  const byKey = new Map<string, { type: string; value: string; roles: string[] }>();
  for (const s of report.sightings) {
    const key = `${s.type}:${s.value}`;
    const entry = byKey.get(key) ?? { type: s.type, value: s.value, roles: [] };
    entry.roles.push(s.role);
    byKey.set(key, entry);
  }
  const timestamp = epochSeconds(report.createdAt);
  return [...byKey.values()]
    .sort((a, b) => (a.type === b.type ? a.value.localeCompare(b.value) : a.type.localeCompare(b.type)))
    .map((i) => {
      const malicious = i.roles.filter(isMalicious);
      const misp = mispTypeOf(i.type, malicious[0] ?? i.roles[0] ?? '');
      const roles = [...new Set(i.roles)].sort().join(',');
      return {
        uuid: uuidV5(`misp-attribute:${report.id}:${i.type}:${i.value}`),
        type: misp.type,
        category: misp.category,
        value: i.value,
        to_ids: malicious.length > 0,
        // The koban:<type> marker must lead the comment: the importer reads the type from it.
        comment: misp.comment ? `${misp.comment} role=${roles}` : `role=${roles}`,
        timestamp,
        // 5 = inherit the event's distribution
        distribution: '5' as const,
      };
    });
}

export function mispEventOf(report: VisibleReport, sharing?: SubscriberSharing) {
  const { Tag, ...summary } = manifestEntryOf(report);
  const sharingGroup = sharing ? mispSharingGroupOf(sharing) : undefined;
  return {
    Event: {
      uuid: report.id,
      ...summary,
      published: true,
      ...(sharingGroup
        ? { distribution: '4' as const, sharing_group_id: '0', SharingGroup: sharingGroup }
        : { distribution: distributionOf(report.marking), sharing_group_id: '0' }),
      Tag,
      Attribute: attributesOf(report),
    },
  };
}

/** `hashes.csv` lines: md5 of each attribute value and its event's uuid (MISP feed correlation). */
export function hashLinesOf(report: VisibleReport): string[] {
  const values = new Set(report.sightings.map((s) => s.value));
  return [...values].map((v) => `${createHash('md5').update(v, 'utf8').digest('hex')},${report.id}`);
}
