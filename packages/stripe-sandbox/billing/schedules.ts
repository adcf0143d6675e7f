import type Stripe from 'stripe';
import { changedAttributes } from '../core/events';
import { invalidRequest } from '../core/errors';
import { newId } from '../core/ids';
import { clone, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import type { Wire } from '../core/wire';
import type { PriceObject } from '../resources/prices';
import type { SubscriptionItemObject, SubscriptionObject } from './model';
import { addInterval, type Interval } from './periods';
import { cancelSubscription, planFromPrice, recurringPriceOrThrow, transition } from './subscriptions';

export type ScheduleObject = Wire<Stripe.SubscriptionSchedule>;
export type PhaseObject = ScheduleObject['phases'][number];

export interface PhaseInput {
  items: Array<{ price: string; quantity?: number | null }>;
  /** This API version's phase length (`iterations` was removed): `interval` × `interval_count`. */
  duration?: { interval: Interval; interval_count?: number | null } | null;
  end_date?: number | null;
  start_date?: number | null;
  metadata?: Record<string, string> | null;
}

/** The end of `count` intervals of `price` after `start`. */
export function endAfter(price: PriceObject, start: number, count: number): number {
  return addInterval(start, (price.recurring?.interval ?? 'month') as Interval, (price.recurring?.interval_count ?? 1) * count, start);
}

/**
 * Builds the phases from the request: each starts where the previous one ends (the first at
 * `start`); it lasts until `end_date`, for `duration`, or (neither given) one interval of its
 * first price.
 */
export function buildPhases(sandbox: Sandbox, inputs: PhaseInput[], start: number): PhaseObject[] {
  if (inputs.length === 0) throw invalidRequest('Missing required param: phases.', { code: 'parameter_missing', param: 'phases' });
  let at = start;
  return inputs.map((p, i) => {
    if (p.items.length === 0) throw invalidRequest(`Missing required param: phases[${i}][items].`, { code: 'parameter_missing', param: `phases[${i}][items]` });
    if (p.end_date != null && p.duration != null) {
      throw invalidRequest('You may only specify one of these parameters: end_date, duration.', { param: `phases[${i}][duration]` });
    }
    const prices = p.items.map((it, j) => recurringPriceOrThrow(sandbox, it.price, `phases[${i}][items][${j}][price]`));
    const first = prices[0] as PriceObject;
    const end = p.end_date ?? (p.duration ? addInterval(at, p.duration.interval, p.duration.interval_count ?? 1, at) : endAfter(first, at, 1));
    if (end <= at) throw invalidRequest(`phases[${i}][end_date] must be after the phase's start (${at}).`, { param: `phases[${i}][end_date]` });
    const phase = {
      add_invoice_items: [],
      application_fee_percent: null,
      billing_cycle_anchor: null,
      billing_thresholds: null,
      collection_method: null,
      currency: first.currency,
      default_payment_method: null,
      description: null,
      discounts: [],
      end_date: end,
      invoice_settings: null,
      items: prices.map((price, j) => ({
        billing_thresholds: null,
        discounts: [],
        metadata: {},
        plan: price.id,
        price: price.id,
        quantity: p.items[j]?.quantity ?? 1,
        tax_rates: [],
      })),
      metadata: p.metadata ?? {},
      on_behalf_of: null,
      proration_behavior: 'create_prorations',
      start_date: at,
      transfer_data: null,
      trial_end: null,
    } satisfies PhaseObject;
    at = end;
    return phase;
  });
}

export function currentPhase(schedule: ScheduleObject, now: number): ScheduleObject['current_phase'] {
  const phase = schedule.phases.find((p) => p.start_date <= now && now < p.end_date);
  return phase ? { start_date: phase.start_date, end_date: phase.end_date } : null;
}

export function newSchedule(
  sandbox: Sandbox,
  a: { customer: string; subscription: SubscriptionObject; phases: PhaseObject[]; endBehavior: 'cancel' | 'release'; metadata: Record<string, string> },
): ScheduleObject {
  const now = sandbox.clock.now();
  const schedule = {
    id: newId('sub_sched'),
    object: 'subscription_schedule',
    application: null,
    billing_mode: { flexible: null, type: 'classic' },
    canceled_at: null,
    completed_at: null,
    created: now,
    current_phase: null as ScheduleObject['current_phase'],
    customer: a.customer,
    customer_account: null,
    default_settings: {
      application_fee_percent: null,
      automatic_tax: { disabled_reason: null, enabled: a.subscription.automatic_tax.enabled, liability: null },
      billing_cycle_anchor: 'automatic',
      billing_thresholds: null,
      collection_method: 'charge_automatically',
      default_payment_method: null,
      description: null,
      invoice_settings: { account_tax_ids: null, custom_fields: null, days_until_due: null, description: null, footer: null, issuer: { type: 'self' } },
      on_behalf_of: null,
      transfer_data: null,
    },
    end_behavior: a.endBehavior,
    livemode: false,
    metadata: a.metadata,
    pause_schedules: [],
    phases: a.phases,
    released_at: null,
    released_subscription: null,
    status: 'active',
    subscription: a.subscription.id,
    test_clock: a.subscription.test_clock,
  } satisfies ScheduleObject;
  schedule.current_phase = currentPhase(schedule, now);
  save(sandbox, schedule);
  sandbox.events.emit('subscription_schedule.created', schedule);
  transition(sandbox, a.subscription, { schedule: schedule.id });
  return schedule;
}

/** The subscription's items for a phase (an item keeps its id when its price stays). */
function itemsForPhase(sandbox: Sandbox, sub: SubscriptionObject, phase: PhaseObject, start: number, end: number): SubscriptionItemObject[] {
  return phase.items.map((it) => {
    const price = sandbox.store.get<PriceObject>('price', String(it.price)) as PriceObject;
    const kept = sub.items.data.find((x) => x.price.id === price.id);
    return {
      ...(kept ?? {
        id: newId('si', 14),
        object: 'subscription_item' as const,
        billing_thresholds: null,
        created: start,
        current_trial: null,
        discounts: [],
        metadata: {},
        subscription: sub.id,
        tax_rates: [],
      }),
      current_period_start: start,
      current_period_end: end,
      plan: planFromPrice(price),
      price: clone(price),
      quantity: it.quantity ?? 1,
    };
  });
}

/**
 * Called when a scheduled subscription reaches its period end at `at`. Moves to the phase
 * that starts there (its items replace the subscription's, billed from this renewal on),
 * or, past the last phase, applies `end_behavior`. Returns true when the subscription ended.
 */
export function advanceSchedule(sandbox: Sandbox, sub: SubscriptionObject, at: number): boolean {
  const schedule = typeof sub.schedule === 'string' ? sandbox.store.get<ScheduleObject>('subscription_schedule', sub.schedule) : undefined;
  if (!schedule || schedule.status !== 'active') return false;
  const before = clone(schedule);
  const next = schedule.phases.find((p) => p.start_date <= at && at < p.end_date);
  if (next) {
    const entering = before.current_phase?.start_date !== next.start_date;
    schedule.current_phase = { start_date: next.start_date, end_date: next.end_date };
    if (entering) {
      const price = sandbox.store.get<PriceObject>('price', String(next.items[0]?.price)) as PriceObject;
      const periodEnd = Math.min(next.end_date, endAfter(price, at, 1));
      transition(sandbox, sub, { items: { ...sub.items, data: itemsForPhase(sandbox, sub, next, at, periodEnd) }, currency: next.currency });
      save(sandbox, schedule);
      sandbox.events.emit('subscription_schedule.updated', schedule, changedAttributes(before, schedule));
    }
    return false;
  }
  // Past the last phase.
  Object.assign(schedule, { status: 'completed', completed_at: at, current_phase: null });
  save(sandbox, schedule);
  if (schedule.end_behavior === 'cancel') {
    cancelSubscription(sandbox, sub, 'cancellation_requested');
  } else {
    transition(sandbox, sub, { schedule: null });
  }
  sandbox.events.emit('subscription_schedule.completed', schedule, changedAttributes(before, schedule));
  return schedule.end_behavior === 'cancel';
}
