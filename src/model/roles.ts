/** Roles a person can hold in a case. A victim is a person to protect, never scored as an offender. */
export const CASE_ROLES = ['victim', 'suspect', 'witness', 'other'] as const;
export type CaseRole = (typeof CASE_ROLES)[number];

/** Indicator categories: the kinds of exploitation and fraud an indicator gives evidence of. */
export const INDICATOR_CATEGORIES = ['THB', 'FINANCIAL', 'BENEFIT'] as const;
export type IndicatorCategory = (typeof INDICATOR_CATEGORIES)[number];
