/**
 * Query limits (graphql-armor): one client cannot send a query so deep, wide or long that it ties
 * up the server or Neo4j. The numbers leave room for the deepest legitimate queries (a neighbourhood
 * with typed fragments and nested transactions is about 10 levels).
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';

export const LIMITS = {
  maxDepth: 12,
  maxCost: 20_000,
  maxAliases: 15,
  maxTokens: 4_000,
  maxDirectives: 20,
} as const;

export function useArmor(production: boolean) {
  return EnvelopArmorPlugin({
    maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    costLimit: { maxCost: LIMITS.maxCost, ignoreIntrospection: true },
    maxAliases: { n: LIMITS.maxAliases },
    maxTokens: { n: LIMITS.maxTokens },
    maxDirectives: { n: LIMITS.maxDirectives },
    // Field suggestions ("did you mean …") reveal the schema; keep them where introspection is on.
    blockFieldSuggestion: { enabled: production },
  });
}
