import type Stripe from 'stripe';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { findPlanPriceAtInterval, findPriceById, type PriceRow } from '@/db/queries/catalog';
import { findStripeCustomerIdOfUser } from '@/db/queries/customers';
import { findOwnSubscription, type SubscriptionRow } from '@/db/queries/subscriptions';
import { ActionRefusal } from '@/lib/actions/refusal';
import { env } from '@/lib/env';
import { createPortalSession } from '@/lib/stripe/customers';
import { StripeFailure } from '@/lib/stripe/errors';
import { INTERACTIVE, previewInvoice, retrieveSubscription, updateSubscription } from '@/lib/stripe/subscriptions';
import { ensureStripePrice } from './stripe-catalog';
import { refreshSubscriptionFromStripe } from './sync/refresh';
import { logger } from '@/lib/log';

// Learner self-service on their subscription. Each function takes (db, user, input): it
// validates the input, loads the subscription BY USER (another learner's id is "not found"
// before any Stripe call), asks Stripe with an idempotency key derived from the intent and
// the form's attempt id (a double submit or a retry is the same call), then re-reads the
// subscription for the immediate UI; the webhook converges it again later.

export type SubscriptionActor = { id: string };

/** How long a switch preview may be confirmed; older ones are shown again (prices move with time). */
export const PREVIEW_VALID_SECONDS = 60 * 60;

export type SubscriptionActionErrorCode = 'invalid_input' | 'not_found' | 'not_allowed' | 'stale_preview' | 'stale_form' | 'provider_unavailable' | 'card_declined' | 'refused';

/** A refusal or failure with the plain sentence the learner sees. Nothing changed unless said. */
export class SubscriptionActionError extends ActionRefusal {
  constructor(
    readonly code: SubscriptionActionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SubscriptionActionError';
  }
}

export const PROVIDER_UNAVAILABLE = "We couldn't reach our payment provider; nothing changed — please try again.";

const subscriptionId = z.uuid({ error: 'This page is out of date — reload it and try again.' });
const attemptId = z.uuid({ error: 'This form is out of date — reload the page and try again.' });
const interval = z.enum(['month', 'year'], { error: 'Choose monthly or yearly billing.' });

export const changeCancellationInput = z.object({ subscriptionId, attemptId });
export const previewSwitchInput = z.object({ subscriptionId, interval });
export const switchIntervalInput = z.object({
  subscriptionId,
  interval,
  prorationDate: z.coerce.number({ error: 'Review the price change again before confirming.' }).int().positive(),
  attemptId,
});
export const billingPortalInput = z.object({ attemptId });

/** Inputs arrive from forms: any field may be missing or malformed until parsed. */
type Untrusted<S extends z.ZodType> = { [K in keyof z.input<S>]?: unknown };

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new SubscriptionActionError('invalid_input', result.error.issues[0]?.message ?? 'That request was not valid.');
  return result.data;
}

async function findOwnSubscriptionOrThrow(db: Database, user: SubscriptionActor, id: string): Promise<SubscriptionRow> {
  const row = await findOwnSubscription(db, user.id, id);
  if (!row) throw new SubscriptionActionError('not_found', "We couldn't find that subscription on your account.");
  return row;
}

const LIVE: ReadonlySet<string> = new Set(['active', 'trialing', 'past_due']);

function assertLive(row: SubscriptionRow): void {
  if (!LIVE.has(row.status)) throw new SubscriptionActionError('not_allowed', 'This subscription has ended, so it cannot be changed. You can start a new one from the pricing page.');
}

/** Stripe errors become the sentence the learner reads; the full error goes to the logs. */
function toActionError(error: unknown): SubscriptionActionError {
  if (error instanceof SubscriptionActionError) return error;
  if (!(error instanceof StripeFailure)) {
    // Not a Stripe answer we know: a bug or an outage worth its stack.
    logger.error({ err: error }, 'subscription action: Stripe call failed');
    return new SubscriptionActionError('provider_unavailable', PROVIDER_UNAVAILABLE);
  }
  // Stripe said no or did not answer: expected, the learner is told; the kind is what an operator needs.
  logger.warn({ kind: error.kind, operation: error.operation, stripeCode: error.details.stripeCode, detail: error.message }, 'subscription action: Stripe call failed');
  switch (error.kind) {
    case 'card_declined':
      return new SubscriptionActionError('card_declined', `${error.userMessage} Update your card under “Manage billing”, then try again.`);
    case 'idempotency_conflict':
      return new SubscriptionActionError('provider_unavailable', error.userMessage);
    case 'invalid_request':
    case 'not_found':
      return new SubscriptionActionError('refused', 'Our payment provider refused this change, so nothing changed. Please contact support if it keeps happening.');
    default:
      return new SubscriptionActionError('provider_unavailable', PROVIDER_UNAVAILABLE);
  }
}

