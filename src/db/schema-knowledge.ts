/** Tables of the STIX knowledge base (`src/knowledge`). */

/** A STIX 2.1 object of the knowledge base (src/knowledge); `raw` is the object as imported. */
export interface KnowledgeObjectTable {
  id: string;
  type: string;
  name: string | null;
  /** JSON array of strings: `aliases` plus `x_mitre_aliases`. */
  aliases: string;
  /** JSON array: infrastructure_types, malware_types, tool_types or threat_actor_types. */
  subtypes: string;
  description: string | null;
  /** STIX timestamps normalized to nanosecond precision, so text order is time order. */
  created: string | null;
  modified: string | null;
  revoked: number;
  raw: string;
  source: string;
  imported_at: string;
  /** Set while an applied merge folds this object into another; lookups follow it. */
  merged_into:
    | string
    | null /** The organization whose import wrote this version (migration 0016); null before it. */;
  org_id: string | null;
  /** JSON array of the marking-definition ids the object refers to. */
  marking_refs: string;
}

/** Normalized (NFKC, lower-case) names and aliases, for search and alias merge proposals. */
export interface KnowledgeNameTable {
  object_id: string;
  name_key: string;
  type: string;
}

export interface KnowledgeRelationshipTable {
  id: string;
  source_ref: string;
  target_ref: string;
  relationship_type: string;
  description: string | null;
  created: string | null;
  modified: string | null;
  revoked: number;
  raw: string;
  source: string;
  imported_at: string;
  org_id: string | null;
  marking_refs: string;
}

export interface KnowledgeMergeTable {
  id: string;
  survivor_id: string;
  merged_id: string;
  reason: string;
  /** proposed | applied | reverted | rejected */
  status: string;
  matched_name: string | null;
  proposed_by: string | null;
  decided_by: string | null;
  created_at: string;
  decided_at: string | null;
  reverted_at: string | null;
  reverted_by: string | null;
}
