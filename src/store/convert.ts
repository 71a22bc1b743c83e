/**
 * Converts what the driver returns into plain JavaScript at the store boundary: Neo4j integers
 * become numbers (or decimal strings past 2^53, which no count or amount here reaches), temporal
 * values become ISO-8601 strings, nodes and relationships become plain objects.
 */
import neo4j from 'neo4j-driver';

export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

export interface PlainNode {
  [key: string]: Plain;
  labels: string[];
  properties: { [key: string]: Plain };
}

export interface PlainRelationship {
  [key: string]: Plain;
  type: string;
  start: string;
  end: string;
  properties: { [key: string]: Plain };
}

function isTemporal(value: unknown): boolean {
  return (
    neo4j.isDate(value as never) ||
    neo4j.isDateTime(value as never) ||
    neo4j.isLocalDateTime(value as never) ||
    neo4j.isLocalTime(value as never) ||
    neo4j.isTime(value as never) ||
    neo4j.isDuration(value as never)
  );
}

export function toPlain(value: unknown): Plain {
  if (value === null || value === undefined) return null;
  // Strings, numbers, lists and maps are most of every result: asked first, they skip the nine
  // type tests below (the driver decodes a map as a plain object, a class instance is not one).
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (Object.getPrototypeOf(value) === Object.prototype) return toPlainMap(value as Record<string, unknown>);
  if (neo4j.isInt(value)) {
    return value.inSafeRange() ? value.toNumber() : value.toString();
  }
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (isTemporal(value)) return String(value);
  if (neo4j.isNode(value as never)) {
    const node = value as unknown as { labels: string[]; properties: Record<string, unknown> };
    return { labels: [...node.labels], properties: toPlainMap(node.properties) };
  }
  if (neo4j.isRelationship(value as never)) {
    const rel = value as unknown as {
      type: string;
      startNodeElementId: string;
      endNodeElementId: string;
      properties: Record<string, unknown>;
    };
    return {
      type: rel.type,
      start: rel.startNodeElementId,
      end: rel.endNodeElementId,
      properties: toPlainMap(rel.properties),
    };
  }
  if (neo4j.isPath(value as never)) {
    const path = value as unknown as { segments: { start: unknown; relationship: unknown; end: unknown }[] };
    return path.segments.map((s) => ({
      start: toPlain(s.start),
      relationship: toPlain(s.relationship),
      end: toPlain(s.end),
    }));
  }
  if (typeof value === 'object') return toPlainMap(value as Record<string, unknown>);
  return String(value);
}

export function toPlainMap(map: Record<string, unknown>): { [key: string]: Plain } {
  const out: { [key: string]: Plain } = {};
  for (const [key, v] of Object.entries(map)) out[key] = toPlain(v);
  return out;
}

/** A whole number as a Neo4j integer parameter (LIMIT, SKIP and list slices refuse floats). */
export function int(value: number): ReturnType<typeof neo4j.int> {
  if (!Number.isSafeInteger(value)) throw new Error(`store/convert: ${value} is not a whole number`);
  return neo4j.int(value);
}
