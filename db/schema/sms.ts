import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { oneOf, tz } from './columns';
import { smsConsentActions, smsConsentSources, type SmsConsentAction, type SmsConsentSource } from './enums';

/**
 * Numbers that texted STOP (or an equivalent keyword). Carriers and Twilio block further
 * messages to them until they text START, whatever the account settings say, so the outbox
 * never attempts a send to a number listed here. Keyed by number, not by user: the block
 * belongs to the handset.
 */
export const smsOptOuts = pgTable(
  'sms_opt_outs',
  {
    phone: text('phone').primaryKey(),
    optedOutAt: tz('opted_out_at').notNull().defaultNow(),
    keyword: text('keyword').notNull(),
  },
  (t) => [check('sms_opt_outs_phone_check', sql`${t.phone} ~ '^\\+[1-9][0-9]{6,14}$'`)],
);

/**
 * Every change of SMS consent, with when and where it came from: the account settings form,
 * a keyword texted to our number, or an admin. Append-only; the current state lives on
 * `users` and `sms_opt_outs`. An inbound message is recorded once (unique message id), so a
 * retried Twilio webhook changes nothing twice.
 */
export const smsConsentEvents = pgTable(
  'sms_consent_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phone: text('phone').notNull(),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').$type<SmsConsentAction>().notNull(),
    source: text('source').$type<SmsConsentSource>().notNull(),
    // Twilio's MessageSid for keyword messages.
    providerMessageId: text('provider_message_id').unique(),
    at: tz('at').notNull().defaultNow(),
  },
  (t) => [
    check('sms_consent_events_action_check', oneOf(t.action, smsConsentActions)),
    check('sms_consent_events_source_check', oneOf(t.source, smsConsentSources)),
    index('sms_consent_events_phone_idx').on(t.phone, t.at),
  ],
);
