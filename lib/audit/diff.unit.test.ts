import { describe, expect, it } from 'vitest';
import { auditDiff } from './diff';

describe('auditDiff', () => {
  it('pairs before and after per field, marks created and removed sides, keeps the rest as details', () => {
    const diff = auditDiff({
      before: { unitAmount: 4900, name: 'Old', removed: true },
      after: { unitAmount: 5900, name: 'New', tags: ['a'], cleared: null },
      currency: 'usd',
      reason: '',
    });
    expect(diff.rows).toEqual([
      { field: 'unitAmount', before: '4900', after: '5900' },
      { field: 'name', before: 'Old', after: 'New' },
      { field: 'removed', before: 'true', after: null },
      { field: 'tags', before: null, after: '["a"]' },
      { field: 'cleared', before: null, after: 'empty' },
    ]);
    expect(diff.details).toEqual([['currency', 'usd']]);
  });

  it('reads rows without before/after (Stripe-driven changes) as details only', () => {
    expect(auditDiff({ amount: 500, currency: 'eur' })).toEqual({ rows: [], details: [['amount', '500'], ['currency', 'eur']] });
  });
});
