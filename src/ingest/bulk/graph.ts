/**
 * The merging half of a bulk load: applies each chunk's merged batch to an in-memory graph with
 * the rules the online loader's Cypher applies to the database (store/write.ts), in the same
 * order, so the imported graph is the one `npm run load` would make from the same files:
 *
 * - a node's properties: the first value of each key across rows and extracts; `names` every
 *   spelling in order of first appearance;
 * - each extract's MENTIONS of a node: firstRow, rows (rows mentioning it), the extract's own
 *   facts (`p_<key>`: its first value of each key, `names`) and the search text over them;
 * - a structural relationship per endpoint pair (and fact key, for types that tell kinds apart):
 *   its first recorder's values and provenance, later recorders listed in `extracts`/`extractRows`;
 * - events: the first with a key is kept (EventKeySet), the rest skipped.
 *
 * Events are written to the import files as they come; nodes and structural relationships are
 * held until the end (memory grows with distinct entities, not rows), mentions until the end of
 * their extract.
 */
import type { EntityLabel } from '../../model/labels.ts';
import { factKeyOf, type RelationshipType, relationshipSpec } from '../../model/relationships.ts';
import { SUMMARY_TYPE } from '../../store/flow-summary.ts';
import { FACT_PREFIX, mentionFacts } from '../../store/read/facts.ts';
import type { NodeGroup, PropertyValue, RelationshipGroup } from '../../store/write.ts';
import { type AdminCsvWriter, signatureOf } from './admin-csv.ts';
import type { ChunkResult } from './chunk.ts';
import { EventKeySet } from './key-set.ts';
import { PaymentSummaries, SUMMARY_LONGS } from './payment-summaries.ts';

type Props = Record<string, PropertyValue | string[]>;

interface NodeState {
  label: EntityLabel;
  props: Props;
  names: string[];
  /** A person's extracts that mention it, in load order (the minors rule's `mnr_seenBy`). */
  seenBy?: string[];
}

interface MentionState {
  firstRow: number;
  rows: number;
  facts: Record<string, unknown>;
  names: string[];
}

interface LinkState {
  type: RelationshipType;
  from: string;
  to: string;
  props: Record<string, unknown>;
  extracts: string[];
  extractRows: (number | null)[];
}

/** Java's Character.isWhitespace, which Cypher's trim() uses: not the no-break spaces JavaScript's trim takes. */
function isJavaWhitespace(c: number): boolean {
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f)) return true;
  return (
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x2006) ||
    (c >= 0x2008 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Cypher's trim(). */
export function cypherTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isJavaWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isJavaWhitespace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** The mention's search text, as store/write.ts MENTION_SEARCH computes it. */
export function mentionSearch(facts: Record<string, unknown>): string | null {
  const name = facts.p_name as string | undefined;
  const search = facts.p_search as string | undefined;
  const names = facts.names as string[] | undefined;
  if (name === undefined && search === undefined && names === undefined) return null;
  let text = `${name ?? ''} ${search ?? ''}`;
  for (const x of names ?? []) text += ` ${x}`;
  return cypherTrim(text);
}

function fillMissing(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const key in source) if (target[key] === undefined) target[key] = source[key];
}

function unite(target: string[], more: readonly string[]): void {
  for (const name of more) if (!target.includes(name)) target.push(name);
}

export class BulkGraph {
  private readonly nodes = new Map<string, NodeState>();
  private readonly links = new Map<string, LinkState>();
  private mentions = new Map<string, MentionState>();
  readonly eventKeys = new EventKeySet();
  /** Money summaries of the payments kept (flow-summary.ts's, built here rather than after the import). */
  private readonly payments = new PaymentSummaries();
  /** Written to the import files: by label and by type (events counted as written). */
  readonly nodeCounts: Record<string, number> = {};
  readonly relationshipCounts: Record<string, number> = {};
  duplicateEvents = 0;
  /**
   * Some person has a birth date (the node's or a mention's, both from a row's `birthDate`): the
   * minors rule's facts need migration 013 over the imported graph. Without one, 013 would only
   * store each person's `mnr_seenBy` (its extracts, sorted), which finish() writes itself.
   */
  private birthDates = false;
  /** Set by finish(): the Person nodes carry the minors rule's facts, migration 013 has nothing to do. */
  minorFactsWritten = false;

  constructor(private readonly out: AdminCsvWriter) {}

  get size(): { nodes: number; links: number; mentions: number; events: number } {
    return {
      nodes: this.nodes.size,
      links: this.links.size,
      mentions: this.mentions.size,
      events: this.eventKeys.size,
    };
  }

  /** Merges one chunk of `extract` (chunks in file order). */
  add(extract: string, chunk: ChunkResult): void {
    for (const group of chunk.nodes) this.addNodes(extract, group);
    for (const group of chunk.structural) this.addLinks(extract, group);
    // A chunk's events fall in a few "type|signature" groups: split each once, not per event.
    const types: string[] = [];
    const signatures: string[] = [];
    for (const id of chunk.eventGroups) {
      const bar = id.indexOf('|');
      types.push(id.slice(0, bar));
      signatures.push(id.slice(bar + 1));
    }
    for (let i = 0; i < chunk.eventKeys.length; i++) {
      const group = chunk.eventGroup[i] as number;
      const type = types[group] as string;
      if (!this.eventKeys.add(type, chunk.eventKeys[i] as string)) {
        this.duplicateEvents += 1;
        continue;
      }
      this.out.append(
        'relationships',
        type,
        signatures[group] as string,
        chunk.eventLines[i] as string,
        chunk.eventLineBreaks,
      );
      const payment = chunk.eventPayments[i];
      if (payment !== null && payment !== undefined) this.payments.add(payment);
      this.relationshipCounts[type] = (this.relationshipCounts[type] ?? 0) + 1;
    }
  }

