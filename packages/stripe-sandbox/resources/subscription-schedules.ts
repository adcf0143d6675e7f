import { changedAttributes } from '../core/events';
import { invalidRequest, resourceMissing } from '../core/errors';
import { inRange, paginate } from '../core/list';
import { clone, findOrThrow, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import type { SubscriptionObject } from '../billing/model';
import { buildPhases, currentPhase, endAfter, newSchedule, type ScheduleObject } from '../billing/schedules';
import type { PriceObject } from './prices';
import { cancelSubscription, createSubscription, customerClockTime, periodOf, transition } from '../billing/subscriptions';

const phaseSpec = s.object({
  items: s.required(s.array(s.object({ price: s.required(s.string()), quantity: s.integer({ min: 1 }) }))),
  duration: s.object({ interval: s.required(s.oneOf(['day', 'week', 'month', 'year'] as const)), interval_count: s.integer({ min: 1 }) }),
  end_date: s.integer({ min: 0 }),
  // A timestamp or `now` (update only: the current phase's start must not move).
  start_date: s.string(),
  metadata: s.metadata(),
});

/**
 * Subscription schedules, the subset a course store uses: a plan switch at the period end
 * (`from_subscription`, then two phases), and installment plans (`phases[0][iterations]` with
 * `end_behavior: cancel`). Phases start at once (`start_date` now); they advance at the
 * subscription's renewals, under test clocks too.
 */
export function registerSubscriptionSchedules(sandbox: Sandbox): void {
  const { router, store } = sandbox;
  const scheduleOrThrow = (id: string) => {
    const found = findOrThrow<ScheduleObject>(sandbox, 'subscription_schedule', id);
    // `current_phase` follows the (possibly test-clock) time of the customer.
    if (found.status === 'active') found.current_phase = sandbox.clock.at(customerClockTime(sandbox, String(found.customer)), () => currentPhase(found, sandbox.clock.now()));
    return found;
  };
  const subscriptionOf = (schedule: ScheduleObject) =>
    typeof schedule.subscription === 'string' ? store.get<SubscriptionObject>('subscription', schedule.subscription) : undefined;

  router.post('/v1/subscription_schedules', ({ input }) => {
    const p = s.decodeShape(
      {
        customer: s.string(),
        from_subscription: s.string(),
        phases: s.array(phaseSpec),
        start_date: s.string(),
        end_behavior: s.oneOf(['cancel', 'release', 'none', 'renew'] as const),
        metadata: s.metadata(),
      },
      input,
    );
    if (p.end_behavior === 'none' || p.end_behavior === 'renew') {
      throw invalidRequest('The sandbox implements `end_behavior` `release` and `cancel` only.', { param: 'end_behavior' });
    }
    if (p.from_subscription) {
      if (p.customer || p.phases || p.start_date || p.end_behavior) {
        throw invalidRequest('When `from_subscription` is set, you cannot set `customer`, `phases`, `start_date` or `end_behavior`; update the schedule afterwards.', {
          param: 'from_subscription',
        });
      }
      const sub = findOrThrow<SubscriptionObject>(sandbox, 'subscription', p.from_subscription, 'from_subscription');
      if (sub.schedule) throw invalidRequest(`The subscription ${sub.id} is already attached to a schedule.`, { param: 'from_subscription' });
      if (!['active', 'trialing', 'past_due'].includes(sub.status)) {
        throw invalidRequest(`A subscription with status ${sub.status} cannot be managed by a schedule.`, { param: 'from_subscription' });
      }
      return clone(
        sandbox.clock.at(customerClockTime(sandbox, String(sub.customer)), () => {
          const { start, end } = periodOf(sub);
          const [phase] = buildPhases(sandbox, [{ items: sub.items.data.map((it) => ({ price: it.price.id, quantity: it.quantity ?? 1 })), end_date: end }], start);
          return newSchedule(sandbox, { customer: String(sub.customer), subscription: sub, phases: [phase!], endBehavior: 'release', metadata: p.metadata ?? {} });
        }),
      );
    }
    if (!p.customer) throw invalidRequest('Missing required param: customer.', { code: 'parameter_missing', param: 'customer' });
    if (!store.get('customer', p.customer)) throw resourceMissing('customer', p.customer, 'customer');
    if (!p.phases?.length) throw invalidRequest('Missing required param: phases.', { code: 'parameter_missing', param: 'phases' });
    if (p.start_date && p.start_date !== 'now') {
      throw invalidRequest('The sandbox starts schedules at once only (`start_date=now`).', { param: 'start_date' });
    }
    const customer = p.customer;
    const phasesIn = p.phases;
    return clone(
      sandbox.clock.at(customerClockTime(sandbox, customer), () => {
        const now = sandbox.clock.now();
        const phases = buildPhases(sandbox, phasesIn.map((ph) => ({ ...ph, start_date: null })), now);
        const first = phases[0]!;
        const firstPrice = store.get<PriceObject>('price', String(first.items[0]?.price)) as PriceObject;
        if (first.end_date < endAfter(firstPrice, now, 1)) {
          throw invalidRequest('A phase must last at least one billing interval of its prices.', { param: 'phases[0][end_date]' });
        }
        // The subscription starts on the first phase's items; its first period is billed now.
        const { sub } = createSubscription(sandbox, {
          customer,
          items: first.items.map((it) => ({ price: String(it.price), quantity: it.quantity ?? 1 })),
          metadata: first.metadata,
        });
        return newSchedule(sandbox, { customer, subscription: sub, phases, endBehavior: p.end_behavior === 'cancel' ? 'cancel' : 'release', metadata: p.metadata ?? {} });
      }),
    );
  });

  router.get('/v1/subscription_schedules/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return clone(scheduleOrThrow(params.id ?? ''));
  });

  router.get('/v1/subscription_schedules', ({ input }) => {
    const p = s.decodeShape({ ...s.listParams, customer: s.string(), created: s.range(), scheduled: s.boolean(), released_at: s.range(), canceled_at: s.range(), completed_at: s.range() }, input);
    const items = store
      .all<ScheduleObject>('subscription_schedule')
      .filter((x) => p.customer == null || x.customer === p.customer)
      .filter((x) => p.scheduled == null || (x.status === 'not_started') === p.scheduled)
      .filter((x) => inRange(x.created, p.created));
    return paginate(items, p, '/v1/subscription_schedules', 'subscription_schedule');
  });

  /**
   * Replaces the phases. The current phase must keep its start date (as Stripe requires);
   * a change to the current phase's items is not implemented (use the subscription).
   */
  router.post('/v1/subscription_schedules/:id', ({ params, input }) => {
    const p = s.decodeShape(
      {
        phases: s.array(phaseSpec),
        end_behavior: s.oneOf(['cancel', 'release', 'none', 'renew'] as const),
        metadata: s.metadata(),
        proration_behavior: s.oneOf(['always_invoice', 'create_prorations', 'none'] as const),
      },
      input,
    );
    const schedule = scheduleOrThrow(params.id ?? '');
    if (schedule.status !== 'active' && schedule.status !== 'not_started') {
      throw invalidRequest(`You cannot update a subscription schedule that is ${schedule.status}.`, { code: 'subscription_schedule_not_active' });
    }
    if (p.end_behavior === 'none' || p.end_behavior === 'renew') {
      throw invalidRequest('The sandbox implements `end_behavior` `release` and `cancel` only.', { param: 'end_behavior' });
    }
    const before = clone(schedule);
    sandbox.clock.at(customerClockTime(sandbox, String(schedule.customer)), () => {
      if (p.phases) {
        const current = schedule.current_phase ?? currentPhase(schedule, sandbox.clock.now());
        const given = p.phases[0]?.start_date;
        const parsed = given === 'now' ? sandbox.clock.now() : given != null ? Number(given) : undefined;
        if (parsed !== undefined && !Number.isInteger(parsed)) {
          throw invalidRequest(`Invalid timestamp: ${given}`, { param: 'phases[0][start_date]' });
        }
        const start = parsed ?? current?.start_date ?? sandbox.clock.now();
        if (current && start !== current.start_date) {
          throw invalidRequest(`You can not modify the start date of the current phase (${current.start_date}).`, { param: 'phases[0][start_date]' });
        }
        const phases = buildPhases(sandbox, p.phases.map((ph) => ({ ...ph, start_date: null })), start);
        const now = sandbox.clock.now();
        const was = schedule.phases.find((ph) => ph.start_date <= now && now < ph.end_date);
        const is = phases[0]!;
        const same = (a: typeof is, b: typeof is) =>
          a.items.length === b.items.length && a.items.every((it, i) => it.price === b.items[i]?.price && (it.quantity ?? 1) === (b.items[i]?.quantity ?? 1));
        if (was && !same(was, is)) {
          throw invalidRequest("The sandbox does not change the current phase's items; change the next phase, or update the subscription.", {
            param: 'phases[0][items]',
          });
        }
        schedule.phases = phases;
        schedule.current_phase = currentPhase(schedule, now);
      }
      if (p.end_behavior === 'cancel' || p.end_behavior === 'release') schedule.end_behavior = p.end_behavior;
      schedule.metadata = s.mergeMetadata(schedule.metadata ?? {}, p.metadata);
      save(sandbox, schedule);
      const changed = changedAttributes(before, schedule);
      if (Object.keys(changed).length > 0) sandbox.events.emit('subscription_schedule.updated', schedule, changed);
    });
    return clone(schedule);
  });

  /** Detaches the schedule; the subscription carries on as it is. */
  router.post('/v1/subscription_schedules/:id/release', ({ params, input }) => {
    s.decodeShape({ preserve_cancel_date: s.boolean() }, input);
    const schedule = scheduleOrThrow(params.id ?? '');
    if (schedule.status !== 'active' && schedule.status !== 'not_started') {
      throw invalidRequest(`You cannot release a subscription schedule that is currently in the \`${schedule.status}\` status.`, { code: 'subscription_schedule_not_active' });
    }
    const sub = subscriptionOf(schedule);
    sandbox.clock.at(customerClockTime(sandbox, String(schedule.customer)), () => {
      const before = clone(schedule);
      Object.assign(schedule, { status: 'released', released_at: sandbox.clock.now(), released_subscription: sub?.id ?? null, subscription: null, current_phase: null });
      save(sandbox, schedule);
      if (sub) transition(sandbox, sub, { schedule: null });
      sandbox.events.emit('subscription_schedule.released', schedule, changedAttributes(before, schedule));
    });
    return clone(schedule);
  });

  /** Cancels the schedule and its subscription now. */
  router.post('/v1/subscription_schedules/:id/cancel', ({ params, input }) => {
    const p = s.decodeShape({ invoice_now: s.boolean(), prorate: s.boolean() }, input);
    const schedule = scheduleOrThrow(params.id ?? '');
    if (schedule.status !== 'active' && schedule.status !== 'not_started') {
      throw invalidRequest(`You cannot cancel a subscription schedule that is currently in the \`${schedule.status}\` status.`, { code: 'subscription_schedule_not_active' });
    }
    const sub = subscriptionOf(schedule);
    sandbox.clock.at(customerClockTime(sandbox, String(schedule.customer)), () => {
      const before = clone(schedule);
      Object.assign(schedule, { status: 'canceled', canceled_at: sandbox.clock.now(), current_phase: null });
      save(sandbox, schedule);
      if (sub && sub.status !== 'canceled') {
        cancelSubscription(sandbox, sub, 'cancellation_requested', {}, { prorate: p.prorate ?? false, invoiceNow: p.invoice_now ?? false });
      }
      sandbox.events.emit('subscription_schedule.canceled', schedule, changedAttributes(before, schedule));
    });
    return clone(schedule);
  });
}
