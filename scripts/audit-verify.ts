/** `npm run audit:verify` — walks the audit chain, recomputing every hash; exit 1 at the first broken link. */

import { verifyAuditChain } from '../src/store/audit.ts';
import { closeDriver } from '../src/store/driver.ts';
import { FULL_SCOPE } from '../src/store/read/scope.ts';

const result = await verifyAuditChain(FULL_SCOPE, (n) =>
  process.stderr.write(`\raudit: ${n} records checked`),
).finally(closeDriver);
process.stderr.write('\n');
if (result.ok) {
  console.log(`audit: chain intact, ${result.records} records`);
} else {
  console.log(
    `audit: BROKEN at record ${result.broken?.seq}: ${result.broken?.reason} (${result.records} records before it are intact)`,
  );
  process.exitCode = 1;
}
