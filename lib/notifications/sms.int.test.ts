import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findSmsConsentState, isSmsOptedOut } from '@/db/queries/sms';
import { auditLog, mailboxMessages, outbox, smsConsentEvents, users } from '@/db/schema';
import { seedUser, uniqueSuffix } from '@/db/seed/factories';
import { PurchaseReceiptEmail } from '@/emails/purchase-receipt';
import { updateNotificationSettings } from '@/lib/account/settings';
import { FAKE_TWILIO_NUMBERS, type FakeTwilio, startFakeTwilio } from '@/tests/support/fake-twilio';
import { setupTestDb } from '@/tests/support/test-db';
import { enqueueNotification } from './outbox';
import { handleTwilioInbound, keywordOf } from './sms-inbound';
import { sendSms } from './sms';
import type { TwilioConfig } from './twilio';
import { deliverDueNotifications, type NotificationTransport } from './worker';
import { sendEmail } from './email';

const handle = setupTestDb();
const db = () => handle().db;

const accountSid = `AC${randomBytes(16).toString('hex')}`;
const authToken = randomBytes(16).toString('hex');
let fake: FakeTwilio;
let config: TwilioConfig;
let transport: NotificationTransport;

beforeAll(async () => {
  fake = await startFakeTwilio({ accountSid, authToken });
  config = { accountSid, authToken, from: '+14155550100', messagingServiceSid: null, apiBaseUrl: fake.url };
  transport = { email: sendEmail, sms: (database, sms) => sendSms(database, sms, config) };
});
afterAll(() => fake.close());
afterEach(async () => {
  await db().update(outbox).set({ status: 'canceled' }).where(inArray(outbox.status, ['pending', 'sending']));
});

const phone = () => `+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

async function enqueueSms(to: string) {
  const suffix = uniqueSuffix();
  const dedupeKey = `receipt-sms:pi_${suffix}`;
  await enqueueNotification(db(), {
    template: 'purchase-receipt',
    channel: 'sms',
    recipient: to,
    dedupeKey,
    data: { ...PurchaseReceiptEmail.PreviewProps, receiptNumber: `BRS-${suffix}` },
  });
  return dedupeKey;
}
const rowByKey = async (dedupeKey: string) => (await db().select().from(outbox).where(eq(outbox.dedupeKey, dedupeKey)))[0]!;
const deliver = () => deliverDueNotifications(db(), { limit: 10, workerId: 'sms-test', transport });

describe('SMS through Twilio (the real SDK against a local fake of its REST API)', () => {
  it('sends with the account credentials and sender, and records Twilio’s message id', async () => {
    const to = phone();
    const key = await enqueueSms(to);
    expect(await deliver()).toMatchObject({ claimed: 1, sent: 1 });
    const sent = fake.messages.filter((m) => m.to === to);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ from: '+14155550100', messagingServiceSid: null });
    expect(sent[0]!.body).toMatch(/^Bursar: .* paid for .*Receipt: https?:\/\//);
    expect((await rowByKey(key)).providerMessageId).toBe(sent[0]!.sid);
    // Nothing went to the local mailbox: the provider was used.
    expect(await db().select().from(mailboxMessages).where(eq(mailboxMessages.to, to))).toHaveLength(0);
  });

  it('uses a messaging service instead of a number when one is configured', async () => {
    const to = phone();
    const messagingServiceSid = `MG${randomBytes(16).toString('hex')}`;
    await sendSms(db(), { to, text: 'Bursar: hello' }, { ...config, from: null, messagingServiceSid });
    expect(fake.messages.find((m) => m.to === to)).toMatchObject({ from: null, messagingServiceSid });
  });

  it('never attempts a text to a number that texted STOP, and cancels the message', async () => {
    const to = phone();
    const key = await enqueueSms(to);
    await handleTwilioInbound(db(), signedInbound({ From: to, Body: 'STOP' }), inboundConfig());
    const before = fake.requests;
    expect(await deliver()).toMatchObject({ claimed: 1, sent: 0, canceled: 1 });
    expect(fake.requests).toBe(before);
    expect(await rowByKey(key)).toMatchObject({ status: 'canceled', lastError: expect.stringContaining('STOP') });
  });

  it('cancels instead of retrying when Twilio says the recipient unsubscribed, and remembers it', async () => {
    const key = await enqueueSms(FAKE_TWILIO_NUMBERS.optedOut);
    expect(await deliver()).toMatchObject({ canceled: 1, retrying: 0 });
    expect(await rowByKey(key)).toMatchObject({ status: 'canceled', lastError: expect.stringContaining('21610') });
    expect(await isSmsOptedOut(db(), FAKE_TWILIO_NUMBERS.optedOut)).toBe(true);
  });

  it('cancels a number that cannot receive texts, and retries a Twilio outage', async () => {
    const invalid = await enqueueSms(FAKE_TWILIO_NUMBERS.invalid);
    const outage = await enqueueSms(FAKE_TWILIO_NUMBERS.serverError);
    expect(await deliver()).toMatchObject({ claimed: 2, canceled: 1, retrying: 1 });
    expect(await rowByKey(invalid)).toMatchObject({ status: 'canceled', lastError: expect.stringContaining('21211') });
    expect(await rowByKey(outage)).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('sends GSM-7 text within three segments', async () => {
    const to = phone();
    await sendSms(db(), { to, text: `Bursar’s “notice” — ${'word '.repeat(200)}https://bursar.example/account/receipts/1` }, config);
    const body = fake.messages.find((m) => m.to === to)!.body;
    expect(body).toMatch(/^Bursar's "notice" - /);
    expect(body.length).toBeLessThanOrEqual(3 * 153);
    expect(body.endsWith(' https://bursar.example/account/receipts/1')).toBe(true);
  });
});

