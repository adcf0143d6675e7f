import { describe, expect, it } from 'vitest';
import { captureLogs } from '@/tests/support/logs';
import { handleCronRequest } from './jobs/cron';
import { logger, scrubText, withLogContext } from './log';

const SECRETS = {
  stripeKey: 'sk_live_51HxAbCdEfGhIjKlMnOpQrStUv',
  restrictedKey: 'rk_test_51HxAbCdEfGhIjKlMnOpQr',
  webhookSecret: 'whsec_Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA',
  resendKey: 're_AbCdEf12_3456789xyz',
  card: '4242 4242 4242 4242',
  cardPlain: '4000002760003184',
  email: 'ada.lovelace@example.com',
  bearer: 'Bearer tok_0123456789abcdefghij',
  session: 'authjs.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2',
};

describe('structured logs', () => {
  it('never write secrets, tokens, card numbers or full email addresses, wherever they sit', () => {
    const logs = captureLogs();
    withLogContext({ requestId: 'req-test-0001' }, () => {
      logger.info(
        {
          user: { email: SECRETS.email, name: 'Ada' },
          headers: { authorization: SECRETS.bearer, cookie: SECRETS.session, 'stripe-signature': 't=1,v1=abc' },
          config: { STRIPE_SECRET_KEY: SECRETS.stripeKey, password: 'hunter2hunter2', apiKey: SECRETS.resendKey },
          card: { number: SECRETS.cardPlain, cvc: '123', last4: '3184' },
          note: `paid with ${SECRETS.card} by ${SECRETS.email}; key ${SECRETS.restrictedKey}`,
        },
        'checkout for %s with %s',
        SECRETS.email,
        SECRETS.webhookSecret,
      );
      logger.error({ err: new Error(`Resend refused ${SECRETS.email} (key ${SECRETS.resendKey})`) }, 'send failed');
    });
    const raw = logs.raw().join('\n');
    expect(logs.raw()).toHaveLength(2);
    for (const [name, secret] of Object.entries(SECRETS)) expect(raw, name).not.toContain(secret);
    expect(raw).not.toContain('hunter2');
    expect(raw).not.toContain('lovelace@');
    const [info, error] = logs.lines();
    // What stays is still useful: the email's first letter and domain, the card's last four.
    expect(info).toMatchObject({ level: 'info', requestId: 'req-test-0001', service: 'bursar', user: { email: 'a…@example.com', name: 'Ada' }, card: { last4: '3184', number: '[redacted]' } });
    expect(info?.msg).toBe('checkout for a…@example.com with [redacted]');
    expect(error?.err).toMatchObject({ type: 'Error', message: 'Resend refused a…@example.com (key [redacted])' });
  });

  it('scrubs card numbers with separators but leaves ordinary numbers alone', () => {
    expect(scrubText('card 4242-4242-4242-4242 for order 12345 at 2026-12-05')).toBe('card [card] for order 12345 at 2026-12-05');
  });

  it('carries the caller\'s request id through a cron run into its log lines', async () => {
    const logs = captureLogs();
    const response = await handleCronRequest(
      new Request('http://localhost/api/cron/reconcile', { headers: { authorization: 'Bearer cron-secret-for-tests-0123', 'x-request-id': 'cron-run-42-abcdef' } }),
      'reconcile',
      {
        secret: 'cron-secret-for-tests-0123',
        run: async () => {
          logger.info('working');
          throw new Error('database is down');
        },
      },
    );
    expect(response.status).toBe(500);
    expect(logs.lines().map((l) => [l.level, l.msg, l.requestId, l.job])).toEqual([
      ['info', 'working', 'cron-run-42-abcdef', 'reconcile'],
      ['error', 'cron: job reconcile failed', 'cron-run-42-abcdef', 'reconcile'],
    ]);
  });

  it('writes nothing under tests unless a test captures it', () => {
    expect(logger.level).toBe('silent');
  });
});
