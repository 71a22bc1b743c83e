/**
 * Waiting for background work (a detection run, a load job) in tests: poll until a condition holds,
 * with a generous deadline, never a fixed number of sleeps. A loaded CI machine (load average 16)
 * is slow, not wrong: only a condition that never comes true fails, and it says what it last saw.
 */
export async function pollUntil<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { deadlineMs = 170_000, everyMs = 100 }: { deadlineMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`${what}: not done within ${deadlineMs / 1000} s; last seen ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
