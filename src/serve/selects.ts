/**
 * Look-ahead for resolvers that can fetch a child field with their own statement: whether the field
 * being resolved asks for a direct subfield, through inline fragments and named fragments too.
 * `@skip`/`@include` are not evaluated: a field they drop is still counted as asked for, which
 * costs a little unused data, never a missing answer.
 */
import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

export function selectsSubfield(info: GraphQLResolveInfo, name: string): boolean {
  const spread = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === name;
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      const fragment = selection.name.value;
      if (spread.has(fragment)) return false;
      spread.add(fragment);
      return visit(info.fragments[fragment]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
