import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startReceiver } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'bursar-sandbox-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run sandbox (sandbox/main.ts)', () => {
  it('reads its environment, serves the API, signs with the configured secret and saves state', async () => {
    const receiver = await startReceiver();
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/main.ts'], {
      env: {
        ...process.env,
        STRIPE_SANDBOX_PORT: String(port),
        SANDBOX_DATA_DIR: dir,
        SANDBOX_WEBHOOK_URL: receiver.url,
        STRIPE_WEBHOOK_SECRET: 'whsec_from_env',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
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
      const stripe = new Stripe('sk_test_main', { apiVersion: '2026-10-28.endive', host: '127.0.0.1', port, protocol: 'http' });
      const customer = await stripe.customers.create({ email: 'main@example.com' });
      for (let i = 0; i < 200 && !receiver.received.some((h) => h.body.includes(customer.id)); i++) {
        await new Promise((r) => setTimeout(r, 25));
      }
      const hook = receiver.received.find((h) => h.body.includes(customer.id));
      expect(hook).toBeDefined();
      const verifier = new Stripe('sk_test_verify', { apiVersion: '2026-10-28.endive' });
      expect(verifier.webhooks.constructEvent(hook!.body, hook!.headers['stripe-signature'] as string, 'whsec_from_env').type).toBe('customer.created');
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await receiver.close();
    }
    expect(existsSync(join(dir, 'state.json'))).toBe(true);
  });
});
