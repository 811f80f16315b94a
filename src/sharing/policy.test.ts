import { describe, expect, it } from 'vitest';
import { canSee, checkMarking, isAuditedRead, type Marking, type Viewer } from './policy.js';

const viewer = (orgId: string, groups: string[] = [], investigationAccess = false): Viewer => ({
  orgId,
  groupIds: new Set(groups),
  investigationAccess,
});
const marking = (m: Partial<Marking>): Marking => ({
  orgId: 'reporter',
  tlp: 'GREEN',
  sensitivity: 'normal',
  recipients: [],
  sharingGroups: [],
  ...m,
});

describe('canSee', () => {
  it('always lets the reporting organization see its own reports', () => {
    for (const tlp of ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const) {
      expect(canSee(viewer('reporter'), marking({ tlp, sensitivity: 'investigation' }))).toBe(true);
    }
  });

  it('shares unrestricted CLEAR, GREEN and AMBER with the whole community', () => {
    for (const tlp of ['CLEAR', 'GREEN', 'AMBER'] as const)
      expect(canSee(viewer('bank'), marking({ tlp }))).toBe(true);
  });

  it('keeps AMBER+STRICT inside the reporting organization', () => {
    expect(canSee(viewer('bank', ['g1']), marking({ tlp: 'AMBER+STRICT' }))).toBe(false);
  });

  it('shows RED only to named recipients, never through groups', () => {
    expect(canSee(viewer('bank'), marking({ tlp: 'RED', recipients: ['bank'] }))).toBe(true);
    expect(canSee(viewer('carrier'), marking({ tlp: 'RED', recipients: ['bank'] }))).toBe(false);
    expect(canSee(viewer('carrier', ['g1']), marking({ tlp: 'RED', sharingGroups: ['g1'] }))).toBe(false);
  });

  it('narrows to recipients and members of any listed group', () => {
    const m = marking({ tlp: 'AMBER', sharingGroups: ['g1', 'g2'], recipients: ['police'] });
    expect(canSee(viewer('a', ['g2']), m)).toBe(true);
    expect(canSee(viewer('police'), m)).toBe(true);
    expect(canSee(viewer('b', ['g3']), m)).toBe(false);
  });

  it('requires the investigation grant on top of the marking', () => {
    const m = marking({ tlp: 'GREEN', sensitivity: 'investigation' });
    expect(canSee(viewer('bank'), m)).toBe(false);
    expect(canSee(viewer('police', [], true), m)).toBe(true);
    expect(canSee(viewer('police', [], true), { ...m, tlp: 'RED' })).toBe(false);
  });
});

describe('markings', () => {
  it('rejects audiences that contradict the TLP', () => {
    expect(checkMarking({ tlp: 'AMBER+STRICT', recipients: ['x'], sharingGroups: [] })?.field).toBe(
      '/recipients',
    );
    expect(checkMarking({ tlp: 'RED', recipients: [], sharingGroups: ['g'] })?.field).toBe('/sharingGroups');
    expect(checkMarking({ tlp: 'RED', recipients: ['x'], sharingGroups: [] })).toBeNull();
  });

  it('audits reads of AMBER, RED and investigation items only', () => {
    expect(isAuditedRead({ tlp: 'GREEN', sensitivity: 'normal' })).toBe(false);
    expect(isAuditedRead({ tlp: 'CLEAR', sensitivity: 'investigation' })).toBe(true);
    expect(isAuditedRead({ tlp: 'AMBER', sensitivity: 'normal' })).toBe(true);
    expect(isAuditedRead({ tlp: 'RED', sensitivity: 'normal' })).toBe(true);
  });
});
