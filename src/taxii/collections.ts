import type { Principal } from '../auth/service.js';
import { uuidV5 } from '../correlation/stix-primitives.js';
import type { Database } from '../db/database.js';
import { notFound, STIX_MEDIA_TYPE } from './protocol.js';
import type { CollectionScope } from './scopes.js';

/** A TAXII collection resource (§5.2) as this caller sees it. */
export interface CollectionResource {
  id: string;
  title: string;
  description: string;
  alias: string;
  can_read: boolean;
  can_write: boolean;
  media_types: string[];
}

export interface ResolvedCollection {
  resource: CollectionResource;
  scope: CollectionScope;
  /** Reports POSTed here are shared with these groups only (group collections). */
  intakeGroups: string[];
}

/**
 * Collection ids are UUIDv5 of the scope's name: the same on every node and every restart, and a
 * group's collection id says nothing about groups the caller is not in (ids of those never resolve).
 */
export const VISIBLE_COLLECTION_ID = uuidV5('taxii-collection:visible');
export const OWN_COLLECTION_ID = uuidV5('taxii-collection:own');
export const groupCollectionId = (groupId: string) => uuidV5(`taxii-collection:group:${groupId}`);

/** Collections: everything visible (read), the caller's own reports (read/write), each group it is in (read/write). */
export async function collectionsFor(
  database: Database,
  principal: Principal,
): Promise<ResolvedCollection[]> {
  const has = (scope: string) => principal.scopes.has(scope as never) || principal.scopes.has('admin');
  const canRead = has('reports:read');
  const canWrite = has('reports:write');
  const base = { can_read: canRead, media_types: [STIX_MEDIA_TYPE] };
  const out: ResolvedCollection[] = [
    {
      resource: {
        ...base,
        id: VISIBLE_COLLECTION_ID,
        alias: 'visible',
        title: 'All reports visible to your organization',
        description:
          'Every report and indicator the sharing policy lets your organization see (TLP 2.0, sharing groups, recipients).',
        can_write: false,
      },
      scope: { kind: 'visible' },
      intakeGroups: [],
    },
    {
      resource: {
        ...base,
        id: OWN_COLLECTION_ID,
        alias: 'own',
        title: "Your organization's reports",
        description:
          'Reports your organization submitted. POST indicators or observables here to submit reports (TLP from their markings, AMBER without one).',
        can_write: canWrite,
      },
      scope: { kind: 'own' },
      intakeGroups: [],
    },
  ];
  const groupIds = [...principal.viewer.groupIds].sort();
  if (groupIds.length === 0) return out;
  const groups = await database.db
    .selectFrom('sharing_groups')
    .select(['id', 'name'])
    .where('id', 'in', groupIds)
    .orderBy('id')
    .execute();
  for (const g of groups) {
    out.push({
      resource: {
        ...base,
        id: groupCollectionId(g.id),
        alias: `group-${g.id}`,
        title: `Sharing group: ${g.name}`,
        description: `Reports shared with the sharing group "${g.name}" that your organization may see. POSTed objects are shared with this group only.`,
        can_write: canWrite,
      },
      scope: { kind: 'group', groupId: g.id },
      intakeGroups: [g.id],
    });
  }
  return out;
}

export async function resolveCollection(
  database: Database,
  principal: Principal,
  id: string,
): Promise<ResolvedCollection> {
  const found = (await collectionsFor(database, principal)).find((c) => c.resource.id === id);
  // A collection the caller is not in answers exactly like one that does not exist.
  if (!found) throw notFound('collection');
  return found;
}
