/**
 * Runs chunk.ts over `workers` worker threads (or inline with 0) and yields every chunk of the
 * file in order, whichever worker mapped it: the merge sees the rows in file order, as the online
 * loader writes them.
 */
import { Worker } from 'node:worker_threads';
import { MalformedFileError } from '../read/record.ts';
import { type ChunkEnd, type ChunkParams, type ChunkResult, mapChunks } from './chunk.ts';

/** Chunks a worker may have mapped ahead of the merge. */
const WINDOW = 4;

interface Lane {
  worker: Worker;
  queue: (ChunkResult | ChunkEnd)[];
  wake?: () => void;
  error?: Error;
  exited: boolean;
}

function revive(error: {
  name: string;
  message: string;
  file?: string;
  line?: number;
  column?: string;
  reason?: string;
}): Error {
  if (error.name === 'MalformedFileError' && error.file !== undefined)
    return new MalformedFileError(error.file, error.line, error.column, error.reason ?? error.message);
  const out = new Error(error.message);
  out.name = error.name;
  return out;
}

/**
 * The worker: built JavaScript as it is; TypeScript (Skein run from source through tsx, or under
 * vitest) through a two-line bootstrap that registers tsx's loader in the worker thread first.
 */
function startWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./worker.js', import.meta.url), { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const script = new URL('./worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

export async function* orderedChunks(
  params: ChunkParams,
  workers: number,
): AsyncGenerator<ChunkResult | ChunkEnd> {
  if (workers <= 0) {
    yield* mapChunks(params, 0, 1);
    return;
  }
  const lanes: Lane[] = [];
  for (let index = 0; index < workers; index++) {
    const worker = startWorker({ params, worker: index, workers, window: WINDOW });
    const lane: Lane = { worker, queue: [], exited: false };
    worker.on(
      'message',
      (message: { result?: ChunkResult | ChunkEnd; error?: Parameters<typeof revive>[0] }) => {
        if (message.error !== undefined) lane.error = revive(message.error);
        if (message.result !== undefined) lane.queue.push(message.result);
        lane.wake?.();
      },
    );
    worker.on('error', (error) => {
      lane.error = error;
      lane.wake?.();
    });
    worker.on('exit', (code) => {
      lane.exited = true;
      if (code !== 0 && lane.error === undefined)
        lane.error = new Error(`ingest/bulk: a normalising worker exited with code ${code}`);
      lane.wake?.();
    });
    lanes.push(lane);
  }
  const next = async (lane: Lane): Promise<ChunkResult | ChunkEnd> => {
    for (;;) {
      if (lane.error !== undefined) throw lane.error;
      const item = lane.queue.shift();
      if (item !== undefined) return item;
      if (lane.exited)
        throw new Error('ingest/bulk: a normalising worker stopped before the end of the file');
      await new Promise<void>((resolve) => (lane.wake = resolve));
      lane.wake = undefined;
    }
  };
  try {
    for (let seq = 0; ; seq++) {
      const lane = lanes[seq % workers] as Lane;
      const item = await next(lane);
      if ('end' in item) {
        // Every worker reads the whole file: the others end at the same place.
        for (const other of lanes) if (other !== lane) await next(other);
        yield item;
        return;
      }
      if (item.seq !== seq)
        throw new Error(`ingest/bulk: chunk ${item.seq} arrived where ${seq} was due; please report`);
      lane.worker.postMessage('credit');
      yield item;
    }
  } finally {
    await Promise.all(lanes.map((lane) => lane.worker.terminate()));
  }
}
