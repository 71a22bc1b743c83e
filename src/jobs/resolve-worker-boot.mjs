// Entry of the resolution worker thread from the sources: on Node 20 a worker does not inherit the
// parent's tsx loader, so it registers tsx itself, then loads the TypeScript entry (as
// detect-worker-boot.mjs does for detection).
import { register } from 'tsx/esm/api';

register();
await import('./resolve-worker.ts');