/** After Stripe accepted a change: refresh our row now. A failure here is not the learner's problem — the webhook converges it. */
async function refreshAfterChange(db: Database, stripeSubscriptionId: string): Promise<void> {
  try {
    await refreshSubscriptionFromStripe(db, stripeSubscriptionId);
  } catch (error) {
    logger.error({ err: error, subscription: stripeSubscriptionId }, 'subscription changed in Stripe, local refresh failed (the webhook will converge it)');
  }
}

export type CancellationResult = { changed: boolean; cancelAtPeriodEnd: boolean; currentPeriodEnd: Date | null };

async function setCancelAtPeriodEnd(db: Database, user: SubscriptionActor, input: Untrusted<typeof changeCancellationInput>, cancel: boolean): Promise<CancellationResult> {
  const params = parse(changeCancellationInput, input);
  const row = await findOwnSubscriptionOrThrow(db, user, params.subscriptionId);
  assertLive(row);
  // Already in the asked-for state (a second tab, a resubmitted form): nothing to ask Stripe.
  if (row.cancelAtPeriodEnd === cancel) return { changed: false, cancelAtPeriodEnd: cancel, currentPeriodEnd: row.currentPeriodEnd };
  const intent = cancel ? 'cancel' : 'resume';
  let replayed: boolean;
  try {
    ({ replayed } = await updateSubscription(row.stripeSubscriptionId, { cancel_at_period_end: cancel }, `subscription:${row.id}:${intent}:${params.attemptId}`));
  } catch (error) {
    throw toActionError(error);
  }
  await refreshAfterChange(db, row.stripeSubscriptionId);
  const fresh = await findOwnSubscriptionOrThrow(db, user, row.id);
  // An old form sent again (Back button) after its change was undone: Stripe replays the
  // first answer and changes nothing. Say so instead of claiming success.
  if (replayed && fresh.cancelAtPeriodEnd !== cancel) {
    throw new SubscriptionActionError('stale_form', 'This form was already used, so nothing changed. Reload the page and try again.');
  }
  return { changed: true, cancelAtPeriodEnd: fresh.cancelAtPeriodEnd, currentPeriodEnd: fresh.currentPeriodEnd };
}

/** Cancel at period end: access continues until the paid period ends, then Stripe ends it. */
export function cancelSubscriptionAtPeriodEnd(db: Database, user: SubscriptionActor, input: Untrusted<typeof changeCancellationInput>) {
  return setCancelAtPeriodEnd(db, user, input, true);
}

/** Undo a scheduled cancellation before the period ends. */
export function resumeSubscription(db: Database, user: SubscriptionActor, input: Untrusted<typeof changeCancellationInput>) {
  return setCancelAtPeriodEnd(db, user, input, false);
}

type SwitchTarget = { row: SubscriptionRow; itemId: string; stripePriceId: string; price: PriceRow };

/** The same plan and currency at the other interval, its Stripe price, and the item to change. */
async function loadSwitchTarget(db: Database, user: SubscriptionActor, id: string, to: 'month' | 'year'): Promise<SwitchTarget> {
  const row = await findOwnSubscriptionOrThrow(db, user, id);
  assertLive(row);
  if (row.cancelAtPeriodEnd) throw new SubscriptionActionError('not_allowed', 'Your subscription is set to end. Resume it first, then switch billing.');
  const current = row.priceId ? await findPriceById(db, row.priceId) : null;
  if (!current?.planId) throw new SubscriptionActionError('not_allowed', 'This subscription cannot be switched here. Use “Manage billing” instead.');
  if (current.interval === to) throw new SubscriptionActionError('not_allowed', `You are already billed ${to === 'year' ? 'yearly' : 'monthly'}.`);
  const target = await findPlanPriceAtInterval(db, { planId: current.planId, currency: current.currency, interval: to });
  if (!target) throw new SubscriptionActionError('not_allowed', `${to === 'year' ? 'Yearly' : 'Monthly'} billing is not offered in ${current.currency.toUpperCase()}.`);
  try {
    const stripePriceId = await ensureStripePrice(db, target.price, {
      kind: 'plan',
      id: target.plan.id,
      name: target.plan.name,
      description: target.plan.description,
      stripeProductId: target.plan.stripeProductId,
    });
    const remote = await retrieveSubscription(row.stripeSubscriptionId, INTERACTIVE);
    const item = remote.items.data[0];
    if (!item) throw new SubscriptionActionError('refused', 'This subscription has nothing to switch. Please contact support.');
    return { row, itemId: item.id, stripePriceId, price: target.price };
  } catch (error) {
    throw toActionError(error);
  }
}

