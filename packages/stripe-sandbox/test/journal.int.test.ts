import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startSandbox } from '../server';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'bursar-journal-'));
  dirs.push(d);
  return d;
};
const client = (port: number) =>
  new Stripe('sk_test_journal', { apiVersion: '2026-10-28.endive', host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
const settle = () => new Promise((r) => setTimeout(r, 400));

describe('snapshot + journal', () => {
  it('a write appends what changed; a crash (no close) loses nothing that was flushed', async () => {
    const dir = tempDir();
    const first = await startSandbox({ port: 0, dataDir: dir });
    const stripe = client(first.port);
    const customer = await stripe.customers.create({ email: 'journal@example.com' });
    await settle();
    const journal = join(dir, 'journal.jsonl');
    const afterOne = statSync(journal).size;
    const pi = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
    await stripe.customers.update(customer.id, { metadata: { plan: 'gold' } });
    await settle();
    const lines = readFileSync(journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { t: string; c?: string; id?: string });
    // One customer update is one line for the customer (plus its event), not the whole state.
    expect(lines.filter((l) => l.t === 'o' && l.id === customer.id).length).toBeGreaterThanOrEqual(2);
    expect(statSync(journal).size - afterOne).toBeLessThan(64 * 1024);
    expect(existsSync(join(dir, 'state.json'))).toBe(false);

    // "Crash": a second sandbox reads the directory while the first never closed.
    const second = await startSandbox({ port: 0, dataDir: dir });
    const s2 = client(second.port);
    expect(((await s2.customers.retrieve(customer.id)) as Stripe.Customer).metadata).toEqual({ plan: 'gold' });
    expect((await s2.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
    expect((await s2.balanceTransactions.list()).data).toHaveLength(1);
    await second.close();
    await first.close();
  });

  it('close compacts into a snapshot; a torn last line is ignored; reset survives a restart', async () => {
    const dir = tempDir();
    const first = await startSandbox({ port: 0, dataDir: dir });
    const c1 = await client(first.port).customers.create({ email: 'a@example.com' });
    await first.close();
    expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8')).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toMatchObject({ version: 1 });

    const second = await startSandbox({ port: 0, dataDir: dir });
    const s2 = client(second.port);
    const c2 = await s2.customers.create({ email: 'b@example.com' });
    await settle();
    // A crash mid-append leaves half a line at the end.
    const { appendFileSync } = await import('node:fs');
    appendFileSync(join(dir, 'journal.jsonl'), '{"t":"o","c":"customer","id":"cus_torn","v":{"id"');
    const third = await startSandbox({ port: 0, dataDir: dir });
    const s3 = client(third.port);
    expect((await s3.customers.list()).data.map((c) => c.id).sort()).toEqual([c1.id, c2.id].sort());
    await third.close();
    await second.close();

    const fourth = await startSandbox({ port: 0, dataDir: dir });
    const reset = await fetch(`${fourth.url}/_sandbox/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    await settle();
    const fifth = await startSandbox({ port: 0, dataDir: dir });
    expect((await client(fifth.port).customers.list()).data).toEqual([]);
    await fifth.close();
    await fourth.close();
  });
});
