/**
 * How every command ends: its exit code (a thrown error prints its message and gets the command's
 * code for it), and — whatever happened — the audit records it queued made durable before the
 * driver closes, so no action is left unaudited by a pool closed under the group commit.
 */
import { drainAudit } from '../store/audit.ts';
import { closeDriver } from '../store/driver.ts';

export async function runCommand(
  name: string,
  main: () => Promise<unknown>,
  exitCodeFor: (error: unknown) => number = () => 1,
): Promise<void> {
  try {
    const code = await main();
    if (typeof code === 'number') process.exitCode = code;
  } catch (error) {
    process.stderr.write(`\n${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = exitCodeFor(error);
  } finally {
    await drainAudit();
    await closeDriver();
  }
}