  private addNodes(extract: string, group: NodeGroup): void {
    const person = group.label === 'Person';
    for (const row of group.rows) {
      let node = this.nodes.get(row.id);
      if (node === undefined) {
        node = { label: group.label, props: { ...row.props }, names: [...row.names] };
        this.nodes.set(row.id, node);
      } else {
        fillMissing(node.props, row.props);
        unite(node.names, row.names);
      }
      if (person && row.props.birthDate !== undefined && row.props.birthDate !== null) this.birthDates = true;
      const mention = this.mentions.get(row.id);
      if (mention === undefined) {
        // The first mention of the node by this extract (mentions are per extract).
        if (person) {
          node.seenBy ??= [];
          node.seenBy.push(extract);
        }
        this.mentions.set(row.id, {
          firstRow: row.firstRow,
          rows: row.count,
          facts: mentionFacts(row.props, []),
          names: [...row.names],
        });
      } else {
        mention.rows += row.count;
        // mentionFacts(row.props) filled in without building it: a counterparty is met in most chunks.
        for (const key in row.props) {
          const fact = FACT_PREFIX + key;
          if (mention.facts[fact] === undefined) mention.facts[fact] = row.props[key];
        }
        unite(mention.names, row.names);
      }
    }
  }

  private addLinks(extract: string, group: RelationshipGroup): void {
    const distinct = relationshipSpec(group.type).distinct !== undefined;
    for (const row of group.rows) {
      const factKey = factKeyOf(group.type, row.props);
      const identity = `${group.type}\u001f${row.from}\u001f${row.to}\u001f${factKey}`;
      const link = this.links.get(identity);
      const rowNumber = (row.props.row as number | undefined) ?? null;
      if (link === undefined) {
        const { extract: _own, ...props } = row.props;
        const created: Record<string, unknown> = { ...props };
        if (distinct) created.factKey = factKey;
        created.extract = extract;
        this.links.set(identity, {
          type: group.type,
          from: row.from,
          to: row.to,
          props: created,
          extracts: [extract],
          extractRows: [rowNumber],
        });
      } else if (link.props.extract === extract) {
        fillMissing(link.props, row.props);
      } else if (!link.extracts.includes(extract)) {
        link.extracts.push(extract);
        link.extractRows.push(rowNumber);
      }
    }
  }

  /** Writes the extract's mentions and money summaries (its Extract node is written by the caller) and starts the next. */
  endExtract(extract: string): void {
    for (const [id, mention] of this.mentions) {
      const props: Record<string, unknown> = {
        firstRow: mention.firstRow,
        rows: mention.rows,
        ...mention.facts,
      };
      if (mention.names.length > 0) props.names = mention.names;
      const search = mentionSearch(props);
      if (search !== null) props.search = search;
      this.out.relationship('MENTIONS', extract, id, props);
    }
    this.relationshipCounts.MENTIONS = (this.relationshipCounts.MENTIONS ?? 0) + this.mentions.size;
    this.mentions = new Map();
    // Summaries with the same optional properties present have the same columns: typed once each.
    const shapes = new Map<number, { signature: string; keys: string[] }>();
    for (const summary of this.payments.relationships()) {
      let shape = shapes.get(summary.present);
      if (shape === undefined) {
        shape = signatureOf(summary.props, SUMMARY_LONGS);
        shapes.set(summary.present, shape);
      }
      this.out.relationshipShaped(SUMMARY_TYPE, summary.from, summary.to, summary.props, shape);
      this.relationshipCounts[SUMMARY_TYPE] = (this.relationshipCounts[SUMMARY_TYPE] ?? 0) + 1;
    }
    this.payments.clear();
  }

  /** Writes every node and structural relationship; call once, after the last extract. */
  finish(): void {
    this.minorFactsWritten = !this.birthDates;
    for (const [id, node] of this.nodes) {
      const props: Record<string, unknown> = { ...node.props };
      if (node.names.length > 0) props.names = node.names;
      // 013's `COLLECT { … RETURN DISTINCT x.id ORDER BY x.id }`: Cypher orders strings by UTF-16 code units, as sort() does.
      if (this.minorFactsWritten && node.seenBy !== undefined) props.mnr_seenBy = [...node.seenBy].sort();
      this.out.node(node.label, id, props);
      this.nodeCounts[node.label] = (this.nodeCounts[node.label] ?? 0) + 1;
    }
    for (const link of this.links.values()) {
      const props = { ...link.props, extracts: link.extracts, extractRows: link.extractRows };
      if (link.extractRows.some((row) => row === null)) {
        throw new Error(
          `ingest/bulk: a ${link.type} relationship has a recorder without a row; please report`,
        );
      }
      this.out.relationship(link.type, link.from, link.to, props);
      this.relationshipCounts[link.type] = (this.relationshipCounts[link.type] ?? 0) + 1;
    }
    this.nodes.clear();
    this.links.clear();
  }
}
