import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getMetrics } from './metrics';

// docs/operations.md is what an operator writes alert rules from: every metric Bursar registers
// is listed there, under a name that follows Prometheus' conventions.
describe('metric names and docs/operations.md', () => {
  const docs = readFileSync(path.join(process.cwd(), 'docs/operations.md'), 'utf8');
  const ours = getMetrics()
    .registry.getMetricsAsArray()
    .map((m) => ({ name: m.name, type: (m as unknown as { type: string }).type }))
    // prom-client's default process metrics (bursar_process_*, bursar_nodejs_*) are listed as a group.
    .filter((m) => !/^bursar_(process|nodejs)_/.test(m.name));

  it('lists every metric the registry holds, with its type', () => {
    expect(ours.length).toBeGreaterThan(20);
    for (const { name, type } of ours) {
      const row = docs.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      expect(row, `${name} is not in docs/operations.md`).toBeDefined();
      expect(row!.split('|')[2]!.trim(), name).toMatch(new RegExp(`^${type}\\b`));
    }
    expect(docs).toContain('`bursar_process_*`, `bursar_nodejs_*`');
  });

  it('names follow the conventions: one prefix, snake_case, counters end in _total, base units', () => {
    for (const { name, type } of ours) {
      expect(name).toMatch(/^bursar_[a-z][a-z0-9_]*[a-z0-9]$/);
      if (type === 'counter') expect(name).toMatch(/_total$/);
      else expect(name).not.toMatch(/_total$/);
      // Seconds and bytes, never milliseconds or megabytes.
      expect(name).not.toMatch(/_(ms|milliseconds|minutes|hours|mb|kb)(_|$)/);
      if (type === 'histogram') expect(name).toMatch(/_seconds$/);
    }
  });
});
