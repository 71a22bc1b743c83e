/** docs/indicators.md is generated from the indicator registry: it must match the code. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INDICATORS_DOC, renderIndicatorsDoc } from '../../../scripts/docs-indicators.ts';
import { INDICATORS } from '../../../src/analyse/indicators/index.ts';

describe('docs/indicators.md', () => {
  it('is what `npm run docs:indicators` writes from the code today', () => {
    expect(readFileSync(INDICATORS_DOC, 'utf8')).toBe(renderIndicatorsDoc());
  });

  it('has a section for every indicator, with its version', () => {
    const doc = renderIndicatorsDoc();
    for (const i of INDICATORS) expect(doc).toContain(`## ${i.id}\n\n**${i.title}** — version ${i.version}`);
  });
});
