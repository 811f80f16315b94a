/**
 * Who may benefit from a list entry, precomputed once per entry so that a check filters a hit with
 * one small test instead of re-running the sharing policy over every report behind it.
 *
 * An entry's audience is the union, over every report (flag, feed) holding its value, of that
 * source's `canSee` audience (src/sharing/policy.ts):
 *
 *   reporter ∪ (sensitivity = investigation ? investigators ∩ T : T)
 *   T = AMBER+STRICT: nobody · RED: named recipients · CLEAR/GREEN/AMBER: everybody, or the named
 *       recipients and the members of the listed sharing groups when any are named
 *
 * Audiences are interned: the table holds each distinct audience once and entries carry its small
 * integer id (0 is "every partner"), which is what a compact table's 32-bit payload can hold too.
 */
import type { Marking, Viewer } from '../sharing/policy.js';

/** Serializable form (snapshot); lists are sorted and deduplicated. */
export interface AudienceSpec {
  /** Every authenticated organization. */
  public?: true;
  /** Every organization holding the investigation grant. */
  investigators?: true;
  orgs?: string[];
  groups?: string[];
  /** Need the investigation grant as well. */
  invOrgs?: string[];
  invGroups?: string[];
}

export class Audience {
  readonly public: boolean;
  readonly investigators: boolean;
  readonly orgs: ReadonlySet<string>;
  readonly groups: readonly string[];
  readonly invOrgs: ReadonlySet<string>;
  readonly invGroups: readonly string[];

  constructor(readonly spec: AudienceSpec) {
    this.public = spec.public === true;
    this.investigators = spec.investigators === true;
    this.orgs = new Set(spec.orgs ?? []);
    this.groups = spec.groups ?? [];
    this.invOrgs = new Set(spec.invOrgs ?? []);
    this.invGroups = spec.invGroups ?? [];
  }

  allows(viewer: Viewer): boolean {
    if (this.public || this.orgs.has(viewer.orgId)) return true;
    if (anyIn(this.groups, viewer.groupIds)) return true;
    if (!viewer.investigationAccess) return false;
    return this.investigators || this.invOrgs.has(viewer.orgId) || anyIn(this.invGroups, viewer.groupIds);
  }
}

function anyIn(groups: readonly string[], member: ReadonlySet<string>): boolean {
  if (groups.length === 0 || member.size === 0) return false;
  for (const g of groups) if (member.has(g)) return true;
  return false;
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** Drops what other parts already cover, so equal audiences get equal keys. */
export function normalizeSpec(s: AudienceSpec): AudienceSpec {
  if (s.public) return { public: true };
  const orgs = sorted(s.orgs ?? []);
  const groups = sorted(s.groups ?? []);
  const out: AudienceSpec = {};
  if (orgs.length > 0) out.orgs = orgs;
  if (groups.length > 0) out.groups = groups;
  if (s.investigators) {
    out.investigators = true;
    return out;
  }
  const orgSet = new Set(orgs);
  const groupSet = new Set(groups);
  const invOrgs = sorted((s.invOrgs ?? []).filter((o) => !orgSet.has(o)));
  const invGroups = sorted((s.invGroups ?? []).filter((g) => !groupSet.has(g)));
  if (invOrgs.length > 0) out.invOrgs = invOrgs;
  if (invGroups.length > 0) out.invGroups = invGroups;
  return out;
}

/** The audience of one report, flag or feed: exactly the viewers `canSee` admits. */
export function specOfMarking(m: Marking): AudienceSpec {
  const orgs = [m.orgId];
  const others: AudienceSpec = {};
  switch (m.tlp) {
    case 'AMBER+STRICT':
      break;
    case 'RED':
      others.orgs = [...m.recipients];
      break;
    default:
      if (m.recipients.length === 0 && m.sharingGroups.length === 0) others.public = true;
      else {
        others.orgs = [...m.recipients];
        others.groups = [...m.sharingGroups];
      }
  }
  if (m.sensitivity === 'investigation') {
    return normalizeSpec({
      orgs,
      ...(others.public ? { investigators: true } : {}),
      invOrgs: others.orgs ?? [],
      invGroups: others.groups ?? [],
    });
  }
  if (others.public) return { public: true };
  return normalizeSpec({ orgs: [...orgs, ...(others.orgs ?? [])], groups: others.groups ?? [] });
}

export function unionSpec(a: AudienceSpec, b: AudienceSpec): AudienceSpec {
  if (a.public || b.public) return { public: true };
  return normalizeSpec({
    orgs: [...(a.orgs ?? []), ...(b.orgs ?? [])],
    groups: [...(a.groups ?? []), ...(b.groups ?? [])],
    ...(a.investigators || b.investigators ? { investigators: true } : {}),
    invOrgs: [...(a.invOrgs ?? []), ...(b.invOrgs ?? [])],
    invGroups: [...(a.invGroups ?? []), ...(b.invGroups ?? [])],
  });
}

export const PUBLIC_AUDIENCE = 0;

/** Interned audiences; id 0 is always "every partner". */
export class AudienceTable {
  private readonly list: Audience[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly unions = new Map<string, number>();

  constructor(specs: readonly AudienceSpec[] = []) {
    this.intern({ public: true });
    for (const s of specs) this.intern(s);
  }

  get size(): number {
    return this.list.length;
  }

  intern(spec: AudienceSpec): number {
    const normal = normalizeSpec(spec);
    const key = JSON.stringify(normal);
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(new Audience(normal));
      this.byKey.set(key, id);
    }
    return id;
  }

  ofMarking(m: Marking): number {
    if (m.sensitivity !== 'investigation' && m.recipients.length === 0 && m.sharingGroups.length === 0) {
      if (m.tlp === 'CLEAR' || m.tlp === 'GREEN' || m.tlp === 'AMBER') return PUBLIC_AUDIENCE;
    }
    return this.intern(specOfMarking(m));
  }

  union(a: number, b: number): number {
    if (a === b || a === PUBLIC_AUDIENCE) return a;
    if (b === PUBLIC_AUDIENCE) return b;
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    let id = this.unions.get(key);
    if (id === undefined) {
      id = this.intern(unionSpec(this.get(a).spec, this.get(b).spec));
      this.unions.set(key, id);
    }
    return id;
  }

  get(id: number): Audience {
    const a = this.list[id];
    if (a === undefined) throw new Error(`unknown audience ${id}`);
    return a;
  }

  allows(id: number, viewer: Viewer): boolean {
    return id === PUBLIC_AUDIENCE || this.get(id).allows(viewer);
  }

  specs(): AudienceSpec[] {
    return this.list.map((a) => a.spec);
  }
}
