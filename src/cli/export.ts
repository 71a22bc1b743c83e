/**
 * `npm run export -- --network <id> --format gexf --out file`: writes a network (or the
 * neighbourhood of an entity) in one of the export formats, from the same store function as the
 * viewer and the /export endpoints. `--format all --out <dir>` writes every format. Like the
 * endpoints, every export is written to the audit trail (actor `cli:<os user>`).
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, FORMAT_SUFFIXES, formatOf, splitFileName } from '../export/formats.ts';
import { fileStem, type GraphExport } from '../export/types.ts';
import { appendAudit, MAX_ENTITY_IDS } from '../store/audit.ts';
import { type ReadScope, scopeForJurisdictions } from '../store/read/scope.ts';
import { neighbourhoodSubgraph, networkSubgraph } from '../store/read/subgraph.ts';
import { runCommand } from './run.ts';

const USAGE = `Usage: npm run export -- (--network <id> | --neighbourhood <entity id>) [options]
  --network ID          a detected network (ids as listed by npm run analyse or the viewer)
  --neighbourhood ID    an entity id, e.g. phone:+447700900123
  --depth N             neighbourhood depth, 1 to 3 (default 1)
  --limit-per-node N    links per entity and hop in a neighbourhood (default 50)
  --format F            ${FORMAT_SUFFIXES.join(', ')}, or all (default: from --out's suffix)
  --out PATH            file to write (a directory for --format all); default: standard output
  --jurisdictions A,B   only what extracts of these jurisdictions show (default: everything)
  --minors              include minors' personal details (withheld by default, as for a user
                        without the minors role)`;

function fail(message: string): never {
  throw new Error(`export: ${message}\n\n${USAGE}`);
}

async function scopeFor(jurisdictions: string | undefined, minors: boolean): Promise<ReadScope> {
  return { ...(await scopeForJurisdictions(jurisdictions ? jurisdictions.split(',') : null)), minors };
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) fail(`--${name} must be an integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      network: { type: 'string' },
      neighbourhood: { type: 'string' },
      depth: { type: 'string' },
      'limit-per-node': { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      jurisdictions: { type: 'string' },
      minors: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.network === !values.neighbourhood) fail('give exactly one of --network or --neighbourhood');
  const suffix = values.format ?? (values.out ? splitFileName(values.out)?.format.suffix : undefined);
  if (!suffix) fail('give --format, or an --out file ending in a format suffix');
  const formats =
    suffix === 'all' ? EXPORT_FORMATS : [formatOf(suffix) ?? fail(`unknown format "${suffix}"`)];
  if (suffix === 'all' && !values.out) fail('--format all needs --out <directory>');
  const depth = integer('depth', values.depth, 1);
  if (depth < 1 || depth > 3) fail('--depth must be 1, 2 or 3');
  const scope = await scopeFor(values.jurisdictions, values.minors === true);
  let graph: GraphExport | null;
  if (values.network) {
    // With --jurisdictions, a network of a run those jurisdictions do not cover is not theirs.
    graph = await networkSubgraph(values.network, { scope });
  } else {
    graph = await neighbourhoodSubgraph(values.neighbourhood as string, {
      scope,
      depth,
      limitPerNode: integer('limit-per-node', values['limit-per-node'], 50),
    });
  }
  if (!graph)
    fail(
      `no ${values.network ? `network "${values.network}"` : `entity "${values.neighbourhood}"`} to export`,
    );
  await appendAudit({
    actor: `cli:${userInfo().username}`,
    action: 'export',
    operation: `${values.network ? `network ${values.network}` : `neighbourhood ${values.neighbourhood}`}.${suffix}`,
    args: JSON.stringify({ depth, jurisdictions: values.jurisdictions ?? null, out: values.out ?? null }),
    entityIds: graph.nodes.map((n) => n.id).slice(0, MAX_ENTITY_IDS),
    outcome: 'OK',
  });
  if (suffix === 'all') {
    const dir = values.out as string;
    mkdirSync(dir, { recursive: true });
    for (const format of formats) {
      const file = join(dir, `${fileStem(graph.title)}.${format.suffix}`);
      writeFileSync(file, format.render(graph));
      console.error(`wrote ${file}`);
    }
  } else {
    const text = (formats[0] ?? fail('no format')).render(graph);
    if (values.out) writeFileSync(values.out, text);
    else process.stdout.write(text);
  }
  console.error(`${graph.title}: ${graph.nodes.length} entities, ${graph.edges.length} relationships`);
}

await runCommand('export', main);
