/**
 * What the commands that start a background job (`analyse`, `resolve`) share: reading list and
 * number options, progress lines on stderr, and waiting for the run's audit record. One place, so
 * both commands fail the same way on bad input and on a run missing from the audit trail.
 */
import type { RunProgress } from '../jobs/lifecycle.ts';

/** A comma-separated option as a list (blank items dropped); undefined when the option is absent. */
export function listOption(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
}

/** A number option; a value that is not a finite number stops the command with its usage text. */
export function numberOption(
  command: string,
  usage: string,
  name: string,
  value: string | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n))
    throw new Error(`${command}: --${name} must be a number, got "${value}"\n\n${usage}`);
  return n;
}

/**
 * A progress printer for stderr: on a terminal one line rewritten in place; otherwise (logs, CI)
 * only the phase lines without detail, so a log is not flooded by per-item updates.
 */
export function progressPrinter(): (p: RunProgress) => void {
  let lastLine = '';
  return (p) => {
    const line = `[${p.runId}] ${p.phase}${p.progress !== undefined ? ` ${Math.round(p.progress * 100)}%` : ''}${p.detail ? ` ${p.detail}` : ''}`;
    if (line !== lastLine && process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${line}`);
    else if (line !== lastLine && p.detail === undefined) process.stderr.write(`${line}\n`);
    lastLine = line;
  };
}

/**
 * The summary of a started job, once its audit record is durable. A run that is not in the audit
 * trail fails the command even when the run itself completed: an unaudited action must not look
 * like a success. A failed run rethrows its own error once the audit is settled.
 */
export async function awaitAuditedRun<S>(
  command: string,
  started: { runId: string; done: Promise<S>; audited: Promise<unknown> },
): Promise<S> {
  const { runId, done, audited } = started;
  const outcome = await done.then(
    (summary): { summary: S } => ({ summary }),
    (error: unknown) => ({ error }),
  );
  if (process.stderr.isTTY) process.stderr.write('\n');
  try {
    await audited;
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${command}: run ${runId} ${'error' in outcome ? 'failed' : 'completed'} but is NOT in the audit trail, ` +
        `so this command fails: ${cause}`,
    );
  }
  if ('error' in outcome) throw outcome.error;
  return outcome.summary;
}
