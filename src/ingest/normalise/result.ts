/**
 * Every normaliser returns a Normalised<T>: a clean value, or a reason the value is invalid.
 * An invalid value becomes a row error with that reason (the row goes to the rejects file);
 * a normaliser never guesses silently.
 */
export type Normalised<T> = { ok: true; value: T } | { ok: false; reason: string };

export const ok = <T>(value: T): Normalised<T> => ({ ok: true, value });
export const invalid = <T = never>(reason: string): Normalised<T> => ({ ok: false, reason });
