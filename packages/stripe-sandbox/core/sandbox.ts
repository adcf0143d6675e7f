import type { DunningConfig } from '../billing/model';
import { Clock } from './clock';
import { EventBus } from './events';
import type { VirtualExpander } from './expand';
import { Faults } from './faults';
import { RequestMeter } from './request-meter';
import { Router } from './router';
import { Scheduler } from './scheduler';
import { Store } from './store';
import { WebhookDispatcher, type WebhookOptions } from './webhooks';

export interface SandboxConfig {
  /** Base URL browsers use to reach hosted pages, e.g. `http://127.0.0.1:12111`. */
  publicUrl: string;
  webhook: WebhookOptions;
  /** Delay before a pending card refund settles (succeeded or failed). */
  refundSettleMs: number;
  /** Delay between a 0259 card's successful charge and its dispute. */
  disputeOpenMs: number;
  /** Retry schedule and final action for failed subscription renewals. */
  dunning: DunningConfig;
  /** Days before a renewal that `invoice.upcoming` is sent (Stripe's "upcoming renewal events"); 0 = never. */
  upcomingInvoiceDays: number;
}

/** A page route (hosted Checkout, dashboard, control API): no API key, raw request access. */
export type PageHandler = (req: PageRequest) => PageResponse | Promise<PageResponse>;
export interface PageRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  /** The client's address (the buyer, for a mandate's acceptance). */
  remoteAddress?: string | null;
}
export interface PageResponse {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

/**
 * The shared context every resource module registers itself on. Later modules
 * (subscriptions, invoices, test clocks, …) add routes, expanders, scheduled-task kinds and
 * checkout-mode handlers here without editing the core.
 */
export class Sandbox {
  readonly store = new Store();
  readonly clock = new Clock();
  readonly router = new Router();
  readonly pages = new Router<PageHandler>();
  readonly scheduler: Scheduler;
  readonly events: EventBus;
  readonly webhooks: WebhookDispatcher;
  readonly faults = new Faults();
  readonly requests = new RequestMeter();
  readonly expanders = new Map<string, VirtualExpander>();
  /** Hooks other modules can fill, e.g. `checkout.subscription` completes a subscription-mode session. */
  readonly hooks = new Map<string, (...args: never[]) => unknown>();
  /**
   * Scheduled-task kinds finished before an API response or a hosted page's answer is sent:
   * work Stripe does at once, after the request's own events (a dispute test card's dispute).
   */
  readonly beforeReply = new Set<string>();

  /** Runs the `beforeReply` work now (outside the request's context: its events carry no request id). */
  finishBeforeReply(): void {
    for (const kind of this.beforeReply) this.scheduler.runPending(kind);
  }
  private resetters: Array<() => void> = [];
  private timeHandlers: Array<(now: number) => void> = [];

  constructor(readonly config: SandboxConfig) {
    this.scheduler = new Scheduler(this.store);
    this.events = new EventBus(this.store, this.clock);
    this.webhooks = new WebhookDispatcher(this.store, this.scheduler, config.webhook);
    this.events.subscribe((event) => this.webhooks.enqueue(event));
  }

  /** `sandbox.expand('checkout.session', 'line_items', fn)` */
  expand(objectType: string, field: string, fn: VirtualExpander): void {
    this.expanders.set(`${objectType}:${field}`, fn);
  }

  /** Registers a page route: `page('GET', '/c/pay/:id', handler)`. */
  page(method: 'GET' | 'POST', pattern: string, handler: PageHandler): void {
    this.pages.add(method, pattern, handler);
  }

  /** Runs after state is wiped by a reset (re-create defaults such as the config endpoint). */
  onReset(fn: () => void): void {
    this.resetters.push(fn);
  }

  /**
   * Account-level work that follows sandbox time (overdue disputes, daily payouts): run by
   * the billing tick and by `/_sandbox/clock/advance` with the current sandbox time.
   */
  onTime(fn: (now: number) => void): void {
    this.timeHandlers.push(fn);
  }

  runTime(now: number): void {
    for (const fn of this.timeHandlers) {
      try {
        fn(now);
      } catch (err) {
        console.error('[sandbox] time step failed:', err);
      }
    }
  }

  runResetters(): void {
    for (const fn of this.resetters) fn();
  }
}