export type SwitchPreview = {
  subscriptionId: string;
  interval: 'month' | 'year';
  /** Unix seconds; the confirm step sends it back so Stripe prorates exactly as previewed. */
  prorationDate: number;
  currency: string;
  /** What the card is charged when the switch is confirmed (0 when the credit covers it). */
  amountDueNow: number;
  /** The invoice total; negative when the unused time is worth more than the new period. */
  total: number;
  /** Credit for the unused time of the current plan, as a positive amount. */
  credit: number;
  newPeriodAmount: number;
  newPeriodEnd: Date | null;
  lines: Array<{ description: string; amount: number; proration: boolean }>;
};

/** What switching would bill, from Stripe's own preview of the change (nothing changes). */
export async function previewIntervalSwitch(db: Database, user: SubscriptionActor, input: Untrusted<typeof previewSwitchInput>, now = new Date()): Promise<SwitchPreview> {
  const params = parse(previewSwitchInput, input);
  const target = await loadSwitchTarget(db, user, params.subscriptionId, params.interval);
  const prorationDate = Math.floor(now.getTime() / 1000);
  let invoice: Stripe.Invoice;
  try {
    invoice = await previewInvoice(
      {
        subscription: target.row.stripeSubscriptionId,
        subscription_details: {
          items: [{ id: target.itemId, price: target.stripePriceId }],
          proration_behavior: 'create_prorations',
          proration_date: prorationDate,
        },
      },
      // A preview creates nothing, but every POST carries a key (DESIGN.md "Outgoing calls").
      `subscription:${target.row.id}:preview:${params.interval}:${prorationDate}`,
    );
  } catch (error) {
    throw toActionError(error);
  }
  const lines = invoice.lines.data.map((line) => ({
    description: line.description ?? '',
    amount: line.amount,
    proration: line.parent?.subscription_item_details?.proration ?? false,
  }));
  const newPeriod = invoice.lines.data.find((line) => !line.parent?.subscription_item_details?.proration);
  return {
    subscriptionId: target.row.id,
    interval: params.interval,
    prorationDate,
    currency: invoice.currency,
    amountDueNow: invoice.amount_due,
    total: invoice.total,
    credit: -lines.filter((l) => l.proration && l.amount < 0).reduce((sum, l) => sum + l.amount, 0),
    newPeriodAmount: newPeriod?.amount ?? target.price.unitAmount,
    newPeriodEnd: newPeriod ? new Date(newPeriod.period.end * 1000) : null,
    lines,
  };
}

/** Applies the previewed switch, prorated at the preview's date. */
export async function switchSubscriptionInterval(db: Database, user: SubscriptionActor, input: Untrusted<typeof switchIntervalInput>, now = new Date()) {
  const params = parse(switchIntervalInput, input);
  // The date comes back from the browser: bound it, or an old date would buy extra credit.
  const age = Math.floor(now.getTime() / 1000) - params.prorationDate;
  if (age > PREVIEW_VALID_SECONDS || age < -60) {
    throw new SubscriptionActionError('stale_preview', 'That price preview is out of date. Review the change again before confirming.');
  }
  const target = await loadSwitchTarget(db, user, params.subscriptionId, params.interval);
  try {
    await updateSubscription(
      target.row.stripeSubscriptionId,
      {
        items: [{ id: target.itemId, price: target.stripePriceId }],
        proration_behavior: 'create_prorations',
        // Bill exactly what the learner was shown, however long they took to confirm.
        proration_date: params.prorationDate,
      },
      `subscription:${target.row.id}:switch:${params.interval}:${params.attemptId}`,
    );
  } catch (error) {
    // A declined charge for the new period may still have changed the subscription in Stripe.
    if (error instanceof StripeFailure && error.kind === 'card_declined') await refreshAfterChange(db, target.row.stripeSubscriptionId);
    throw toActionError(error);
  }
  await refreshAfterChange(db, target.row.stripeSubscriptionId);
  return { interval: params.interval };
}

/** A Stripe Customer Portal session that returns to the subscription page. */
export async function createBillingPortalSession(db: Database, user: SubscriptionActor, input: Untrusted<typeof billingPortalInput>): Promise<{ url: string }> {
  const params = parse(billingPortalInput, input);
  const customer = await findStripeCustomerIdOfUser(db, user.id);
  if (!customer) throw new SubscriptionActionError('not_found', 'There is no billing account for you yet. It is created with your first purchase.');
  try {
    const session = await createPortalSession({ customerId: customer, returnUrl: `${env.APP_URL}/account/subscription` }, `billing-portal:${user.id}:${params.attemptId}`, INTERACTIVE);
    return { url: session.url };
  } catch (error) {
    throw toActionError(error);
  }
}
