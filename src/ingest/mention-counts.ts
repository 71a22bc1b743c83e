/**
 * How many rows of the extract mention each node, kept in memory and written once per load
 * (store/write.ts writeMentionCounts) instead of in every batch that meets the node again: a bank
 * statement names its holder's account on every row, and counting it in each of a hundred batches
 * cost the loader more than creating the node did.
 *
 * Bounded: the loader writes the counts, and empties this, whenever it holds `MENTION_COUNT_DEFAULTS
 * .maxNodes` nodes (and at the end), so memory stays flat whatever the file's size.
 */
import type { EntityLabel } from '../model/labels.ts';
import type { Batch } from '../store/write.ts';
import type { MappedNode } from './mapping/apply.ts';

export const MENTION_COUNT_DEFAULTS = {
  /** Distinct nodes held before the counts are written (about 100 bytes each). */
  maxNodes: 200_000,
};

export class MentionCounts {
  private readonly byLabel = new Map<EntityLabel, Map<string, number>>();
  private nodes = 0;

  /** Distinct nodes with a count not yet written. */
  get size(): number {
    return this.nodes;
  }

  private add(label: EntityLabel, id: string, count: number): void {
    let counts = this.byLabel.get(label);
    if (counts === undefined) {
      counts = new Map();
      this.byLabel.set(label, counts);
    }
    const before = counts.get(id);
    if (before === undefined) this.nodes += 1;
    counts.set(id, (before ?? 0) + count);
  }

  /** A batch the store has just written: each node row counts the rows of the batch naming it. */
  addBatch(batch: Batch): void {
    for (const group of batch.nodes) for (const row of group.rows) this.add(group.label, row.id, row.count);
  }

  /**
   * One row written by an earlier run of a stopped load, read again to recount it: a node named
   * twice in the row is one mention, as in a batch (ingest/batch.ts).
   */
  addRow(nodes: readonly MappedNode[]): void {
    const seen = new Set<string>();
    for (const node of nodes) {
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      this.add(node.label, node.id, 1);
    }
  }

  /** The counts held, by label, and forgets them (the caller writes them). */
  drain(): { label: EntityLabel; rows: { id: string; count: number }[] }[] {
    const out = [...this.byLabel].map(([label, counts]) => ({
      label,
      rows: [...counts].map(([id, count]) => ({ id, count })),
    }));
    this.byLabel.clear();
    this.nodes = 0;
    return out;
  }
}
