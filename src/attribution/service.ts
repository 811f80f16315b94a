import type { AuditLog } from '../audit/store.js';
import { type Principal, requireScope } from '../auth/service.js';
import { mergedIdsOf, publicCampaignId, storedCampaignFor } from '../correlation/campaign-ids.js';
import { type Database, transact } from '../db/database.js';
import type { KobanDatabase } from '../db/schema.js';
import { invalid, KobanError } from '../errors/catalogue.js';
import { canSee, type Marking, type Tlp } from '../sharing/policy.js';
import { visibleReportIds, visibleTo } from '../sharing/visibility-sql.js';

/** Tactical: technical traces; operational: the actor's attributes and organization; strategic: identity and motive. */
export const LAYERS = ['tactical', 'operational', 'strategic'] as const;
export const DECISIONS = ['proposed', 'confirmed', 'rejected'] as const;
export const TARGET_TYPES = ['campaign', 'report'] as const;
const ACTOR_TYPES = ['intrusion-set', 'threat-actor', 'campaign', 'malware', 'tool', 'infrastructure'];

export interface Evidence {
  kind: 'report' | 'indicator' | 'url' | 'note';
  ref: string;
}

export interface AttributionInput {
  targetType: (typeof TARGET_TYPES)[number];
  targetId: string;
  actorId: string;
  confidence: number;
  layer: (typeof LAYERS)[number];
  evidence: Evidence[];
  decision?: (typeof DECISIONS)[number];
  tlp: Tlp;
}

export interface AttributionView {
  id: string;
  target: { type: string; id: string };
  actor: { id: string; type: string; name: string };
  confidence: number;
  layer: string;
  evidence: Evidence[];
  decision: string;
  attributedBy: { orgId: string };
  tlp: string;
  createdAt: string;
  updatedAt: string;
  history?: { at: string; orgId: string; change: unknown }[];
}

interface Deps {
  database: Database;
  audit: AuditLog;
  newId: () => string;
  now: () => Date;
}

/** Attribution of campaigns and reports to actors, with the analyst's decision and its full history. */
export class Attributions {
  constructor(private readonly deps: Deps) {}

  async propose(principal: Principal, input: AttributionInput): Promise<AttributionView> {
    requireScope(principal, 'attribution:write');
    const targetId = await this.storedTarget(principal, input.targetType, input.targetId, '/targetId');
    const actor = await this.resolveActor(input.actorId);
    const at = this.deps.now().toISOString();
    const row: KobanDatabase['attributions'] = {
      id: this.deps.newId(),
      target_type: input.targetType,
      target_id: targetId,
      actor_id: actor.id,
      confidence: input.confidence,
      layer: input.layer,
      evidence: JSON.stringify(input.evidence),
      decision: input.decision ?? 'proposed',
      org_id: principal.orgId,
      tlp: input.tlp,
      created_at: at,
      updated_at: at,
    };
    await transact(this.deps.database, async (trx) => {
      await trx.insertInto('attributions').values(row).execute();
      await this.history(trx, principal, row.id, at, {
        action: 'create',
        confidence: row.confidence,
        layer: row.layer,
        decision: row.decision,
      });
    });
    return this.shown(principal, row);
  }

  async decide(
    principal: Principal,
    id: string,
    change: {
      decision: (typeof DECISIONS)[number];
      confidence?: number;
      layer?: (typeof LAYERS)[number];
      note?: string;
    },
  ): Promise<AttributionView> {
    requireScope(principal, 'attribution:write');
    const current = await this.visibleRow(principal, id);
    const at = this.deps.now().toISOString();
    const updated = {
      decision: change.decision,
      confidence: change.confidence ?? current.confidence,
      layer: change.layer ?? current.layer,
      updated_at: at,
    };
    await transact(this.deps.database, async (trx) => {
      await trx.updateTable('attributions').set(updated).where('id', '=', id).execute();
      await this.history(trx, principal, id, at, {
        action: 'decide',
        from: { decision: current.decision, confidence: current.confidence, layer: current.layer },
        to: { decision: updated.decision, confidence: updated.confidence, layer: updated.layer },
        ...(change.note ? { note: change.note } : {}),
      });
    });
    return this.get(principal, id);
  }

  async get(principal: Principal, id: string): Promise<AttributionView> {
    const row = await this.visibleRow(principal, id);
    const history = await this.deps.database.db
      .selectFrom('attribution_history')
      .selectAll()
      .where('attribution_id', '=', id)
      .orderBy('id')
      .execute();
    return {
      ...(await this.shown(principal, row)),
      history: history.map((h) => ({ at: h.at, orgId: h.org_id, change: JSON.parse(h.change) as unknown })),
    };
  }

