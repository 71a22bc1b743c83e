import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { toPlain } from '../../../src/store/convert.ts';

describe('toPlain', () => {
  it('turns Neo4j integers into numbers, and into decimal strings past 2^53', () => {
    expect(toPlain(neo4j.int(42))).toBe(42);
    expect(toPlain(neo4j.int('-9007199254740991'))).toBe(-9007199254740991);
    expect(toPlain(neo4j.int('9223372036854775807'))).toBe('9223372036854775807');
    expect(toPlain(12n)).toBe(12);
  });

  it('turns temporal values into ISO-8601 strings', () => {
    expect(toPlain(new neo4j.types.Date(2024, 2, 9))).toBe('2024-02-09');
    expect(toPlain(new neo4j.types.DateTime(2024, 2, 9, 13, 5, 0, 0, 0))).toBe('2024-02-09T13:05:00Z');
    expect(toPlain(new neo4j.types.LocalDateTime(2024, 2, 9, 13, 5, 7, 0))).toBe('2024-02-09T13:05:07');
    expect(toPlain(new neo4j.types.Duration(0, 2, 30, 0))).toBe('P2DT30S');
  });

  it('converts nested maps, lists, nodes and relationships', () => {
    const node = new neo4j.types.Node(neo4j.int(1), ['Person'], { id: 'person:x', rows: neo4j.int(3) }, 'e1');
    const rel = new neo4j.types.Relationship(
      neo4j.int(5),
      neo4j.int(1),
      neo4j.int(2),
      'HOLDS',
      { row: neo4j.int(7) },
      'r5',
      'e1',
      'e2',
    );
    expect(toPlain({ n: node, r: rel, list: [neo4j.int(1), null, 'a'] })).toEqual({
      n: { labels: ['Person'], properties: { id: 'person:x', rows: 3 } },
      r: { type: 'HOLDS', start: 'e1', end: 'e2', properties: { row: 7 } },
      list: [1, null, 'a'],
    });
  });

  it('keeps plain values and maps undefined to null', () => {
    expect(toPlain('x')).toBe('x');
    expect(toPlain(1.5)).toBe(1.5);
    expect(toPlain(false)).toBe(false);
    expect(toPlain(undefined)).toBeNull();
  });
});
