/**
 * Collects the main thread's garbage while it streams the projection read to the analysis worker
 * (issue 16). The read allocates ~1 GB that dies at once (the driver's decoded records, the pages
 * posted on), yet V8 let it pile up to 544–843 MB of main-thread heap on the 2.95M-relationship
 * world (less than 40 MB is live) — most on a busy machine, where concurrent marking starves —
 * while the worker builds the graph beside it: the run's peak RSS (2.04 GB against 1.79 GB for
 * the rest of the analysis). A full collection of a heap that small takes milliseconds; it runs
 * only when the heap has grown by the given size since the last one, so a small read never pays for it.
 *
 * Node gives no `gc()` without `--expose-gc`, which a CLI or the server cannot count on: the flag
 * is set at run time and the function taken from a new context (node:v8 setFlagsFromString).
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

function fullGc(): () => void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  return collect;
}

/**
 * A check to call after each page: a full collection once the heap holds `limitMb` more than it
 * held after the last one (than nothing, at first). Measured from what survived, so a process whose
 * live heap is itself past the limit (a server with much in memory) does not collect at every page.
 */
export function readGarbageCollector(
  limitMb: number,
  heapUsed: () => number = () => getHeapStatistics().used_heap_size,
  collect: () => void = () => fullGc()(),
): () => void {
  const limit = limitMb * 1_048_576;
  let live = 0;
  return () => {
    if (heapUsed() <= live + limit) return;
    collect();
    live = heapUsed();
  };
}
