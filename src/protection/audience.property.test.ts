import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildContext } from '../core/detect/checkers.js';
import { domainParts, urlParts } from '../core/detect/url-parts.js';
import { canSee, type Marking, SENSITIVITIES, TLP_LEVELS, type Viewer } from '../sharing/policy.js';
import { ViewerLists, ViewerNumbers } from './lists.js';
import { ProtectionData } from './protection-data.js';

const ORGS = ['o0', 'o1', 'o2', 'o3', 'o4'];
const GROUPS = ['g0', 'g1', 'g2'];
const URLS = ['https://bad-a.top/x', 'https://bad-b.top/y', 'https://bad-c.top/z'];
const DOMAINS = ['evil-a.top', 'evil-b.top', 'evil-c.top'];
const PHONES = ['+819012345678', '+819087654321'];

const marking = fc.record({
  orgId: fc.constantFrom(...ORGS),
  tlp: fc.constantFrom(...TLP_LEVELS),
  sensitivity: fc.constantFrom(...SENSITIVITIES),
  recipients: fc.uniqueArray(fc.constantFrom(...ORGS), { maxLength: 3 }),
  sharingGroups: fc.uniqueArray(fc.constantFrom(...GROUPS), { maxLength: 2 }),
}) as fc.Arbitrary<Marking>;

const report = fc.record({
  marking,
  urls: fc.uniqueArray(fc.constantFrom(...URLS), { maxLength: 2 }),
  domains: fc.uniqueArray(fc.constantFrom(...DOMAINS), { maxLength: 2 }),
  phones: fc.uniqueArray(fc.constantFrom(...PHONES), { maxLength: 1 }),
});

const viewer = fc.record({
  orgId: fc.constantFrom(...ORGS, 'outsider'),
  groupIds: fc.uniqueArray(fc.constantFrom(...GROUPS), { maxLength: 3 }).map((g) => new Set(g)),
  investigationAccess: fc.boolean(),
}) as fc.Arbitrary<Viewer>;

const ctx = buildContext({});

describe('list-hit audience', () => {
  it('a caller gets a hit for a value exactly when it may see a report holding the value', () => {
    fc.assert(
      fc.property(
        fc.array(report, { maxLength: 12 }),
        fc.array(viewer, { minLength: 1, maxLength: 6 }),
        (reports, viewers) => {
          const data = new ProtectionData();
          reports.forEach((r, i) => {
            data.addReport({
              id: `r${i}`,
              marking: r.marking,
              sightings: [
                ...r.urls.map((value) => ({ type: 'url', value, role: 'phishing_url' })),
                ...r.domains.map((value) => ({ type: 'domain', value, role: 'landing_domain' })),
                ...r.phones.map((value) => ({ type: 'phone', value, role: 'callback_phone' })),
              ],
            });
          });
          for (const v of viewers) {
            const lists = new ViewerLists(data.stores, data.audiences, v, { brands: ctx.brands });
            const numbers = new ViewerNumbers(data.stores, data.audiences, v);
            const brute = (has: (r: (typeof reports)[number]) => boolean) =>
              reports.some((r) => has(r) && canSee(v, r.marking));
            for (const url of URLS) {
              const p = urlParts(url);
              if (!p.ok) throw new Error(url);
              expect(lists.matchUrl(p.parts) !== undefined).toBe(brute((r) => r.urls.includes(url)));
            }
            for (const d of DOMAINS) {
              const p = domainParts(d);
              const sub = domainParts(`www.${d}`);
              if (!p.ok || !sub.ok) throw new Error(d);
              const expected = brute((r) => r.domains.includes(d));
              expect(lists.matchUrl(p.parts) !== undefined).toBe(expected);
              expect(lists.matchUrl(sub.parts) !== undefined).toBe(expected);
            }
            for (const phone of PHONES)
              expect(numbers.has(phone)).toBe(brute((r) => r.phones.includes(phone)));
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never leaks RED, AMBER+STRICT or investigation reports to outsiders', () => {
    const data = new ProtectionData();
    const base = { recipients: [], sharingGroups: [] };
    data.addReport({
      id: 'a',
      marking: { orgId: 'o0', tlp: 'RED', sensitivity: 'normal', ...base, recipients: ['o1'] },
      sightings: [{ type: 'url', value: URLS[0] as string, role: 'phishing_url' }],
    });
    data.addReport({
      id: 'b',
      marking: { orgId: 'o0', tlp: 'AMBER+STRICT', sensitivity: 'normal', ...base },
      sightings: [{ type: 'url', value: URLS[1] as string, role: 'phishing_url' }],
    });
    data.addReport({
      id: 'c',
      marking: { orgId: 'o0', tlp: 'GREEN', sensitivity: 'investigation', ...base },
      sightings: [{ type: 'url', value: URLS[2] as string, role: 'phishing_url' }],
    });
    const hits = (v: Viewer) => {
      const lists = new ViewerLists(data.stores, data.audiences, v, { brands: ctx.brands });
      return URLS.map((u) => {
        const p = urlParts(u);
        return p.ok && lists.matchUrl(p.parts) !== undefined;
      });
    };
    const none = new Set<string>();
    expect(hits({ orgId: 'o2', groupIds: none, investigationAccess: false })).toEqual([false, false, false]);
    expect(hits({ orgId: 'o2', groupIds: none, investigationAccess: true })).toEqual([false, false, true]);
    expect(hits({ orgId: 'o1', groupIds: none, investigationAccess: false })).toEqual([true, false, false]);
    expect(hits({ orgId: 'o0', groupIds: none, investigationAccess: false })).toEqual([true, true, true]);
  });
});
