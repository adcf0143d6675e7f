import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startReceiver } from './helpers';

/** The package's command, as npm links it into node_modules/.bin/stripe-sandbox. */
const BIN = fileURLToPath(new URL('../bin/stripe-sandbox.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bursar-sandbox-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runCommand(env: Record<string, string>, cwd: string): Promise<{ child: ChildProcessWithoutNullStreams; port: number; stop: () => Promise<void> }> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, [BIN], { cwd, env: { ...process.env, STRIPE_SANDBOX_PORT: String(port), ...env }, stdio: 'pipe' });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('sandbox did not start')), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  const stop = async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return { child, port, stop };
}

async function deliveredFor(receiver: Awaited<ReturnType<typeof startReceiver>>, id: string) {
  for (let i = 0; i < 200 && !receiver.received.some((h) => h.body.includes(id)); i++) await new Promise((r) => setTimeout(r, 25));
  return receiver.received.find((h) => h.body.includes(id));
}

const client = (port: number) => new Stripe('sk_test_main', { apiVersion: '2026-10-28.endive', host: '127.0.0.1', port, protocol: 'http' });
const verifier = new Stripe('sk_test_verify', { apiVersion: '2026-10-28.endive' });

describe('the stripe-sandbox command (bin/stripe-sandbox.mjs → main.ts)', () => {
  it('reads its environment, serves the API, signs with the configured secret and saves state', async () => {
    const receiver = await startReceiver();
    const stateDir = join(dir, 'state');
    const run = await runCommand({ SANDBOX_DATA_DIR: stateDir, SANDBOX_WEBHOOK_URL: receiver.url, STRIPE_WEBHOOK_SECRET: 'whsec_from_env' }, process.cwd());
    try {
      const customer = await client(run.port).customers.create({ email: 'main@example.com' });
      const hook = await deliveredFor(receiver, customer.id);
      expect(hook).toBeDefined();
      expect(verifier.webhooks.constructEvent(hook!.body, hook!.headers['stripe-signature'] as string, 'whsec_from_env').type).toBe('customer.created');
    } finally {
      await run.stop();
      await receiver.close();
    }
    expect(existsSync(join(stateDir, 'state.json'))).toBe(true);
  });

  it('without STRIPE_WEBHOOK_SECRET signs with a secret it creates once in $DATA_DIR/stripe-webhook-secret (0600)', async () => {
    const receiver = await startReceiver();
    const dataDir = join(dir, 'data');
    const env = { DATA_DIR: dataDir, SANDBOX_DATA_DIR: join(dataDir, 'sandbox'), SANDBOX_WEBHOOK_URL: receiver.url, STRIPE_WEBHOOK_SECRET: '' };
    const file = join(dataDir, 'stripe-webhook-secret');
    try {
      const first = await runCommand(env, dir);
      await first.stop();
      const secret = readFileSync(file, 'utf8').trim();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // A second start reads the same file; its webhooks verify with that secret.
      const second = await runCommand(env, dir);
      try {
        const customer = await client(second.port).customers.create({ email: 'secret@example.com' });
        const hook = await deliveredFor(receiver, customer.id);
        expect(verifier.webhooks.constructEvent(hook!.body, hook!.headers['stripe-signature'] as string, secret).type).toBe('customer.created');
      } finally {
        await second.stop();
      }
      expect(readFileSync(file, 'utf8').trim()).toBe(secret);
    } finally {
      await receiver.close();
    }
  });
});
