import { describe, expect, it } from 'vitest';
import { decodeKeyset, encodeKeyset, slicePage } from './keyset';

describe('keyset cursors', () => {
  it('round-trips a sort key and id', () => {
    const cursor = encodeKeyset({ sort: '2026-01-02T03:04:05.123Z', id: 'pay_1' });
    expect(decodeKeyset(cursor)).toEqual({ sort: '2026-01-02T03:04:05.123Z', id: 'pay_1' });
  });

  it('treats forged or empty cursors as no cursor', () => {
    expect(decodeKeyset('')).toBeNull();
    expect(decodeKeyset(null)).toBeNull();
    expect(decodeKeyset('not base64 json')).toBeNull();
    expect(decodeKeyset(Buffer.from('{"a":1}').toString('base64url'))).toBeNull();
    expect(decodeKeyset(Buffer.from('["",""]').toString('base64url'))).toBeNull();
  });

  it('slices a page fetched with limit + 1', () => {
    expect(slicePage([1, 2, 3], 2, 'after', false)).toEqual({ rows: [1, 2], hasNext: true, hasPrev: false });
    expect(slicePage([1, 2], 2, 'after', true)).toEqual({ rows: [1, 2], hasNext: false, hasPrev: true });
    // Going back, rows arrive nearest-first and are shown in display order.
    expect(slicePage([3, 2, 1], 2, 'before', true)).toEqual({ rows: [2, 3], hasNext: true, hasPrev: true });
    expect(slicePage([2, 1], 2, 'before', true)).toEqual({ rows: [1, 2], hasNext: true, hasPrev: false });
  });
});
