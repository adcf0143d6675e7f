import { describe, expect, it } from 'vitest';
import { encodeCursor, eventsHref, parseEventFilters } from './filters';

describe('parseEventFilters', () => {
  it('reads type, status and an inclusive date range', () => {
    const { filter, values, dropped } = parseEventFilters({ type: 'invoice.paid', status: 'dead', from: '2026-12-01', to: '2026-12-05' });
    expect(filter).toEqual({ type: 'invoice.paid', status: 'dead', from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-06T00:00:00Z') });
    expect(values).toEqual({ type: 'invoice.paid', status: 'dead', from: '2026-12-01', to: '2026-12-05' });
    expect(dropped).toEqual([]);
  });

  it('drops malformed values and says which', () => {
    const { filter, dropped } = parseEventFilters({ type: "'; drop table x", status: 'exploded', from: '2026-13-45', to: ['2026-12-01', 'x'] });
    expect(filter).toEqual({ type: undefined, status: undefined, from: undefined, to: new Date('2026-12-02T00:00:00Z') });
    expect(dropped.sort()).toEqual(['from', 'status', 'type']);
  });

  it('round-trips the keyset cursor', () => {
    const cursor = { receivedAt: new Date('2026-12-05T10:00:00.123Z'), id: 'evt_123' };
    expect(parseEventFilters({ after: encodeCursor(cursor) }).after).toEqual(cursor);
    expect(parseEventFilters({ after: 'garbage' }).dropped).toEqual(['after']);
  });

  it('builds links without empty values', () => {
    expect(eventsHref({ type: '', status: 'failed' }, { after: 'c' })).toBe('/admin/events?status=failed&after=c');
    expect(eventsHref({ type: '' })).toBe('/admin/events');
  });
});
