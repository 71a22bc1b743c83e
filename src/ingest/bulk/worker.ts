/**
 * Worker thread entry of a bulk load (pool.ts): maps this worker's chunks (chunk.ts) and posts
 * them, at most WINDOW ahead of what the merging thread has taken, so a slow merge holds the
 * workers back instead of piling chunks up in memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ChunkParams, mapChunks } from './chunk.ts';

interface WorkerData {
  params: ChunkParams;
  worker: number;
  workers: number;
  window: number;
}

const data = workerData as WorkerData;
const port = parentPort;
if (port === null) throw new Error('ingest/bulk/worker: run as a worker thread (ingest/bulk/pool.ts)');

let credits = data.window;
let wake: (() => void) | undefined;
port.on('message', (message: unknown) => {
  if (message === 'credit') {
    credits += 1;
    wake?.();
    wake = undefined;
  }
});

try {
  for await (const result of mapChunks(data.params, data.worker, data.workers)) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    if (!('end' in result)) credits -= 1;
    port.postMessage({ result });
  }
} catch (error) {
  const e = error as Error & { file?: string; line?: number; column?: string; reason?: string };
  port.postMessage({
    error: {
      name: e.name,
      message: e.message,
      file: e.file,
      line: e.line,
      column: e.column,
      reason: e.reason,
    },
  });
}
port.close();
