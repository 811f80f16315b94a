export const ORG_KINDS = [
  'police',
  'analyst_centre',
  'bank',
  'payment',
  'hosting',
  'carrier',
  'registrar',
  'exchange',
  'vendor',
  'volunteer',
  'other',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const MEMBER_ROLES = ['admin', 'analyst', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
