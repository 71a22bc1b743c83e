import { describe, expect, it } from 'vitest';
import { heartbeater } from '../../../src/jobs/heartbeat.ts';

// The heartbeat used to be written with `.catch(() => undefined)`: a run whose heartbeat could not
// be stored looked healthy until abandonStaleRuns marked it interrupted. Now the failure is said.
describe('jobs/heartbeat', () => {
  it('warns on the first failure of a streak and on recovery, not on every beat', async () => {
    const warnings: string[] = [];
    let clock = 0;
    let failNext = true;
    const writes: string[] = [];
    const pulse = heartbeater(
      'run-1',
      async (_runId, phase) => {
        writes.push(phase);
        if (failNext) throw new Error('Pool is closed');
      },
      (message) => warnings.push(message),
      1_000,
      () => clock,
    );

    pulse.beat('projection', null);
    await pulse.settled();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('run-1: heartbeat not recorded (Pool is closed)');
    expect(warnings[0]).toContain('marked interrupted');

    clock += 1_000;
    pulse.beat('analysis', 0.5);
    await pulse.settled();
    expect(warnings).toHaveLength(1); // the same streak: said once

    failNext = false;
    clock += 1_000;
    pulse.beat('write', 0.9);
    await pulse.settled();
    expect(warnings[1]).toContain('heartbeat recorded again after 2 failed');
    expect(writes).toEqual(['projection', 'analysis', 'write']);
  });

  it('writes at most once per interval (the clock is injected, nothing waits)', async () => {
    let clock = 0;
    const writes: string[] = [];
    const pulse = heartbeater(
      'run-2',
      async (_runId, phase) => {
        writes.push(phase);
      },
      () => undefined,
      2_000,
      () => clock,
    );
    pulse.beat('a', null);
    clock += 1_999;
    pulse.beat('b', null);
    clock += 1;
    pulse.beat('c', null);
    await pulse.settled();
    expect(writes).toEqual(['a', 'c']);
  });
});
