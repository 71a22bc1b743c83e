/** Roles a person can hold in a case. A victim is a person to protect, never scored as an offender. */
export const CASE_ROLES = ['victim', 'suspect', 'witness', 'other'] as const;
export type CaseRole = (typeof CASE_ROLES)[number];

/**
 * A stored or loaded role as one of CASE_ROLES: trimmed and case-folded ("Victim " is a victim),
 * undefined for anything else. The loader refuses such a value; a read meets one only in a graph
 * written before roles were checked, and shows it as `other` rather than failing.
 */
export function caseRoleOf(value: unknown): CaseRole | undefined {
  if (typeof value !== 'string') return undefined;
  const role = value.trim().toLowerCase();
  return (CASE_ROLES as readonly string[]).includes(role) ? (role as CaseRole) : undefined;
}

/** A stored role as the API and analysis read it: a known role, else `other` (never a failure). */
export function storedCaseRole(value: unknown): CaseRole {
  return caseRoleOf(value) ?? 'other';
}

/** Indicator categories: the kinds of exploitation and fraud an indicator gives evidence of. */
export const INDICATOR_CATEGORIES = ['THB', 'FINANCIAL', 'BENEFIT'] as const;
export type IndicatorCategory = (typeof INDICATOR_CATEGORIES)[number];
