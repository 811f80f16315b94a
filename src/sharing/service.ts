import type { AuditLog } from '../audit/store.js';
import { type AuthService, type Principal, requireScope } from '../auth/service.js';
import { type Database, transact } from '../db/database.js';
import { invalid, KobanError } from '../errors/catalogue.js';

export interface SharingGroupView {
  id: string;
  name: string;
  description: string | null;
  createdAt: string;
  /** True when the caller's organization owns (administers) the group. */
  owned: boolean;
  /** Only the owner sees the membership: members must not learn who else is in a group. */
  members?: string[];
}

interface Deps {
  database: Database;
  audit: AuditLog;
  auth: AuthService;
  newId: () => string;
  now: () => Date;
}

/** Sharing groups: named audiences a report can be shared with, several per report. */
export class SharingGroupService {
  constructor(private readonly deps: Deps) {}

  async create(principal: Principal, input: { name: string; description?: string; members?: string[] }) {
    requireScope(principal, 'groups:manage');
    const name = input.name.trim();
    if (!name) throw invalid('/name', 'must not be blank');
    const members = [...new Set([principal.orgId, ...(input.members ?? [])])];
    const id = this.deps.newId();
    const at = this.deps.now().toISOString();
    await transact(this.deps.database, async (trx) => {
      const known = await trx.selectFrom('organizations').select('id').where('id', 'in', members).execute();
      const knownIds = new Set(known.map((k) => k.id));
      const unknown = (input.members ?? []).findIndex((m) => !knownIds.has(m));
      if (unknown >= 0) throw invalid(`/members/${unknown}`, 'no such organization');
      await trx
        .insertInto('sharing_groups')
        .values({
          id,
          name,
          description: input.description ?? null,
          owner_org_id: principal.orgId,
          created_at: at,
        })
        .execute();
      await trx
        .insertInto('sharing_group_members')
        .values(members.map((org_id) => ({ group_id: id, org_id, added_at: at })))
        .execute();
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'sharing_group.create',
          targetType: 'sharing_group',
          targetId: id,
          details: { name, members },
        },
      ]);
    });
    for (const m of members) this.deps.auth.invalidateOrg(m);
    return this.get(principal, id);
  }

  async list(principal: Principal): Promise<SharingGroupView[]> {
    const rows = await this.deps.database.db
      .selectFrom('sharing_groups as g')
      .innerJoin('sharing_group_members as m', 'm.group_id', 'g.id')
      .selectAll('g')
      .where('m.org_id', '=', principal.orgId)
      .orderBy('g.id')
      .execute();
    return Promise.all(rows.map((g) => this.view(principal, g)));
  }

  async get(principal: Principal, id: string): Promise<SharingGroupView> {
    const group = await this.deps.database.db
      .selectFrom('sharing_groups as g')
      .innerJoin('sharing_group_members as m', 'm.group_id', 'g.id')
      .selectAll('g')
      .where('g.id', '=', id)
      .where('m.org_id', '=', principal.orgId)
      .executeTakeFirst();
    if (!group) throw new KobanError('not_found', 'sharing group not found');
    return this.view(principal, group);
  }

  async setMember(
    principal: Principal,
    groupId: string,
    orgId: string,
    present: boolean,
  ): Promise<SharingGroupView> {
    requireScope(principal, 'groups:manage');
    await transact(this.deps.database, async (trx) => {
      const group = await trx
        .selectFrom('sharing_groups')
        .select('owner_org_id')
        .where('id', '=', groupId)
        .executeTakeFirst();
      if (group?.owner_org_id !== principal.orgId)
        throw new KobanError('not_found', 'sharing group not found');
      if (present) {
        const org = await trx
          .selectFrom('organizations')
          .select('id')
          .where('id', '=', orgId)
          .executeTakeFirst();
        if (!org) throw invalid('orgId', 'no such organization');
        await trx
          .insertInto('sharing_group_members')
          .values({ group_id: groupId, org_id: orgId, added_at: this.deps.now().toISOString() })
          .onConflict((oc) => oc.columns(['group_id', 'org_id']).doNothing())
          .execute();
      } else {
        if (orgId === principal.orgId) throw invalid('orgId', 'the owner cannot leave its own group');
        await trx
          .deleteFrom('sharing_group_members')
          .where('group_id', '=', groupId)
          .where('org_id', '=', orgId)
          .execute();
      }
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: present ? 'sharing_group.add_member' : 'sharing_group.remove_member',
          targetType: 'sharing_group',
          targetId: groupId,
          details: { member: orgId },
        },
      ]);
    });
    this.deps.auth.invalidateOrg(orgId);
    return this.get(principal, groupId);
  }

  private async view(
    principal: Principal,
    g: { id: string; name: string; description: string | null; created_at: string; owner_org_id: string },
  ): Promise<SharingGroupView> {
    const owned = g.owner_org_id === principal.orgId;
    const view: SharingGroupView = {
      id: g.id,
      name: g.name,
      description: g.description,
      createdAt: g.created_at,
      owned,
    };
    if (owned) {
      const members = await this.deps.database.db
        .selectFrom('sharing_group_members')
        .select('org_id')
        .where('group_id', '=', g.id)
        .orderBy('org_id')
        .execute();
      view.members = members.map((m) => m.org_id);
    }
    return view;
  }
}
