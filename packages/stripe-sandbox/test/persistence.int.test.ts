import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startSandbox } from '../server';

const dir = mkdtempSync(join(tmpdir(), 'bursar-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const client = (port: number) =>
  new Stripe('sk_test_persist', { apiVersion: '2026-10-28.endive', host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });

describe('persistence', () => {
  it('keeps objects, events and idempotency records across a restart', async () => {
    const first = await startSandbox({ port: 0, dataDir: dir });
    const customer = await client(first.port).customers.create({ email: 'kept@example.com' }, { idempotencyKey: 'persist-1' });
    await first.close();
    const saved = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { version: number };
    expect(saved.version).toBe(1);

    const second = await startSandbox({ port: 0, dataDir: dir });
    const stripe = client(second.port);
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ email: 'kept@example.com' });
    expect((await stripe.events.list({ type: 'customer.created' })).data).toHaveLength(1);
    const replay = await stripe.customers.create({ email: 'kept@example.com' }, { idempotencyKey: 'persist-1' });
    expect(replay.id).toBe(customer.id);
    await second.close();
  });
});
