/**
 * Collects mapped rows into one write batch: nodes deduplicated by id (a bank statement names its
 * holder's account on every row; the database should see it once per batch), relationships by
 * their identity (structural: endpoints; events: key), with the same merge rules the database
 * applies across batches — the first non-null value of a property wins, every name spelling is kept.
 */
import type { EntityLabel } from '../model/labels.ts';
import { factKeyOf, type RelationshipType } from '../model/relationships.ts';
import type { Batch, Checkpoint, NodeRow, RelationshipRow } from '../store/write.ts';
import type { MappedNode, MappedRelationship } from './mapping/apply.ts';

interface RelationshipBucket {
  type: RelationshipType;
  fromLabel: EntityLabel;
  toLabel: EntityLabel;
  rows: Map<string, RelationshipRow>;
}

function fillMissing(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const key in source) if (target[key] === undefined) target[key] = source[key];
}

export class BatchBuilder {
  private nodes = new Map<EntityLabel, Map<string, NodeRow>>();
  private relationships = new Map<string, RelationshipBucket>();
  /** Node id → the last line that mentioned it (ids are unique across labels: they carry a prefix). */
  private lastMention = new Map<string, number>();
  /** Input rows (loaded) in this batch. */
  rows = 0;
  firstLine = 0;
  lastLine = 0;

  add(line: number, nodes: readonly MappedNode[], relationships: readonly MappedRelationship[]): void {
    if (this.rows === 0) this.firstLine = line;
    this.rows += 1;
    this.lastLine = line;
    for (const node of nodes) this.addNode(line, node);
    for (const rel of relationships) this.addRelationship(rel);
  }

  private addNode(line: number, node: MappedNode): void {
    let byId = this.nodes.get(node.label);
    if (byId === undefined) {
      byId = new Map();
      this.nodes.set(node.label, byId);
    }
    const existing = byId.get(node.id);
    if (existing === undefined) {
      byId.set(node.id, {
        id: node.id,
        props: { ...node.props },
        names: [...node.names],
        firstRow: line,
        count: 1,
      });
      this.lastMention.set(node.id, line);
      return;
    }
    // The same node twice in one row (an account paying itself) is one mention: rows counts rows.
    if (this.lastMention.get(node.id) !== line) {
      existing.count += 1;
      this.lastMention.set(node.id, line);
    }
    fillMissing(existing.props, node.props);
    for (const name of node.names) if (!existing.names.includes(name)) existing.names.push(name);
  }

  private addRelationship(rel: MappedRelationship): void {
    let bucket = this.relationships.get(rel.group);
    if (bucket === undefined) {
      bucket = { type: rel.type, fromLabel: rel.fromLabel, toLabel: rel.toLabel, rows: new Map() };
      this.relationships.set(rel.group, bucket);
    }
    // Structural: endpoints and fact key (the kind, for types that tell kinds apart: store/write.ts).
    const identity = rel.key ?? `${rel.from}\u001f${rel.to}\u001f${factKeyOf(rel.type, rel.props)}`;
    const existing = bucket.rows.get(identity);
    if (existing === undefined) {
      // A mapped relationship is made fresh for each row, so its props can be taken over, not copied.
      const row: RelationshipRow = { from: rel.from, to: rel.to, props: rel.props };
      if (rel.key !== undefined) row.key = rel.key;
      bucket.rows.set(identity, row);
    } else if (rel.key === undefined) {
      fillMissing(existing.props, rel.props);
    }
  }

  isEmpty(): boolean {
    return this.rows === 0;
  }

  build(extractId: string, counts: Omit<Checkpoint, 'line' | 'firstLine'>): Batch {
    return {
      extractId,
      nodes: [...this.nodes].map(([label, byId]) => ({ label, rows: [...byId.values()] })),
      relationships: [...this.relationships.values()].map((bucket) => ({
        type: bucket.type,
        fromLabel: bucket.fromLabel,
        toLabel: bucket.toLabel,
        rows: [...bucket.rows.values()],
      })),
      checkpoint: { line: this.lastLine, firstLine: this.firstLine, ...counts },
    };
  }
}
