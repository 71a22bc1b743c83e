// Entry of a resolution shard worker from the sources: on Node 20 a worker does not inherit the
// parent's tsx loader, so it registers tsx itself, then loads the TypeScript entry (as
// resolve-worker-boot.mjs does).
import { register } from 'tsx/esm/api';

register();
await import('./resolve-shard-worker.ts');
