/**
 * The load client of bench:api, in a process of its own: a real analyst's client never shares the
 * server's event loop, and in-process it would add its own CPU and event-loop delays to every
 * latency measured. Reads its plan as JSON on stdin, prints its figures and its own CPU as JSON on
 * stdout. Two modes: `load` drives autocannon at a fixed rate; `sequential` sends one request at a
 * time and reports the mean latency.
 */
import autocannon from 'autocannon';

interface Plan {
  mode: 'load' | 'sequential';
  url: string;
  /** Request bodies, sent in turn. */
  bodies: string[];
  rate?: number;
  seconds?: number;
  connections?: number;
  /** Sequential mode: bodies sent first and not timed (a cold client's first requests are slow). */
  warmup?: number;
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const plan = JSON.parse(input) as Plan;
const cpuBefore = process.cpuUsage();
const cpuSeconds = () => {
  const cpu = process.cpuUsage(cpuBefore);
  return (cpu.user + cpu.system) / 1e6;
};

async function sequential(): Promise<Record<string, number>> {
  const started = performance.now();
  for (const body of plan.bodies) {
    const response = await fetch(plan.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const result = (await response.json()) as { errors?: unknown[] };
    if (result.errors) throw new Error(`bench:api client: ${body} failed: ${JSON.stringify(result.errors)}`);
  }
  return { msPerRequest: (performance.now() - started) / plan.bodies.length, cpuSeconds: cpuSeconds() };
}

async function load(): Promise<Record<string, number>> {
  let next = 0;
  const result = await autocannon({
    url: plan.url,
    method: 'POST',
    connections: plan.connections,
    overallRate: plan.rate,
    duration: plan.seconds,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => ({
          ...request,
          body: plan.bodies[next++ % plan.bodies.length],
        }),
      },
    ] as never,
  });
  return {
    average: result.requests.average,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    cpuSeconds: cpuSeconds(),
  };
}

process.stdout.write(`${JSON.stringify(plan.mode === 'sequential' ? await sequential() : await load())}\n`);
