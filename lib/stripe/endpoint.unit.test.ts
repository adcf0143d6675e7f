import { describe, expect, it } from 'vitest';
import { endpointOf } from './budget';

describe('endpointOf (the endpoint a request counts against)', () => {
  it('replaces object ids, with or without digits, and keeps resource names', () => {
    expect(endpointOf('get', '/v1/payment_intents/pi_deFxxTznHyLPvYMoYoUuSYkJ')).toBe('GET /v1/payment_intents/:id');
    expect(endpointOf('GET', '/v1/payment_intents/pi_3QabcDEF12?expand[]=latest_charge')).toBe('GET /v1/payment_intents/:id');
    expect(endpointOf('GET', '/v1/checkout/sessions/cs_test_a1B2c3D4e5F6')).toBe('GET /v1/checkout/sessions/:id');
    expect(endpointOf('POST', '/v1/balance_transactions')).toBe('POST /v1/balance_transactions');
    expect(endpointOf('GET', '/v1/test_helpers/test_clocks/clock_1Ab2Cd3Ef4')).toBe('GET /v1/test_helpers/test_clocks/:id');
  });
});
