/**
 * Values the model gives a meaning to on relationships, checked when a row is loaded so that
 * nothing in the store can make a later read fail or mislead:
 * - INVOLVED_IN.role is one of the case roles (model/roles.ts), stored in its canonical form;
 * - PAID may stand for several transfers over a period (an aggregate of a financial-intelligence
 *   export): `count` is a whole number of at least 1, `until` (end of the period) is a date or
 *   datetime no earlier than `at`, and a period needs its start.
 */
import { CASE_ROLES, caseRoleOf } from './roles.ts';

type Values = Record<string, string | number | boolean>;

/**
 * Checks and canonicalises `props` of a relationship of `type` in place; returns the reason the
 * row is refused (naming the property), or undefined when the values are fine.
 */
export function checkRelationshipValues(type: string, props: Values): string | undefined {
  if (type === 'INVOLVED_IN' && props.role !== undefined) {
    const role = caseRoleOf(props.role);
    if (role === undefined) {
      return `property role: "${String(props.role)}" is not a case role; use one of ${CASE_ROLES.join(', ')} (a map transform can translate the file's words)`;
    }
    props.role = role;
  }
  if (type === 'PAID') {
    const count = props.count;
    if (count !== undefined && !(typeof count === 'number' && Number.isInteger(count) && count >= 1)) {
      return `property count: "${String(count)}" is not a number of transfers (a whole number of at least 1; use the integer transform)`;
    }
    const until = props.until;
    if (until !== undefined) {
      if (typeof until !== 'string') {
        return `property until: "${String(until)}" is not a date (use the date or datetime transform)`;
      }
      if (props.at === undefined) {
        return 'property until: a period needs its start; map `at` too (the first transfer of the period)';
      }
      // A date-only end compares with the day of a datetime start (same day is no error).
      const at = String(props.at);
      const n = Math.min(until.length, at.length);
      if (until.slice(0, n) < at.slice(0, n)) {
        return `property until: ${until} is before at ${String(props.at)}; a period ends after it starts`;
      }
    }
  }
  return undefined;
}
