import { describe, expect, it } from 'vitest';
import { classifySearch, paymentFiltersSchema } from './payment-search';

describe('payment search', () => {
  it('recognises emails, Stripe ids, receipt numbers and names', () => {
    expect(classifySearch(' Ada@Example.com ')).toEqual({ kind: 'email', value: 'ada@example.com', exact: true });
    expect(classifySearch('ada@')).toEqual({ kind: 'email', value: 'ada@', exact: false });
    expect(classifySearch('pi_3Nabc')).toEqual({ kind: 'payment_intent', value: 'pi_3Nabc' });
    expect(classifySearch('ch_1')).toEqual({ kind: 'charge', value: 'ch_1' });
    expect(classifySearch('cus_9')).toEqual({ kind: 'customer', value: 'cus_9' });
    expect(classifySearch('re_1')?.kind).toBe('refund');
    expect(classifySearch('dp_1')?.kind).toBe('dispute');
    expect(classifySearch('in_1')?.kind).toBe('invoice');
    expect(classifySearch('sub_1')?.kind).toBe('subscription');
    expect(classifySearch('BR-1A2B3C4D5E')).toEqual({ kind: 'receipt', low: '1a2b3c4d-5e00-0000-0000-000000000000', high: '1a2b3c4d-5eff-ffff-ffff-ffffffffffff' });
    expect(classifySearch('Lovelace')).toEqual({ kind: 'name', value: 'lovelace' });
    expect(classifySearch('   ')).toBeNull();
  });

  it('drops filters it cannot read instead of failing the page', () => {
    expect(paymentFiltersSchema.parse({ status: 'succeeded', currency: 'usd', product: 'plan' })).toEqual({ status: 'succeeded', currency: 'usd', product: 'plan' });
    expect(paymentFiltersSchema.parse({ status: 'nope', currency: 'US DOLLARS', product: 'course:x' })).toEqual({});
  });
});
