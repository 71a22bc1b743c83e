/** What every extract writer needs besides its file: the seed (for names) and the identity log. */
import type { IdentityLog } from '../truth/identities.ts';

export interface WriterContext {
  seed: number;
  periodStart: string;
  log: IdentityLog;
}
