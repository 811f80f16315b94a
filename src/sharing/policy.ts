/**
 * The one access policy for reports and everything derived from them (indicator sightings,
 * counts, lists). Pure: the SQL filter in ./visibility-sql.ts must agree with `canSee`, and a
 * property-based test holds them to it.
 */
export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

export const PAP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'RED'] as const;
export type Pap = (typeof PAP_LEVELS)[number];

export const SENSITIVITIES = ['normal', 'investigation'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

/** Who is asking: resolved from the API key on every request. */
export interface Viewer {
  orgId: string;
  groupIds: ReadonlySet<string>;
  investigationAccess: boolean;
}

/** The parts of a report that decide who may see it. */
export interface Marking {
  orgId: string;
  tlp: Tlp;
  sensitivity: Sensitivity;
  recipients: readonly string[];
  sharingGroups: readonly string[];
}

/** TLP levels whose audience can be narrowed by sharing groups and named recipients. */
export const GROUP_SHAREABLE_TLPS: readonly Tlp[] = ['CLEAR', 'GREEN', 'AMBER'];

export function canSee(viewer: Viewer, marking: Marking): boolean {
  if (viewer.orgId === marking.orgId) return true;
  if (marking.sensitivity === 'investigation' && !viewer.investigationAccess) return false;
  switch (marking.tlp) {
    case 'AMBER+STRICT':
      return false;
    case 'RED':
      return marking.recipients.includes(viewer.orgId);
    default: {
      if (marking.recipients.length === 0 && marking.sharingGroups.length === 0) return true;
      if (marking.recipients.includes(viewer.orgId)) return true;
      return marking.sharingGroups.some((g) => viewer.groupIds.has(g));
    }
  }
}

/** Reads of these items are written to the audit log. */
export function isAuditedRead(marking: Pick<Marking, 'tlp' | 'sensitivity'>): boolean {
  return (
    marking.sensitivity === 'investigation' ||
    marking.tlp === 'AMBER' ||
    marking.tlp === 'AMBER+STRICT' ||
    marking.tlp === 'RED'
  );
}

export interface MarkingProblem {
  field: string;
  reason: string;
}

/** Rejects markings that cannot mean what the reporter intends (never silently widens or narrows). */
export function checkMarking(input: {
  tlp: Tlp;
  recipients: readonly string[];
  sharingGroups: readonly string[];
}): MarkingProblem | null {
  if (input.tlp === 'AMBER+STRICT' && (input.recipients.length > 0 || input.sharingGroups.length > 0)) {
    return {
      field: '/recipients',
      reason:
        'AMBER+STRICT reports stay inside the reporting organization; recipients and sharingGroups are not allowed',
    };
  }
  if (input.tlp === 'RED' && input.sharingGroups.length > 0) {
    return {
      field: '/sharingGroups',
      reason: 'RED reports go only to explicitly named organizations: use recipients, not sharingGroups',
    };
  }
  return null;
}
