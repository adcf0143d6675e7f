import { inRange, paginate } from '../core/list';
import { findOrThrow } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import { resourceMissing } from '../core/errors';
import { withCurrentStatus } from '../payments/balance';
import { accountBalance, announceAvailableFunds } from '../payments/balance-events';
import { PAID_OUT, type PayoutObject } from '../payments/payouts';
import type { BalanceTransactionObject } from '../payments/objects';

export function registerBalanceTransactions(sandbox: Sandbox): void {
  const { router, store } = sandbox;
  // Registered before the payout schedule, so funds are announced before they are paid out.
  sandbox.onTime((now) => announceAvailableFunds(sandbox, now));

  router.get('/v1/balance', ({ input }) => {
    s.decodeShape({}, input);
    return accountBalance(sandbox);
  });

  router.get('/v1/balance_transactions/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return withCurrentStatus(sandbox, findOrThrow<BalanceTransactionObject>(sandbox, 'balance_transaction', params.id ?? ''));
  });

  router.get('/v1/balance_transactions', ({ input }) => {
    const p = s.decodeShape(
      { ...s.listParams, created: s.range(), type: s.string(), source: s.string(), currency: s.currency(), payout: s.string() },
      input,
    );
    const paidOut = store.internal<string>(PAID_OUT);
    if (p.payout != null) {
      const payout = store.get<PayoutObject>('payout', p.payout);
      if (!payout) throw resourceMissing('payout', p.payout, 'payout');
    }
    const items = store
      .all<BalanceTransactionObject>('balance_transaction')
      .filter((t) => p.payout == null || paidOut[t.id] === p.payout)
      .filter((t) => inRange(t.created, p.created))
      .filter((t) => p.type == null || t.type === p.type)
      .filter((t) => p.source == null || t.source === p.source)
      .filter((t) => p.currency == null || t.currency === p.currency)
      .map((t) => withCurrentStatus(sandbox, t));
    return paginate(items, p, '/v1/balance_transactions', 'balance_transaction');
  });
}
