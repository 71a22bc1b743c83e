/**
 * Statements kept in cypher/<folder>/<name>.cypher, one statement a file, written out with their
 * design notes as `//` lines: the notes are dropped on reading, so the text sent (and the plan
 * Neo4j caches for it) is the statement alone. Read once, when the module that names the file is
 * loaded: a missing file fails at start-up, not on a user's first query.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config.ts';

/** The statement of cypher/`name`.cypher (`name` like 'money/hop-out'), its comment lines dropped. */
export function cypherFile(name: string): string {
  const path = join(PROJECT_ROOT, 'cypher', `${name}.cypher`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `store/cypher-files: cannot read ${path} (${(error as Error).message}); the cypher/ folder ships beside package.json — copy it with the app`,
    );
  }
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n')
    .trim();
}
