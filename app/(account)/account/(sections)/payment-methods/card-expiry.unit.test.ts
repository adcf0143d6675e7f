import { describe, expect, it } from 'vitest';
import { cardExpiryState, formatExpiry } from './card-expiry';

describe('card expiry', () => {
  const at = (iso: string) => new Date(iso);

  it('is valid through the last instant of its month, then expired', () => {
    expect(cardExpiryState(11, 2026, at('2026-11-30T23:59:59Z'))).toBe('expires_soon');
    expect(cardExpiryState(11, 2026, at('2026-12-01T00:00:00Z'))).toBe('expired');
    expect(cardExpiryState(12, 2026, at('2027-01-01T00:00:00Z'))).toBe('expired');
  });

  it('warns within 60 days of the end, not before', () => {
    // 12/2026 ends 2027-01-01: 60 days earlier is 2026-11-02.
    expect(cardExpiryState(12, 2026, at('2026-11-01T23:59:59Z'))).toBe('valid');
    expect(cardExpiryState(12, 2026, at('2026-11-02T00:00:00Z'))).toBe('expires_soon');
    expect(cardExpiryState(12, 2034, at('2026-11-27T00:00:00Z'))).toBe('valid');
  });

  it('has nothing to say without an expiry (bank accounts)', () => {
    expect(cardExpiryState(null, null, at('2026-11-27T00:00:00Z'))).toBe('unknown');
    expect(formatExpiry(null, 2030)).toBeNull();
    expect(formatExpiry(3, 2030)).toBe('03/2030');
  });
});