// ---- inbound ------------------------------------------------------------------------------

const WEBHOOK_URL = 'https://shop.example/api/webhooks/twilio';
const inboundConfig = () => ({ accountSid, authToken, webhookUrl: WEBHOOK_URL, helpText: 'Bursar: reply STOP to stop.' });

function signedInbound(fields: Record<string, string>, options: { sign?: Record<string, string>; token?: string; host?: string } = {}) {
  const params = { AccountSid: accountSid, MessageSid: `SM${randomBytes(16).toString('hex')}`, To: '+14155550100', ...fields };
  const signature = twilio.getExpectedTwilioSignature(options.token ?? authToken, WEBHOOK_URL, options.sign ?? params);
  return new Request(`http://${options.host ?? '127.0.0.1:3000'}/api/webhooks/twilio`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
}

describe('the inbound SMS webhook (STOP / START / HELP)', () => {
  it('recognises the carrier keywords, in any case, as the first word', () => {
    expect(keywordOf(' stop ')).toEqual({ action: 'opt_out', word: 'STOP' });
    expect(keywordOf('Unsubscribe please')).toEqual({ action: 'opt_out', word: 'UNSUBSCRIBE' });
    expect(keywordOf('START')).toEqual({ action: 'opt_in', word: 'START' });
    expect(keywordOf('help!')).toEqual({ action: 'help', word: 'HELP' });
    expect(keywordOf('please stop')).toBeNull();
  });

  it('STOP turns texts off for the accounts on that number, once per message however often Twilio retries', async () => {
    const number = phone();
    const learner = await seedUser(db(), { phone: number, smsOptIn: true });
    const request = signedInbound({ From: number, Body: 'STOP' });
    const body = await request.clone().text();
    const first = await handleTwilioInbound(db(), request, inboundConfig());
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    // Twilio retries with the same MessageSid and signature.
    const retry = new Request(request.url, { method: 'POST', headers: request.headers, body });
    expect((await handleTwilioInbound(db(), retry, inboundConfig())).status).toBe(200);

    expect(await findSmsConsentState(db(), learner.id)).toMatchObject({ smsOptIn: false, blockedSince: expect.any(Date) });
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.entityId, learner.id), eq(auditLog.action, 'sms.opted_out')));
    expect(audits).toHaveLength(1);
    expect(await db().select().from(smsConsentEvents).where(eq(smsConsentEvents.phone, number))).toHaveLength(2);
  });

  it('START restores texts for accounts STOP turned off, never for one that had not opted in', async () => {
    const number = phone();
    const optedIn = await seedUser(db(), { phone: number, smsOptIn: true });
    const never = await seedUser(db(), { phone: number, smsOptIn: false });
    await handleTwilioInbound(db(), signedInbound({ From: number, Body: 'STOP' }), inboundConfig());
    await handleTwilioInbound(db(), signedInbound({ From: number, Body: 'Start' }), inboundConfig());
    expect(await isSmsOptedOut(db(), number)).toBe(false);
    expect(await findSmsConsentState(db(), optedIn.id)).toMatchObject({ smsOptIn: true, optedInSource: 'sms_keyword', blockedSince: null });
    expect(await findSmsConsentState(db(), never.id)).toMatchObject({ smsOptIn: false });
  });

  it('HELP answers who we are and how to stop, and changes nothing', async () => {
    const number = phone();
    const response = await handleTwilioInbound(db(), signedInbound({ From: number, Body: 'HELP' }), inboundConfig());
    expect(await response.text()).toContain('<Message>Bursar: reply STOP to stop.</Message>');
    expect(await db().select().from(smsConsentEvents).where(eq(smsConsentEvents.phone, number))).toHaveLength(0);
  });

  it('refuses forged, altered, foreign and malformed requests with a clear 4xx and writes nothing', async () => {
    const number = phone();
    const learner = await seedUser(db(), { phone: number, smsOptIn: true });
    const cases: Array<[Request, number, RegExp]> = [
      [signedInbound({ From: number, Body: 'STOP' }, { token: 'not-the-token-at-all' }), 403, /X-Twilio-Signature/],
      // Signed for a different body: the STOP was swapped in afterwards.
      [signedInbound({ From: number, Body: 'STOP' }, { sign: { From: number, Body: 'hello' } }), 403, /X-Twilio-Signature/],
      [signedInbound({ From: number, Body: 'STOP', AccountSid: `AC${'0'.repeat(32)}` }), 403, /another Twilio account/],
      [signedInbound({ From: 'not-a-number', Body: 'STOP' }), 400, /E\.164/],
      [new Request('http://127.0.0.1/api/webhooks/twilio', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }), 415, /x-www-form-urlencoded/],
      [new Request('http://127.0.0.1/api/webhooks/twilio', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `Body=${'x'.repeat(70_000)}` }), 413, /larger/],
    ];
    for (const [request, status, message] of cases) {
      const response = await handleTwilioInbound(db(), request, inboundConfig());
      expect(response.status).toBe(status);
      expect((await response.json()).error).toMatch(message);
    }
    expect(await findSmsConsentState(db(), learner.id)).toMatchObject({ smsOptIn: true, blockedSince: null });
    expect(await db().select().from(smsConsentEvents).where(eq(smsConsentEvents.phone, number))).toHaveLength(0);
  });

  it('verifies against APP_URL, so a request arriving under a forged Host still checks out only with a genuine signature', async () => {
    const number = phone();
    const response = await handleTwilioInbound(db(), signedInbound({ From: number, Body: 'STOP' }, { host: 'evil.example' }), inboundConfig());
    expect(response.status).toBe(200);
    expect(await isSmsOptedOut(db(), number)).toBe(true);
  });
});

describe('SMS consent from the account settings', () => {
  it('records when and where an opt-in was given, and its withdrawal', async () => {
    const learner = await seedUser(db());
    const number = phone();
    expect(await updateNotificationSettings(db(), learner.id, { phone: number, smsOptIn: 'on' })).toEqual({ ok: true });
    expect(await findSmsConsentState(db(), learner.id)).toMatchObject({ smsOptIn: true, optedInSource: 'account_settings', optedInAt: expect.any(Date) });
    // Saving again without a change records nothing new.
    await updateNotificationSettings(db(), learner.id, { phone: number, smsOptIn: 'on' });
    await updateNotificationSettings(db(), learner.id, { phone: number });
    const events = await db().select().from(smsConsentEvents).where(eq(smsConsentEvents.userId, learner.id));
    expect(events.map((e) => e.action).sort()).toEqual(['opt_in', 'opt_out']);
    const [row] = await db().select().from(users).where(eq(users.id, learner.id));
    expect(row).toMatchObject({ smsOptIn: false, smsOptInAt: null });
  });
});
