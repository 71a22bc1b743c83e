/**
 * Makes a case package (docs/case-packages.md): for a network or hand-picked entities, one signed
 * bundle for one receiving authority. The CLI (src/cli/case-package.ts) and the HTTP route
 * (route.ts) both call `buildCasePackage`.
 *
 * Need-to-know: everything is read through the store with the scope of a viewer made for the
 * recipient — the jurisdictions the recipient may see that the maker may see too, and the `minors`
 * role only when the recipient is entitled to minors' details (and the maker is too). Nothing is
 * filtered here afterwards: what the store does not return for that viewer is not in the package.
 *
 * Making a package is a disclosure: its audit record (who, what, for whom, the zip's SHA-256) is
 * durable before the bundle is returned; when it cannot be written, no bundle is returned.
 */

import type { KeyObject } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { INDICATORS } from '../../analyse/indicators/index.ts';
import { assembleCasePackage } from '../../export/case-package/bundle.ts';
import type {
  CasePackageManifest,
  CasePackageSubject,
  Recipient,
} from '../../export/case-package/manifest.ts';
import { printPdf } from '../../export/case-package/pdf.ts';
import type { ReportNetwork } from '../../export/case-package/report.ts';
import { fileStem, type GraphExport } from '../../export/types.ts';
import { holdsAllJurisdictions, normaliseJurisdiction } from '../../model/jurisdiction.ts';
import { appendAudit, MAX_ENTITY_IDS } from '../../store/audit.ts';
import { getNetwork } from '../../store/read/analysis.ts';
import { entitiesSubgraph, networkSubgraph } from '../../store/read/subgraph.ts';
import { scopeOf } from '../context.ts';
import { hasRole, type Role, type Viewer } from '../viewer.ts';

export type CasePackageErrorCode = 'BAD_REQUEST' | 'FORBIDDEN' | 'NOT_FOUND' | 'AUDIT_UNAVAILABLE';

/** An expected refusal, with the code the route turns into a status and the CLI prints. */
export class CasePackageError extends Error {
  constructor(
    readonly code: CasePackageErrorCode,
    message: string,
  ) {
    super(`case-package: ${message}`);
    this.name = 'CasePackageError';
  }
}

export const CASE_PACKAGE_LIMITS = {
  /** Hand-picked entities per package. */
  maxEntities: 5_000,
  maxNameLength: 200,
};

export type CasePackageTarget = { networkId: string } | { entityIds: string[] };

export interface CasePackageRequest {
  maker: Viewer;
  recipient: Recipient;
  target: CasePackageTarget;
  /** The Ed25519 private key that signs it. */
  key: KeyObject;
  /** Print report.pdf (needs Chromium); false leaves it out. */
  pdf: boolean;
  chromiumPath: string;
  /** Fixed by tests; a random UUID and the current time otherwise. */
  packageId?: string;
  madeAt?: string;
}

export interface CasePackage {
  packageId: string;
  /** A file name stem for the zip and its signature: `case-package-<network>-<authority>-<date>`. */
  fileStem: string;
  zip: Uint8Array;
  /** The detached signature file's text (base64 and a newline). */
  signature: string;
  zipSha256: string;
  manifest: CasePackageManifest;
  /** Chosen entities the recipient may not see (or that do not exist): left out of the package. */
  leftOut: number;
}

/** The recipient as given, checked: a name, ISO-2 codes (never '*'), the minors flag. */
export function checkRecipient(recipient: Recipient): Recipient {
  const name = recipient.name.trim();
  if (name.length === 0) throw new CasePackageError('BAD_REQUEST', 'name the receiving authority');
  if (name.length > CASE_PACKAGE_LIMITS.maxNameLength) {
    throw new CasePackageError(
      'BAD_REQUEST',
      `the authority's name is longer than ${CASE_PACKAGE_LIMITS.maxNameLength} characters`,
    );
  }
  if (holdsAllJurisdictions(recipient.jurisdictions)) {
    throw new CasePackageError(
      'BAD_REQUEST',
      'a receiving authority sees named jurisdictions, never "*"; list them, e.g. GB,IE',
    );
  }
  const codes = recipient.jurisdictions.map((j) => {
    const code = normaliseJurisdiction(j);
    if (code === null) {
      throw new CasePackageError('BAD_REQUEST', `"${j}" is not an ISO 3166-1 alpha-2 jurisdiction (e.g. GB)`);
    }
    return code;
  });
  if (codes.length === 0)
    throw new CasePackageError('BAD_REQUEST', 'give the jurisdictions the authority may see');
  return { name, jurisdictions: [...new Set(codes)].sort(), minors: recipient.minors };
}

/** The jurisdictions both may see: the recipient's, limited to the maker's. */
export function readJurisdictionsOf(maker: Viewer, recipient: Recipient): string[] {
  if (holdsAllJurisdictions(maker.jurisdictions)) return recipient.jurisdictions;
  return recipient.jurisdictions.filter((j) => maker.jurisdictions.includes(j));
}

/** The viewer the package is read as: the recipient, within the maker's own reach. */
export function recipientViewer(maker: Viewer, recipient: Recipient): Viewer {
  const roles: Role[] = ['analyst'];
  if (recipient.minors) roles.push('minors');
  return { id: maker.id, roles, jurisdictions: readJurisdictionsOf(maker, recipient) };
}

const INDICATOR_INFO = new Map(INDICATORS.map((i) => [i.id, { title: i.title, source: i.source }]));

