import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRIC_DEFINITIONS } from './metric-definitions';

describe('metric definitions', () => {
  it('docs/metrics.md states every tooltip definition word for word', () => {
    const doc = readFileSync(path.join(process.cwd(), 'docs', 'metrics.md'), 'utf8');
    for (const [key, text] of Object.entries(METRIC_DEFINITIONS)) {
      expect(doc, `docs/metrics.md is missing ${key}`).toContain(`| \`${key}\` | ${text} |`);
    }
  });
});
