import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { startSandbox, type RunningSandbox, type StartSandboxOptions } from '../server';

export const API_VERSION = '2026-10-28.endive' as const;

export interface TestSandbox {
  running: RunningSandbox;
  stripe: Stripe;
  /** A client for any key, e.g. to test authentication. */
  client(key: string, extra?: Partial<Stripe.StripeConfig>): Stripe;
}

export async function startTestSandbox(opts: StartSandboxOptions = {}): Promise<TestSandbox> {
  const running = await startSandbox({ port: 0, dataDir: null, webhookRetryScale: 0.0005, refundSettleMs: 20, disputeOpenMs: 20, ...opts });
  const client = (key: string, extra: Partial<Stripe.StripeConfig> = {}) =>
    new Stripe(key, {
      apiVersion: API_VERSION,
      host: '127.0.0.1',
      port: running.port,
      protocol: 'http',
      maxNetworkRetries: 0,
      ...extra,
    });
  return { running, stripe: client('sk_test_bursar'), client };
}

export interface ReceivedWebhook {
  body: string;
  headers: IncomingHttpHeaders;
}

/** A tiny webhook receiver; `respond` decides the status for each delivery. */
export async function startReceiver(respond: (n: number, hook: ReceivedWebhook) => number = () => 200) {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hook = { body: Buffer.concat(chunks).toString('utf8'), headers: req.headers };
      received.push(hook);
      res.writeHead(respond(received.length, hook)).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return {
    url,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function waitFor<T>(fn: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - started > timeoutMs) throw new Error('waitFor timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