  /**
   * Attributions of one target that the caller may see; the target itself must be visible. A stored
   * campaign also answers for the campaigns merged into it (an attribution survives a merge).
   */
  async forTarget(principal: Principal, targetType: string, targetId: string): Promise<AttributionView[]> {
    const { db } = this.deps.database;
    const targets = targetType === 'campaign' ? await mergedIdsOf(db, targetId) : [targetId];
    const rows = await db
      .selectFrom('attributions')
      .selectAll()
      .where('target_type', '=', targetType)
      .where('target_id', 'in', targets)
      .orderBy('id')
      .execute();
    const out: AttributionView[] = [];
    for (const row of rows) {
      if (canSee(principal.viewer, markingOf(row))) out.push(await this.shown(principal, row));
    }
    return out;
  }

  /**
   * The view of a row for this caller: evidence reports it may not see are left out, and a campaign
   * target is named as the caller sees the campaign (its earliest visible report).
   */
  private async shown(principal: Principal, row: KobanDatabase['attributions']): Promise<AttributionView> {
    const base = toView(row, await this.resolveActor(row.actor_id));
    const publicTarget =
      row.target_type === 'campaign'
        ? await publicCampaignId(this.deps.database.db, principal.viewer, row.target_id)
        : row.target_id;
    const view = { ...base, target: { type: row.target_type, id: publicTarget ?? row.target_id } };
    const reportRefs = view.evidence.filter((e) => e.kind === 'report').map((e) => e.ref);
    if (reportRefs.length === 0) return view;
    const ids = await visibleReportIds(this.deps.database.db, principal.viewer, reportRefs);
    return { ...view, evidence: view.evidence.filter((e) => e.kind !== 'report' || ids.has(e.ref)) };
  }

  private async visibleRow(principal: Principal, id: string) {
    const row = await this.deps.database.db
      .selectFrom('attributions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || !canSee(principal.viewer, markingOf(row)))
      throw new KobanError('not_found', 'attribution not found');
    await this.storedTarget(principal, row.target_type, row.target_id, 'id').catch(() => {
      throw new KobanError('not_found', 'attribution not found');
    });
    return row;
  }

  /**
   * The stored target: a report the caller may see, or a campaign — named as views name it or by a
   * stored id — with at least one report the caller may see.
   */
  private async storedTarget(principal: Principal, type: string, id: string, field: string): Promise<string> {
    const { db } = this.deps.database;
    if (type === 'campaign') {
      const stored = await storedCampaignFor(db, principal.viewer, id);
      if (!stored) throw invalid(field, 'no such campaign');
      return stored;
    }
    const found = await db
      .selectFrom('reports as r')
      .select('r.id')
      .where('r.id', '=', id)
      .where(visibleTo(principal.viewer))
      .executeTakeFirst();
    if (!found) throw invalid(field, `no such ${type}`);
    return id;
  }

  private async resolveActor(id: string): Promise<{ id: string; type: string; name: string }> {
    let current = id;
    for (let hops = 0; hops < 10; hops++) {
      const row = await this.deps.database.db
        .selectFrom('knowledge_objects')
        .select(['id', 'type', 'name', 'merged_into'])
        .where('id', '=', current)
        .executeTakeFirst();
      if (!row || !ACTOR_TYPES.includes(row.type))
        throw invalid('/actorId', `no such actor (one of: ${ACTOR_TYPES.join(', ')})`);
      if (!row.merged_into) return { id: row.id, type: row.type, name: row.name ?? row.id };
      current = row.merged_into;
    }
    throw invalid('/actorId', 'merge chain too long');
  }

  private async history(
    trx: Parameters<Parameters<typeof transact>[1]>[0],
    principal: Principal,
    id: string,
    at: string,
    change: Record<string, unknown>,
  ) {
    await trx
      .insertInto('attribution_history')
      .values({
        id: this.deps.newId(),
        attribution_id: id,
        at,
        org_id: principal.orgId,
        key_id: principal.keyId,
        change: JSON.stringify(change),
      })
      .execute();
    await this.deps.audit.appendIn(trx, [
      {
        orgId: principal.orgId,
        keyId: principal.keyId,
        action: `attribution.${String(change.action)}`,
        targetType: 'attribution',
        targetId: id,
        details: change,
      },
    ]);
  }
}

function markingOf(row: KobanDatabase['attributions']): Marking {
  return { orgId: row.org_id, tlp: row.tlp as Tlp, sensitivity: 'normal', recipients: [], sharingGroups: [] };
}

function toView(
  row: KobanDatabase['attributions'],
  actor: { id: string; type: string; name: string },
): AttributionView {
  return {
    id: row.id,
    target: { type: row.target_type, id: row.target_id },
    actor,
    confidence: Number(row.confidence),
    layer: row.layer,
    evidence: JSON.parse(row.evidence) as Evidence[],
    decision: row.decision,
    attributedBy: { orgId: row.org_id },
    tlp: row.tlp,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
