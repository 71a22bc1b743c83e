// Entry of the analysis worker thread. The project runs TypeScript through tsx without a build
// step, and on Node 20 a worker does not inherit the parent's loader (`--import tsx` in the
// worker's execArgv is not applied either), so the worker registers tsx itself, then loads the
// TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./detect-worker.ts');
