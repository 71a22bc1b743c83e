/** The process logger: structured JSON lines (pino), level from LOG_LEVEL. */
import { pino } from 'pino';
import { config } from '../config.ts';

export const log = pino({ level: config().logLevel, base: { app: 'skein' } });