async function readContent(
  reader: Viewer,
  target: CasePackageTarget,
): Promise<{
  graph: GraphExport | null;
  network: ReportNetwork | null;
  subject: CasePackageSubject | null;
  leftOut: number;
}> {
  const scope = await scopeOf(reader);
  if ('networkId' in target) {
    const graph = await networkSubgraph(target.networkId, { scope });
    const detail = graph ? await getNetwork(target.networkId, scope) : null;
    if (!graph || !detail) return { graph: null, network: null, subject: null, leftOut: 0 };
    const network: ReportNetwork = {
      id: detail.id,
      runId: detail.runId,
      rank: detail.rank,
      risk: detail.risk,
      categories: detail.categories,
      members: detail.members.map((m) => ({
        id: m.id,
        label: m.label,
        role: m.role,
        recordedRoles: m.recordedRoles,
        centrality: m.centrality,
      })),
      matches: detail.matches.map((m) => ({
        indicator: m.indicator,
        title: INDICATOR_INFO.get(m.indicator)?.title ?? m.indicator,
        source: INDICATOR_INFO.get(m.indicator)?.source ?? '',
        category: m.category,
        points: m.points,
        facts: m.facts,
        nodes: m.nodes,
        relationships: m.relationships,
      })),
    };
    return {
      graph,
      network,
      subject: { kind: 'network', networkId: detail.id, runId: detail.runId },
      leftOut: 0,
    };
  }
  const graph = await entitiesSubgraph(target.entityIds, { scope });
  if (graph.nodes.length === 0)
    return { graph: null, network: null, subject: null, leftOut: target.entityIds.length };
  const entityIds = graph.nodes.map((n) => n.id);
  return {
    graph,
    network: null,
    subject: { kind: 'entities', entityIds },
    leftOut: new Set(target.entityIds).size - entityIds.length,
  };
}

function describeTarget(target: CasePackageTarget): string {
  return 'networkId' in target ? `network ${target.networkId}` : `${target.entityIds.length} entities`;
}

export async function buildCasePackage(request: CasePackageRequest): Promise<CasePackage> {
  const { maker, target } = request;
  const recipient = checkRecipient(request.recipient);
  if ('entityIds' in target) {
    if (target.entityIds.length === 0)
      throw new CasePackageError('BAD_REQUEST', 'choose at least one entity');
    if (target.entityIds.length > CASE_PACKAGE_LIMITS.maxEntities) {
      throw new CasePackageError(
        'BAD_REQUEST',
        `at most ${CASE_PACKAGE_LIMITS.maxEntities} chosen entities per package; package a network instead`,
      );
    }
  }
  if (!hasRole(maker, 'analyst'))
    throw new CasePackageError('FORBIDDEN', 'case packages need the analyst role');
  if (recipient.minors && !hasRole(maker, 'minors')) {
    throw new CasePackageError(
      'FORBIDDEN',
      "you are not entitled to minors' personal details, so you cannot pass them on; leave out --minors or ask someone with the minors role",
    );
  }
  const reader = recipientViewer(maker, recipient);
  if (reader.jurisdictions.length === 0) {
    throw new CasePackageError(
      'FORBIDDEN',
      `you may see none of ${recipient.jurisdictions.join(', ')}: a package holds only what you and the authority may both see`,
    );
  }
  const audit = (outcome: string, args: Record<string, unknown>, entityIds: string[]) =>
    appendAudit({
      actor: maker.id,
      jurisdictions: maker.jurisdictions,
      action: 'export',
      operation: `case-package ${describeTarget(target)} for ${recipient.name}`,
      args: JSON.stringify({ recipient, readJurisdictions: reader.jurisdictions, ...args }),
      entityIds: entityIds.slice(0, MAX_ENTITY_IDS),
      outcome,
    });
  const content = await readContent(reader, target);
  if (!content.graph || !content.subject) {
    // Carries no data: a failed record does not change the answer.
    await audit('NOT_FOUND', { target }, []).catch(() => undefined);
    throw new CasePackageError(
      'NOT_FOUND',
      `no ${describeTarget(target)} that ${recipient.name} (${reader.jurisdictions.join(', ')}) may see; a network is packaged only for an authority whose jurisdictions cover its run`,
    );
  }
  const packageId = request.packageId ?? randomUUID();
  const madeAt = request.madeAt ?? new Date().toISOString();
  const { zip, signature, zipSha256, manifest } = await assembleCasePackage(
    {
      packageId,
      madeAt,
      madeBy: maker.id,
      recipient,
      readJurisdictions: [...reader.jurisdictions],
      subject: content.subject,
      graph: content.graph,
      network: content.network,
    },
    request.key,
    request.pdf ? (html) => printPdf(html, request.chromiumPath) : null,
  );
  try {
    await audit(
      'OK',
      { packageId, target, subject: content.subject, zipSha256, files: manifest.files.map((f) => f.name) },
      content.graph.nodes.map((n) => n.id),
    );
  } catch {
    throw new CasePackageError(
      'AUDIT_UNAVAILABLE',
      'audit unavailable (AUDIT_UNAVAILABLE): the record of this disclosure could not be written, so the package is withheld; check the database and try again',
    );
  }
  const subjectStem = 'networkId' in target ? (target.networkId.split('/').pop() ?? 'network') : 'entities';
  return {
    packageId,
    fileStem: fileStem(`case-package-${subjectStem}-${recipient.name}-${madeAt.slice(0, 10)}`),
    zip,
    signature,
    zipSha256,
    manifest,
    leftOut: content.leftOut,
  };
}
