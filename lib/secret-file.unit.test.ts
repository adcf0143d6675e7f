import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readOrCreateWebhookSecret, webhookSecretFile } from './secret-file';

// The programmatic sandbox's default (sandbox/server.ts), published in the repository.
const PUBLISHED_SECRET = 'whsec_bursar_sandbox_local_secret';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bursar-secret-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the offline webhook signing secret', () => {
  it('is generated once per installation (random, owner-only), then read back by the app and the sandbox alike', () => {
    const file = webhookSecretFile(freshDir());
    const first = readOrCreateWebhookSecret(file);
    expect(first).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readOrCreateWebhookSecret(file)).toBe(first);
    // Another installation signs with another secret; none is the constant in the repository.
    const other = readOrCreateWebhookSecret(webhookSecretFile(freshDir()));
    expect(other).not.toBe(first);
    expect([first, other]).not.toContain(PUBLISHED_SECRET);
  });

  it('keeps a secret the operator put there', () => {
    const file = webhookSecretFile(freshDir());
    writeFileSync(file, 'whsec_chosen_by_operator\n');
    expect(readOrCreateWebhookSecret(file)).toBe('whsec_chosen_by_operator');
  });
});
