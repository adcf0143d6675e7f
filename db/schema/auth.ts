import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type { AdapterAccountType } from 'next-auth/adapters';
import { createdAt, oneOf, tz } from './columns';
import { type UserRole, userRoles } from './enums';

/** Opt-outs per notification kind; a missing key means the default (send). */
export type EmailPreferences = Partial<
  Record<'receipts' | 'billingAlerts' | 'renewalReminders' | 'productNews', boolean>
>;

// Property names (emailVerified, providerAccountId, refresh_token…) are what
// @auth/drizzle-adapter reads; the SQL column names stay snake_case.
export const users = pgTable(
  'users',
  {
    // A database default (not only $defaultFn) so the adapter, which omits `id` when the
    // column has a default, and raw SQL inserts both get one.
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    name: text('name'),
    email: text('email').notNull().unique(),
    emailVerified: tz('email_verified'),
    image: text('image'),
    role: text('role', { enum: userRoles }).$type<UserRole>().notNull().default('learner'),
    phone: text('phone'),
    smsOptIn: boolean('sms_opt_in').notNull().default(false),
    // When and how the current opt-in was given (kept as the consent record; history in sms_consent_events).
    smsOptInAt: tz('sms_opt_in_at'),
    smsOptInSource: text('sms_opt_in_source'),
    emailPreferences: jsonb('email_preferences').$type<EmailPreferences>().notNull().default({}),
    createdAt: createdAt(),
    deletedAt: tz('deleted_at'),
  },
  (t) => [
    check('users_role_check', oneOf(t.role, userRoles)),
    // Sign-in normalises addresses; the unique index is only one-per-person if every row does.
    check('users_email_lower_check', sql`${t.email} = lower(${t.email})`),
    // The admin customer list pages newest first.
    index('users_created_idx').on(t.createdAt, t.id),
    // Admin search: the start of an address (`email like 'ada%'`; the database's collation is
    // not C, so the unique index cannot serve LIKE), and names by word prefix (full text,
    // 'simple' configuration: no stemming, any language).
    index('users_email_prefix_idx').on(t.email.op('text_pattern_ops')),
    index('users_name_search_idx').using('gin', sql`to_tsvector('simple', coalesce(${t.name}, ''))`),
    // E.164, so SMS providers accept it as-is.
    check('users_phone_check', sql`${t.phone} is null or ${t.phone} ~ '^\\+[1-9][0-9]{6,14}$'`),
  ],
);

export const accounts = pgTable(
  'accounts',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').$type<AdapterAccountType>().notNull(),
    provider: text('provider').notNull(),
    providerAccountId: text('provider_account_id').notNull(),
    refresh_token: text('refresh_token'),
    access_token: text('access_token'),
    expires_at: integer('expires_at'),
    token_type: text('token_type'),
    scope: text('scope'),
    id_token: text('id_token'),
    session_state: text('session_state'),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.providerAccountId] }),
    index('accounts_user_id_idx').on(t.userId),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    sessionToken: text('session_token').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expires: tz('expires').notNull(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
);

export const verificationTokens = pgTable(
  'verification_tokens',
  {
    identifier: text('identifier').notNull(),
    token: text('token').notNull(),
    expires: tz('expires').notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/**
 * Every sign-in link asked for, by address and client, so requests can be rate-limited per
 * address, per client and in all (an email flood costs the sender's reputation). Rows older
 * than a day are pruned as new ones arrive.
 */
export const signInRequests = pgTable(
  'sign_in_requests',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    email: text('email').notNull(),
    client: text('client').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('sign_in_requests_email_idx').on(t.email, t.createdAt),
    index('sign_in_requests_client_idx').on(t.client, t.createdAt),
    index('sign_in_requests_created_idx').on(t.createdAt),
  ],
);
