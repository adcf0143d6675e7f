import { describe, expect, it } from 'vitest';
import { assembleOverview } from './overview-math';

const empty = { gross: [], refunds: [], lost: [], opened: [], fresh: [], outcomes: [], recovery: [], mrrStart: [], mrrEnd: [], movements: [] };

describe('assembleOverview', () => {
  it('keeps every currency apart and derives net and rates', () => {
    const out = assembleOverview({
      ...empty,
      gross: [{ currency: 'usd', amount: 10_000, count: 4 }, { currency: 'jpy', amount: 9_000, count: 3 }],
      refunds: [{ currency: 'usd', amount: 1_000, count: 1 }],
      lost: [{ currency: 'usd', amount: 500, count: 1 }],
      opened: [{ currency: 'usd', amount: 500, count: 1 }],
      mrrStart: [{ currency: 'usd', mrr: 2_900, subscribers: 2 }],
      mrrEnd: [{ currency: 'usd', mrr: 5_800, subscribers: 2 }],
      movements: [{ currency: 'usd', kind: 'churn', amount: -2_900, customers: 1 }, { currency: 'usd', kind: 'new', amount: 5_800, customers: 1 }],
      recovery: [{ currency: 'usd', failed: 4, recovered: 3, recoveredAmount: 8_700 }],
    });
    expect(Object.keys(out)).toEqual(['jpy', 'usd']);
    expect(out.usd).toMatchObject({ gross: 10_000, net: 8_500, refundRate: 0.1, disputeRate: 0.25, arr: 69_600, customerChurnRate: 0.5, recoveryRate: 0.75 });
    expect(out.jpy).toMatchObject({ gross: 9_000, net: 9_000, refunds: 0, mrr: 0, customerChurnRate: null, recoveryRate: null, refundRate: 0 });
  });

  it('says "no rate" rather than 0 % when the base is empty', () => {
    const out = assembleOverview({ ...empty, refunds: [{ currency: 'eur', amount: 100, count: 1 }] });
    expect(out.eur?.refundRate).toBeNull();
    expect(out.eur?.disputeRate).toBeNull();
  });
});
