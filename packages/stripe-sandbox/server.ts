import { createServer } from 'node:http';
import { DEFAULT_DUNNING, type DunningConfig } from './billing/model';
import type { AddressInfo } from 'node:net';
import { createRequestListener } from './core/http';
import { Persistence } from './core/persistence';
import { Sandbox } from './core/sandbox';
import { emptyState } from './core/store';
import { WEBHOOK_SECRETS } from './core/webhooks';
import { registerAll } from './register';
import { runBillingUntil } from './billing/runner';

export const SANDBOX_DEFAULT_WEBHOOK_SECRET = 'whsec_bursar_sandbox_local_secret';
export const SANDBOX_DEFAULT_PORT = 12111;
/** The id of the webhook endpoint created from configuration (`webhookUrl`). */
export const DEFAULT_ENDPOINT_ID = 'we_sandbox_default';
const BILLING_TICK_MS = 30_000;

export interface StartSandboxOptions {
  /** 0 picks a free port. Default 12111. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Directory for `state.json`; `null` keeps state in memory only. Default `.data/sandbox`. */
  dataDir?: string | null;
  /** A webhook endpoint registered from configuration, receiving every event type. */
  webhookUrl?: string;
  /** Signing secret of that endpoint. Default `SANDBOX_DEFAULT_WEBHOOK_SECRET`. */
  webhookSecret?: string;
  /** Base URL browsers use for hosted pages. Default `http://127.0.0.1:<port>`. */
  publicUrl?: string;
  /** Multiplies Stripe's webhook retry delays (1 min, 5 min, 1 h…). Default 1. */
  webhookRetryScale?: number;
  /** Attempts per delivery, first included. Default 4 (Stripe test mode: 3 retries). */
  webhookMaxAttempts?: number;
  /** Per-attempt timeout in ms. Default 10 000. */
  webhookTimeoutMs?: number;
  /** Delay before a pending refund settles. Default 1000 ms. */
  refundSettleMs?: number;
  /** Delay before a 0259 card's charge is disputed. Default 2000 ms. */
  disputeOpenMs?: number;
  /** Failed-renewal retries: days between attempts and the final action. Default [3, 5, 7], cancel. */
  dunning?: Partial<DunningConfig>;
  /** Days before a renewal that `invoice.upcoming` is sent. Default 7; 0 turns it off. */
  upcomingInvoiceDays?: number;
  /** Log one line per API request. Default false. */
  log?: boolean;
}

export interface RunningSandbox {
  url: string;
  port: number;
  sandbox: Sandbox;
  /** The configured endpoint's signing secret (also for endpoints you did not create). */
  webhookSecret: string;
  /** Wipes all state (objects, events, deliveries), keeping the configured endpoint. */
  reset(): void;
  /** Resolves when no webhook attempt is in flight. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startSandbox(opts: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const webhookSecret = opts.webhookSecret ?? SANDBOX_DEFAULT_WEBHOOK_SECRET;
  const sandbox = new Sandbox({
    publicUrl: opts.publicUrl ?? '',
    webhook: {
      retryScale: opts.webhookRetryScale ?? 1,
      maxAttempts: opts.webhookMaxAttempts ?? 4,
      timeoutMs: opts.webhookTimeoutMs ?? 10_000,
    },
    refundSettleMs: opts.refundSettleMs ?? 1000,
    disputeOpenMs: opts.disputeOpenMs ?? 2000,
    dunning: { ...DEFAULT_DUNNING, ...opts.dunning },
    upcomingInvoiceDays: opts.upcomingInvoiceDays ?? 7,
  });
  registerAll(sandbox);

  const dataDir = opts.dataDir === undefined ? '.data/sandbox' : opts.dataDir;
  const persistence = dataDir ? new Persistence(dataDir, sandbox.store) : null;
  const loaded = persistence?.load();
  if (loaded) {
    sandbox.store.replace(loaded);
    if (loaded.settings?.dunning) sandbox.config.dunning = loaded.settings.dunning;
    if (loaded.settings?.clockOffsetMs) sandbox.clock.offsetMs = loaded.settings.clockOffsetMs;
  }

  const ensureDefaultEndpoint = () => {
    if (!opts.webhookUrl) return;
    const now = sandbox.clock.now();
    sandbox.store.put({
      id: DEFAULT_ENDPOINT_ID,
      object: 'webhook_endpoint',
      api_version: null,
      application: null,
      created: sandbox.store.get<{ id: string; object: string; created: number }>('webhook_endpoint', DEFAULT_ENDPOINT_ID)?.created ?? now,
      description: 'Configured by the sandbox (webhookUrl / SANDBOX_WEBHOOK_URL)',
      enabled_events: ['*'],
      livemode: false,
      metadata: {},
      status: 'enabled',
      url: opts.webhookUrl,
    });
    sandbox.store.setInternal(WEBHOOK_SECRETS, DEFAULT_ENDPOINT_ID, webhookSecret);
  };
  ensureDefaultEndpoint();
  sandbox.onReset(ensureDefaultEndpoint);

  const reset = () => {
    sandbox.scheduler.clear();
    sandbox.faults.clear();
    sandbox.webhooks.paused = false;
    sandbox.clock.offsetMs = 0;
    sandbox.config.dunning = { ...DEFAULT_DUNNING, ...opts.dunning };
    sandbox.store.replace(emptyState());
    sandbox.runResetters();
  };
  sandbox.hooks.set('reset', reset);

  if (persistence) sandbox.store.onChange(() => persistence.schedule());
  sandbox.scheduler.armAll();
  sandbox.webhooks.resumePending();
  // Subscriptions on real time (no test clock) renew when their period ends.
  const billingTick = setInterval(() => {
    try {
      runBillingUntil(sandbox, sandbox.clock.now(), null);
      sandbox.runTime(sandbox.clock.now());
    } catch (err) {
      console.error('[sandbox] billing tick failed:', err);
    }
  }, BILLING_TICK_MS);
  billingTick.unref();

  const listener = createRequestListener(sandbox);
  const server = createServer((req, res) => {
    if (opts.log) {
      const started = Date.now();
      res.on('finish', () => console.log(`[sandbox] ${req.method} ${req.url} → ${res.statusCode} (${Date.now() - started} ms)`));
    }
    listener(req, res);
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? SANDBOX_DEFAULT_PORT, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  sandbox.config.publicUrl = opts.publicUrl ?? url;

  return {
    url,
    port,
    sandbox,
    webhookSecret,
    reset,
    idle: () => sandbox.webhooks.idle(),
    async close() {
      clearInterval(billingTick);
      await sandbox.scheduler.stop();
      await sandbox.webhooks.idle();
      // A clean stop folds the journal into one snapshot: the next start reads one file.
      persistence?.compact();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
