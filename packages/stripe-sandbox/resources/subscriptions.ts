import { followInvoicePayments } from '../billing/follow';
import type { SubscriptionObject } from '../billing/model';
import { changeItems } from '../billing/changes';
import { startPeriod } from '../billing/renewal';
import { cancelSubscription, createSubscription, customerClockTime, transition } from '../billing/subscriptions';
import { invalidRequest } from '../core/errors';
import { resolveDiscountParam } from '../billing/discounts';
import { inRange, paginate } from '../core/list';
import { clone, findOrThrow } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import { requireTaxLocation } from '../billing/tax';
import type { CustomerObject } from './customers';

const itemSpec = s.object({ price: s.required(s.string()), quantity: s.integer({ min: 1 }) });
const updateItemSpec = s.object({ id: s.string(), price: s.string(), quantity: s.integer({ min: 1 }) });
const STATUSES = ['active', 'all', 'canceled', 'ended', 'incomplete', 'incomplete_expired', 'past_due', 'paused', 'trialing', 'unpaid'] as const;

export function registerSubscriptions(sandbox: Sandbox): void {
  const { router, store } = sandbox;
  followInvoicePayments(sandbox);

  // `customer.subscriptions` is includable: the customer's subscriptions that have not ended.
  sandbox.expand('customer', 'subscriptions', (sb, parent) => ({
    object: 'list',
    data: clone(sb.store.all<SubscriptionObject>('subscription').filter((x) => x.customer === parent.id && x.status !== 'canceled')),
    has_more: false,
    url: `/v1/customers/${String(parent.id)}/subscriptions`,
  }));
  const subOrThrow = (id: string) => findOrThrow<SubscriptionObject>(sandbox, 'subscription', id);

  router.post('/v1/subscriptions', ({ input }) => {
    const p = s.decodeShape(
      {
        customer: s.required(s.string()),
        items: s.required(s.array(itemSpec)),
        default_payment_method: s.string(),
        metadata: s.metadata(),
        description: s.string({ max: 500 }),
        trial_period_days: s.integer({ min: 1, max: 730 }),
        cancel_at_period_end: s.boolean(),
        // `error_if_incomplete` and `pending_if_incomplete` are not implemented.
        payment_behavior: s.oneOf(['allow_incomplete', 'default_incomplete'] as const),
        discounts: s.array(s.object({ coupon: s.string(), promotion_code: s.string() })),
        automatic_tax: s.object({ enabled: s.required(s.boolean()) }),
        trial_end: s.integer({ min: 0 }),
        trial_settings: s.object({
          end_behavior: s.required(s.object({ missing_payment_method: s.required(s.oneOf(['cancel', 'create_invoice', 'pause'] as const)) })),
        }),
      },
      input,
    );
    if (p.discounts && p.discounts.length > 1) throw invalidRequest('The sandbox applies at most one discount per subscription.', { param: 'discounts' });
    const discount = p.discounts?.[0] ? resolveDiscountParam(sandbox, p.discounts[0], 'discounts[0]') : null;
    return clone(
      createSubscription(sandbox, {
        ...p,
        discount,
        automatic_tax: p.automatic_tax?.enabled ?? false,
        missing_payment_method: p.trial_settings?.end_behavior.missing_payment_method ?? null,
      }).sub,
    );
  });

  router.get('/v1/subscriptions/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return subOrThrow(params.id ?? '');
  });

  router.post('/v1/subscriptions/:id', ({ params, input }) => {
    const p = s.decodeShape(
      {
        cancel_at_period_end: s.boolean(),
        items: s.array(updateItemSpec),
        proration_behavior: s.oneOf(['create_prorations', 'always_invoice', 'none'] as const),
        proration_date: s.integer({ min: 0 }),
        default_payment_method: s.string(),
        metadata: s.metadata(),
        description: s.string({ max: 500 }),
        cancellation_details: s.object({ comment: s.string(), feedback: s.string() }),
        automatic_tax: s.object({ enabled: s.required(s.boolean()) }),
      },
      input,
    );
    const sub = subOrThrow(params.id ?? '');
    if (p.automatic_tax?.enabled) requireTaxLocation(store.get<CustomerObject>('customer', String(sub.customer)));
    if (sub.status === 'canceled' || sub.status === 'incomplete_expired') {
      throw invalidRequest(`A canceled subscription can only update its cancellation_details and metadata.`, {
        code: 'subscription_canceled',
      });
    }
    if (p.default_payment_method) {
      const pm = store.get<{ id: string; object: string; customer: string | null }>('payment_method', p.default_payment_method);
      if (!pm || pm.customer !== sub.customer) {
        throw invalidRequest(`The PaymentMethod ${p.default_payment_method} does not belong to the Customer you supplied ${String(sub.customer)}.`, {
          param: 'default_payment_method',
        });
      }
    }
    sandbox.clock.at(customerClockTime(sandbox, String(sub.customer)), () => {
      if (p.proration_date != null) {
        const item = sub.items.data[0];
        if (!item || p.proration_date < item.current_period_start || p.proration_date > item.current_period_end) {
          throw invalidRequest('proration_date must be within the current billing period.', { param: 'proration_date' });
        }
      }
      if (p.items) changeItems(sandbox, sub, p.items, p.proration_behavior ?? 'create_prorations', p.proration_date ?? null);
      const now = sandbox.clock.now();
      const patch: Partial<SubscriptionObject> = {
        metadata: s.mergeMetadata(sub.metadata, p.metadata),
        ...(p.description !== undefined && { description: p.description }),
        ...(p.default_payment_method !== undefined && { default_payment_method: p.default_payment_method }),
        ...(p.automatic_tax && {
          automatic_tax: p.automatic_tax.enabled
            ? { disabled_reason: null, enabled: true, liability: { type: 'self' as const } }
            : { disabled_reason: null, enabled: false, liability: null },
        }),
      };
      if (p.cancel_at_period_end != null) {
        patch.cancel_at_period_end = p.cancel_at_period_end;
        patch.canceled_at = p.cancel_at_period_end ? now : null;
        patch.cancellation_details = {
          comment: p.cancellation_details?.comment ?? null,
          feedback: (p.cancellation_details?.feedback ?? null) as NonNullable<SubscriptionObject['cancellation_details']>['feedback'],
          feedback_option: null,
          reason: p.cancel_at_period_end ? 'cancellation_requested' : null,
        };
      }
      transition(sandbox, sub, patch);
    });
    return clone(sub);
  });

  /**
   * Resumes a subscription paused because its trial ended without a PaymentMethod: a new
   * period starts now (`billing_cycle_anchor[type]=now`), invoiced and charged at once;
   * `customer.subscription.resumed`.
   */
  router.post('/v1/subscriptions/:id/resume', ({ params, input }) => {
    const p = s.decodeShape(
      {
        billing_cycle_anchor: s.object({ type: s.required(s.oneOf(['now', 'unchanged'] as const)) }),
        payment_behavior: s.oneOf(['resume_on_payment_attempt', 'resume_on_payment_success'] as const),
        proration_behavior: s.oneOf(['always_invoice', 'create_prorations', 'none'] as const),
        proration_date: s.integer({ min: 0 }),
      },
      input,
    );
    const sub = subOrThrow(params.id ?? '');
    if (sub.status !== 'paused') {
      throw invalidRequest(`Only a paused subscription can be resumed (this one is ${sub.status}).`, { code: 'subscription_not_paused' });
    }
    if (p.billing_cycle_anchor?.type === 'unchanged') {
      throw invalidRequest('The sandbox resumes with `billing_cycle_anchor[type]=now` only (a new period starts at once).', { param: 'billing_cycle_anchor[type]' });
    }
    if (p.payment_behavior === 'resume_on_payment_success') {
      throw invalidRequest('The sandbox implements `payment_behavior=resume_on_payment_attempt` only.', { param: 'payment_behavior' });
    }
    sandbox.clock.at(customerClockTime(sandbox, String(sub.customer)), () => {
      const now = sandbox.clock.now();
      delete sub.status_details;
      sub.billing_cycle_anchor = now;
      startPeriod(sandbox, sub, now, now);
      sandbox.events.emit('customer.subscription.resumed', sub);
    });
    return clone(sub);
  });

  router.delete('/v1/subscriptions/:id', ({ params, input }) => {
    const p = s.decodeShape(
      { cancellation_details: s.object({ comment: s.string(), feedback: s.string() }), prorate: s.boolean(), invoice_now: s.boolean() },
      input,
    );
    const sub = subOrThrow(params.id ?? '');
    sandbox.clock.at(customerClockTime(sandbox, String(sub.customer)), () =>
      cancelSubscription(sandbox, sub, 'cancellation_requested', p.cancellation_details ?? {}, {
        prorate: p.prorate ?? false,
        invoiceNow: p.invoice_now ?? false,
      }),
    );
    return clone(sub);
  });

  router.get('/v1/subscriptions', ({ input }) => {
    const p = s.decodeShape(
      { ...s.listParams, customer: s.string(), price: s.string(), status: s.oneOf(STATUSES), created: s.range(), test_clock: s.string() },
      input,
    );
    const status = p.status ?? null;
    const items = store
      .all<SubscriptionObject>('subscription')
      .filter((sub) => {
        if (status === 'all') return true;
        if (status === 'ended') return sub.status === 'canceled' || sub.status === 'incomplete_expired';
        if (status) return sub.status === status;
        return sub.status !== 'canceled'; // Stripe's default hides canceled subscriptions.
      })
      .filter((sub) => p.customer == null || sub.customer === p.customer)
      .filter((sub) => p.price == null || sub.items.data.some((it) => it.price.id === p.price))
      .filter((sub) => p.test_clock == null || sub.test_clock === p.test_clock)
      .filter((sub) => inRange(sub.created, p.created));
    return paginate(items, p, '/v1/subscriptions', 'subscription');
  });
}
