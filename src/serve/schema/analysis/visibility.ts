/**
 * Need-to-know for analysis results: a run (and its networks, members and evidence) is visible to
 * a viewer only when every jurisdiction it was computed from is theirs. A run over all data is for
 * viewers of all jurisdictions; others start runs restricted to their own jurisdictions, so nothing
 * they see was shaped by data they may not see.
 */
import type { RunRecord } from '../../../store/read/analysis.ts';
import type { Viewer } from '../../viewer.ts';

export function runJurisdictions(run: RunRecord): string[] | null {
  const params = run.params as { jurisdictions?: unknown } | null;
  const list = params?.jurisdictions;
  return Array.isArray(list) && list.length > 0 ? list.map(String) : null;
}

export function canSeeRun(viewer: Viewer, run: RunRecord): boolean {
  if (viewer.jurisdictions.includes('*')) return true;
  const used = runJurisdictions(run);
  return used !== null && used.every((j) => viewer.jurisdictions.includes(j));
}
