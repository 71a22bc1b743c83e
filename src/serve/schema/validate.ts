/**
 * Input validation in one place: each mutation states its rules as a zod schema, and a value that
 * breaks one is a BAD_USER_INPUT error naming the field and the rule, before any work starts.
 */
import type { z } from 'zod';
import { expectedError } from '../errors.ts';

export function validated<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const argument = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  throw expectedError('BAD_USER_INPUT', `"${argument}" ${issue.message}.`, { argument });
}
