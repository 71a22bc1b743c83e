/**
 * The run's heartbeat: progress written to the run node at most every `everyMs`, without waiting.
 * A failed write is not swallowed: `abandonStaleRuns` turns a run whose heartbeat is old into
 * 'failed' (interrupted), so a heartbeat that keeps failing is a run about to be lost; the caller's
 * `warn` hears the first failure of each streak and the recovery, not every beat.
 */
export interface Heartbeat {
  beat(phase: string, progress: number | null): void;
  /** The heartbeat write in flight, if any (tests and shutdown wait for it). */
  settled(): Promise<void>;
}

export function heartbeater(
  runId: string,
  write: (runId: string, phase: string, progress: number | null) => Promise<void>,
  warn: (message: string) => void,
  everyMs: number,
  now: () => number = Date.now,
): Heartbeat {
  let last = Number.NEGATIVE_INFINITY;
  let failing = 0;
  let inFlight: Promise<void> = Promise.resolve();
  return {
    beat(phase, progress) {
      const at = now();
      if (at - last < everyMs) return;
      last = at;
      inFlight = write(runId, phase, progress).then(
        () => {
          if (failing > 0)
            warn(`jobs/heartbeat: run ${runId}: heartbeat recorded again after ${failing} failed`);
          failing = 0;
        },
        (error: unknown) => {
          failing += 1;
          if (failing === 1) {
            warn(
              `jobs/heartbeat: run ${runId}: heartbeat not recorded (${error instanceof Error ? error.message : error}); ` +
                'if Neo4j stays unreachable the run will be marked interrupted (failed)',
            );
          }
        },
      );
    },
    settled: () => inFlight,
  };
}
