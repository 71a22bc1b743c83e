/**
 * Starts the benchmarks' HTTP load client (api-client.ts) in a process of its own and returns what
 * it reports. bench:api and bench:soak measure the server's latency, CPU and memory: a client
 * inside the server's process would add its own work to all three.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** What the client reports for a `load` plan (autocannon at a fixed rate). */
export interface LoadResult {
  average: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50: number;
  p99: number;
  max: number;
  /** The client's own CPU over the run. */
  cpuSeconds: number;
}

export function runClient<T>(plan: Record<string, unknown>): Promise<T> {
  const client = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'api-client.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  client.stdout.on('data', (chunk) => {
    out += chunk;
  });
  client.stdin.end(JSON.stringify(plan));
  return new Promise((done, fail) => {
    client.once('error', fail);
    client.once('exit', (code) =>
      code === 0
        ? done(JSON.parse(out) as T)
        : fail(new Error(`bench: the load client exited with code ${code}`)),
    );
  });
}
