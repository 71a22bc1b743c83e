/**
 * CPU accounting for benchmarks: how many CPU-seconds a process (the embedded Neo4j, a load client)
 * used, so a benchmark can say where each request's or row's CPU went and what rate two cores can
 * carry at all. Linux only (/proc); elsewhere the figures are reported as unknown.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { config } from '../../src/config.ts';
import { status } from '../../src/store/embedded.ts';

/** Linux reports process times in USER_HZ ticks, 100 per second on every mainstream build. */
const TICKS_PER_SECOND = 100;

/** User + system CPU-seconds of a process and all its threads so far; undefined without /proc. */
export function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return undefined;
  // Fields after the command name (which may contain spaces, hence the last ')'): utime is 14th, stime 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * CPU-seconds of each thread of this process so far, by thread id (the main thread's is the pid);
 * empty without /proc. On a machine shared with other work, wall time measures the neighbours: the
 * threads' CPU says what a run would take on idle cores (the busiest thread bounds it from below).
 */
export function threadCpuSeconds(): Map<number, number> {
  const times = new Map<number, number>();
  if (!existsSync('/proc/self/task')) return times;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      times.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
    } catch {
      // The thread ended between the listing and the read: its time is no longer this process's to split.
    }
  }
  return times;
}

/** The embedded Neo4j's pid, when Skein runs its own (NEO4J_URI unset) and it is up. */
export function embeddedNeo4jPid(): number | undefined {
  const cfg = config();
  if (!cfg.neo4j.embedded) return undefined;
  return status({ projectRoot: cfg.projectRoot, ...cfg.embedded }).pid;
}

/** This process's CPU-seconds (all threads) so far. */
function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Milliseconds of CPU per unit of work, or undefined when either figure is unknown. */
export function msPer(cpuSeconds: number | undefined, units: number): number | undefined {
  return cpuSeconds === undefined || units === 0 ? undefined : (cpuSeconds * 1000) / units;
}

/** CPU per unit of work, this process's and Neo4j's (undefined when its process is not ours to read). */
export interface CpuPerUnit {
  node: number | undefined;
  neo4j: number | undefined;
}

/** Starts counting this process's and Neo4j's CPU; `msPer(units)` splits what they used since. */
export function startCpuMeter(neo4jPid: number | undefined): { msPer(units: number): CpuPerUnit } {
  const [own, db] = [ownCpuSeconds(), cpuSecondsOf(neo4jPid)];
  return {
    msPer(units) {
      const dbNow = cpuSecondsOf(neo4jPid);
      return {
        node: msPer(ownCpuSeconds() - own, units),
        neo4j: msPer(db === undefined || dbNow === undefined ? undefined : dbNow - db, units),
      };
    },
  };
}

export const fmt = (ms: number | undefined, digits = 2): string =>
  ms === undefined ? 'n/a' : ms.toFixed(digits);
