/**
 * Where a load test's latency tail comes from, measured beside it in the server's process: how busy
 * the server's one JavaScript thread was (event-loop utilisation) and how late its callbacks ran
 * (event-loop delay), the garbage collector's pauses, each statement's time at the driver (the
 * audit append apart from the reads), and the embedded Neo4j JVM's own collections (jstat, when
 * the JDK has it). A p99 far above the statements' p99 is queueing in Node; one the statements'
 * share is queueing in Neo4j; a max near a single pause is that pause.
 */
import { execFileSync } from 'node:child_process';
import { constants, monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';
import { onQuery } from '../../src/store/run.ts';

/** The audit trail's append statements (store/audit.ts): the durable write every response waits for. */
const AUDIT_STATEMENT = /AuditHead|AuditRecord/;

interface Pauses {
  count: number;
  totalMs: number;
  maxMs: number;
}

export interface TailReport {
  /** Share of the run the main thread was busy (0–1). */
  eventLoopUtilisation: number;
  /** How late timers fired, ms. */
  eventLoopDelay: { p50: number; p99: number; max: number };
  /** Node's collector: scavenges (minor) and mark-compacts (major). */
  nodeGc: { minor: Pauses; major: Pauses };
  /** Per statement at the driver, ms (send to last record). */
  statements: { audit: Quantiles; reads: Quantiles };
  /** The JVM's collections over the run (jstat -gc: counts and summed time, no single pauses). */
  jvmGc?: { young: number; youngMs: number; full: number; fullMs: number };
}

interface Quantiles {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

function quantiles(values: number[]): Quantiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

/** YGC, YGCT, FGC, FGCT of a JVM (jstat -gc), or undefined when jstat is missing or refuses. */
function jvmGcCounters(
  pid: number | undefined,
): { ygc: number; ygct: number; fgc: number; fgct: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    const out = execFileSync('jstat', ['-gc', String(pid)], { encoding: 'utf8', timeout: 10_000 });
    const [head, values] = out
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/));
    const field = (name: string) => Number(values?.[head?.indexOf(name) ?? -1]);
    const counters = { ygc: field('YGC'), ygct: field('YGCT'), fgc: field('FGC'), fgct: field('FGCT') };
    return Object.values(counters).every(Number.isFinite) ? counters : undefined;
  } catch {
    return undefined;
  }
}

/** Starts watching; `stop()` ends it and returns what it saw. */
export function watchTail(neo4jPid: number | undefined): { stop(): TailReport } {
  const elu = performance.eventLoopUtilization();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const gc = { minor: { count: 0, totalMs: 0, maxMs: 0 }, major: { count: 0, totalMs: 0, maxMs: 0 } };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      const pauses = kind === constants.NODE_PERFORMANCE_GC_MAJOR ? gc.major : gc.minor;
      pauses.count += 1;
      pauses.totalMs += entry.duration;
      pauses.maxMs = Math.max(pauses.maxMs, entry.duration);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const audit: number[] = [];
  const reads: number[] = [];
  const stopListening = onQuery(({ cypher, ms }) => (AUDIT_STATEMENT.test(cypher) ? audit : reads).push(ms));
  const jvmBefore = jvmGcCounters(neo4jPid);
  return {
    stop() {
      const utilisation = performance.eventLoopUtilization(elu).utilization;
      delay.disable();
      observer.disconnect();
      stopListening();
      const jvmAfter = jvmGcCounters(neo4jPid);
      const ms = (ns: number) => ns / 1e6;
      return {
        eventLoopUtilisation: utilisation,
        eventLoopDelay: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
        nodeGc: gc,
        statements: { audit: quantiles(audit), reads: quantiles(reads) },
        jvmGc:
          jvmBefore && jvmAfter
            ? {
                young: jvmAfter.ygc - jvmBefore.ygc,
                youngMs: (jvmAfter.ygct - jvmBefore.ygct) * 1000,
                full: jvmAfter.fgc - jvmBefore.fgc,
                fullMs: (jvmAfter.fgct - jvmBefore.fgct) * 1000,
              }
            : undefined,
      };
    },
  };
}

/** The report as lines for a benchmark's output. */
export function describeTail(tail: TailReport): string {
  const q = (s: Quantiles) =>
    `${s.count} statements, p50 ${s.p50.toFixed(1)} / p99 ${s.p99.toFixed(1)} / max ${s.max.toFixed(1)} ms`;
  const p = (s: Pauses) =>
    `${s.count} pauses, ${s.totalMs.toFixed(0)} ms in all, longest ${s.maxMs.toFixed(1)} ms`;
  const jvm = tail.jvmGc
    ? `young ${tail.jvmGc.young} (${tail.jvmGc.youngMs.toFixed(0)} ms in all), full ${tail.jvmGc.full} (${tail.jvmGc.fullMs.toFixed(0)} ms)`
    : 'n/a (no jstat, or not the embedded server)';
  return [
    `  server loop: busy ${(tail.eventLoopUtilisation * 100).toFixed(0)} % of the run; callbacks late by p50 ${tail.eventLoopDelay.p50.toFixed(1)} / p99 ${tail.eventLoopDelay.p99.toFixed(1)} / max ${tail.eventLoopDelay.max.toFixed(1)} ms`,
    `  Node GC:     minor ${p(tail.nodeGc.minor)}; major ${p(tail.nodeGc.major)}`,
    `  statements:  reads ${q(tail.statements.reads)}`,
    `               audit ${q(tail.statements.audit)}`,
    `  Neo4j GC:    ${jvm}`,
  ].join('\n');
}
