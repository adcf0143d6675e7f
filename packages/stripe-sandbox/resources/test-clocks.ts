import type Stripe from 'stripe';
import { runBillingUntil } from '../billing/runner';
import type { TestClockObject } from '../billing/model';
import { changedAttributes } from '../core/events';
import { invalidRequest } from '../core/errors';
import { newId } from '../core/ids';
import { paginate } from '../core/list';
import { clone, findOrThrow, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import { TEST_CLOCK_ADVANCE_TASK } from '../core/http';
import * as s from '../core/schema';
import type { Wire } from '../core/wire';

const ADVANCE_TASK = TEST_CLOCK_ADVANCE_TASK;
/** Stripe deletes test clocks 30 days after creation. */
const LIFETIME_S = 30 * 86_400;

/** Bills everything due up to `target`, then the clock stands at `target`, `ready`. */
export function finishAdvance(sandbox: Sandbox, clock: TestClockObject, target: number): TestClockObject {
  if (clock.status !== 'advancing') return clock;
  runBillingUntil(sandbox, target, clock.id);
  const before = clone(clock);
  Object.assign(clock, { frozen_time: target, status: 'ready', status_details: {} });
  save(sandbox, clock);
  sandbox.clock.at(target, () => sandbox.events.emit('test_helpers.test_clock.ready', clock, changedAttributes(before, clock)));
  return clock;
}

/** Starts advancing (`test_helpers.test_clock.advancing`); `finishAdvance` completes it. */
export function beginAdvance(sandbox: Sandbox, clock: TestClockObject, target: number): void {
  if (clock.status === 'advancing') {
    throw invalidRequest('The test clock is already advancing. Wait until it is ready.', { code: 'test_clock_advancing' });
  }
  if (target <= clock.frozen_time) {
    throw invalidRequest('The test clock can only be advanced to a time after its current frozen_time.', { param: 'frozen_time' });
  }
  const before = clone(clock);
  Object.assign(clock, { status: 'advancing', status_details: { advancing: { target_frozen_time: target } } });
  save(sandbox, clock);
  sandbox.events.emit('test_helpers.test_clock.advancing', clock, changedAttributes(before, clock));
}

export function registerTestClocks(sandbox: Sandbox): void {
  const { router, store, events } = sandbox;
  const base = '/v1/test_helpers/test_clocks';

  /** Advancing runs after the request returns (`advancing`), then the clock is `ready`. */
  sandbox.scheduler.register(ADVANCE_TASK, (payload) => {
    const clock = store.get<TestClockObject>('test_helpers.test_clock', String(payload.clock));
    if (clock) finishAdvance(sandbox, clock, Number(payload.target));
  });

  router.post(base, ({ input }) => {
    const p = s.decodeShape({ frozen_time: s.required(s.integer({ min: 0 })), name: s.string({ max: 300 }) }, input);
    const now = sandbox.clock.now();
    const clock = {
      id: newId('clock'),
      object: 'test_helpers.test_clock',
      created: now,
      deletes_after: now + LIFETIME_S,
      frozen_time: p.frozen_time,
      livemode: false,
      name: p.name ?? null,
      status: 'ready',
      status_details: {},
    } satisfies TestClockObject;
    save(sandbox, clock);
    events.emit('test_helpers.test_clock.created', clock);
    return clone(clock);
  });

  router.get(`${base}/:id`, ({ params, input }) => {
    s.decodeShape({}, input);
    return findOrThrow<TestClockObject>(sandbox, 'test_helpers.test_clock', params.id ?? '');
  });

  router.get(base, ({ input }) => {
    const p = s.decodeShape(s.listParams, input);
    return paginate(store.all<TestClockObject>('test_helpers.test_clock'), p, base, 'test_helpers.test_clock');
  });

  router.post(`${base}/:id/advance`, ({ params, input }) => {
    const p = s.decodeShape({ frozen_time: s.required(s.integer({ min: 0 })) }, input);
    const clock = findOrThrow<TestClockObject>(sandbox, 'test_helpers.test_clock', params.id ?? '');
    beginAdvance(sandbox, clock, p.frozen_time);
    sandbox.scheduler.schedule(ADVANCE_TASK, 0, { clock: clock.id, target: p.frozen_time });
    return clone(clock);
  });

  router.delete(`${base}/:id`, ({ params, input }) => {
    s.decodeShape({}, input);
    const clock = findOrThrow<TestClockObject>(sandbox, 'test_helpers.test_clock', params.id ?? '');
    store.remove('test_helpers.test_clock', clock.id);
    events.emit('test_helpers.test_clock.deleted', clock);
    return { id: clock.id, object: 'test_helpers.test_clock', deleted: true } satisfies Wire<Stripe.TestHelpers.DeletedTestClock>;
  });
}
