/**
 * `npm run bench:sandbox` — the offline Stripe sandbox at size (issue 10, "Fast at any
 * size"). Through the real `stripe` SDK, over HTTP, a few clients create BENCH_N customers
 * (default 10,000) and then BENCH_N PaymentIntents confirmed with a test card (paid: charge,
 * balance transaction, events), against a sandbox that persists to disk (snapshot + journal,
 * `packages/stripe-sandbox/core/persistence.ts`). It prints p50/p99 per request for the first and the last
 * BENCH_WINDOW requests (default 1,000): with a write that costs what changed they stay flat
 * (the issue asks for p99 at the end within 2× the start). The reference, measured in the
 * same run with the same workload, is the same sandbox with persistence off (memory only):
 * the ratio is what persistence costs. The state size on disk is printed at the end.
 * Environment: BENCH_N, BENCH_WINDOW, BENCH_CLIENTS (default 4). Results also go to
 * .data/bench/sandbox.json.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { startSandbox } from '@bursar/stripe-sandbox';

const N = Number(process.env.BENCH_N ?? 10_000);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 1_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);

interface Window {
  p50: number;
  p99: number;
}
interface Kind {
  start: Window;
  end: Window;
}
interface RunResult {
  label: string;
  customers: Kind;
  payments: Kind;
  seconds: number;
  bytesOnDisk: number | null;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const windowOf = (latencies: number[]): Window => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};

async function closedLoop(total: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  const latencies = new Array<number>(total);
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const started = performance.now();
        await op(i);
        latencies[i] = performance.now() - started;
      }
    }),
  );
  return latencies;
}

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
}

async function run(label: string, persist: boolean): Promise<RunResult> {
  const dir = persist ? mkdtempSync(path.join(tmpdir(), 'bench-sandbox-')) : null;
  const sb = await startSandbox({ port: 0, dataDir: dir, webhookUrl: undefined });
  const stripe = new Stripe('sk_test_bench', {
    apiVersion: '2026-10-28.endive',
    host: '127.0.0.1',
    port: sb.port,
    protocol: 'http',
    // As the app runs it: retries on, so every POST carries an idempotency key the sandbox keeps.
    maxNetworkRetries: 1,
  });
  const began = performance.now();
  const customers = await closedLoop(N, (i) => stripe.customers.create({ email: `bench-${i}@example.com`, name: `Bench ${i}`, metadata: { i: String(i) } }));
  const payments = await closedLoop(N, (i) =>
    stripe.paymentIntents.create({ amount: 1000 + (i % 500), currency: 'usd', payment_method: 'pm_card_visa', confirm: true, metadata: { i: String(i) } }),
  );
  const seconds = (performance.now() - began) / 1000;
  await sb.close();
  const bytesOnDisk = dir ? dirBytes(dir) : null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  const kind = (l: number[]): Kind => ({ start: windowOf(l.slice(0, WINDOW)), end: windowOf(l.slice(-WINDOW)) });
  return { label, customers: kind(customers), payments: kind(payments), seconds, bytesOnDisk };
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

async function main() {
  console.log(`bench:sandbox — ${N} customers + ${N} paid PaymentIntents, ${CLIENTS} clients, windows of ${WINDOW} requests`);
  console.log(`machine: ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}`);
  const persisted = await run('persisted (snapshot + journal)', true);
  const reference = await run('reference: memory only', false);
  for (const r of [persisted, reference]) {
    console.log(`${r.label}: ${(2 * N / r.seconds).toFixed(0)} req/s${r.bytesOnDisk !== null ? `, ${(r.bytesOnDisk / 1024 / 1024).toFixed(1)} MB on disk after close` : ''}`);
    for (const [name, k] of [['customers.create', r.customers], ['paymentIntents.create+confirm', r.payments]] as const) {
      console.log(`  ${name.padEnd(30)} first ${WINDOW}: p50 ${fmt(k.start.p50)} p99 ${fmt(k.start.p99)} | last ${WINDOW}: p50 ${fmt(k.end.p50)} p99 ${fmt(k.end.p99)} | p99 last/first ${(k.end.p99 / k.start.p99).toFixed(2)}×`);
    }
  }
  const flat = Math.max(persisted.customers.end.p99 / persisted.customers.start.p99, persisted.payments.end.p99 / persisted.payments.start.p99);
  console.log(`persisted: worst p99 last/first ${flat.toFixed(2)}× (issue: ≤ 2×) ${flat <= 2 ? 'OK' : 'OVER'}`);
  console.log(
    `persisted/reference, last ${WINDOW} payments: p50 ${(persisted.payments.end.p50 / reference.payments.end.p50).toFixed(2)}×, p99 ${(persisted.payments.end.p99 / reference.payments.end.p99).toFixed(2)}×`,
  );
  mkdirSync('.data/bench', { recursive: true });
  writeFileSync('.data/bench/sandbox.json', JSON.stringify({ n: N, window: WINDOW, clients: CLIENTS, persisted, reference, flat }, null, 2));
}

await main();
