/**
 * Query templates → Cypher text. Labels and relationship types cannot be parameters, so templates
 * name them with placeholders that only the model's allow-lists can fill:
 *   __LABEL__, __FROM__, __TO__   a node label (asserted against model/labels.ts)
 *   __TYPE__                      a relationship type (asserted against model/relationships.ts)
 *   __TYPES__                     several types joined with | for a pattern ([r:A|B])
 *   VISIBLE(x)                    need-to-know predicate for node variable x (read/scope.ts)
 *   REL_VISIBLE(r)                need-to-know predicate for relationship variable r
 *   __HOPS__                      an integer bound for a variable-length pattern (1 to 8)
 * Every value stays a $parameter. Compiled text is cached per template and fill.
 */
import { assertNodeLabel, type NodeLabel } from '../model/labels.ts';
import { assertRelationshipType, type RelationshipType } from '../model/relationships.ts';

export interface Fill {
  label?: NodeLabel;
  from?: NodeLabel;
  to?: NodeLabel;
  type?: RelationshipType;
  types?: readonly RelationshipType[];
  /** Upper bound of a variable-length pattern (__HOPS__): an integer from 1 to 8. */
  hops?: number;
}

const cache = new Map<string, string>();
const VARIABLE = /^[a-z][a-zA-Z0-9_]*$/;

function variable(name: string): string {
  if (!VARIABLE.test(name)) throw new Error(`store/cypher: "${name}" is not a Cypher variable name`);
  return name;
}

export function cypher(template: string, fill: Fill = {}): string {
  const key = `${template}\u0000${JSON.stringify(fill)}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let text = template
    .replace(
      /REL_VISIBLE\((\w+)\)/g,
      (_m, r: string) => `($scope.all OR ${variable(r)}.extract IN $scope.extracts)`,
    )
    .replace(
      /(?<!REL_)VISIBLE\((\w+)\)/g,
      (_m, v: string) =>
        `($scope.all OR EXISTS { MATCH (sx:Extract)-[:MENTIONS]->(${variable(v)}) WHERE sx.id IN $scope.extracts })`,
    );
  const need = (placeholder: string, value: string | undefined): string => {
    if (value === undefined)
      throw new Error(`store/cypher: the template uses ${placeholder} but no value was given`);
    return value;
  };
  if (text.includes('__LABEL__'))
    text = text.replaceAll('__LABEL__', need('__LABEL__', fill.label && assertNodeLabel(fill.label)));
  if (text.includes('__FROM__'))
    text = text.replaceAll('__FROM__', need('__FROM__', fill.from && assertNodeLabel(fill.from)));
  if (text.includes('__TO__'))
    text = text.replaceAll('__TO__', need('__TO__', fill.to && assertNodeLabel(fill.to)));
  if (text.includes('__TYPES__')) {
    const types = need(
      '__TYPES__',
      fill.types && fill.types.length > 0 ? fill.types.map(assertRelationshipType).join('|') : undefined,
    );
    text = text.replaceAll('__TYPES__', types);
  }
  if (text.includes('__HOPS__')) {
    const hops = fill.hops;
    if (hops === undefined || !Number.isInteger(hops) || hops < 1 || hops > 8) {
      throw new Error(`store/cypher: __HOPS__ must be an integer from 1 to 8, got ${hops}`);
    }
    text = text.replaceAll('__HOPS__', String(hops));
  }
  if (text.includes('__TYPE__'))
    text = text.replaceAll('__TYPE__', need('__TYPE__', fill.type && assertRelationshipType(fill.type)));
  cache.set(key, text);
  return text;
}
