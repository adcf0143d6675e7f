import { check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf } from './columns';
import { type MessageChannel, messageChannels } from './enums';

// The local transport for email and SMS when no provider is configured (dev, tests, e2e).
export const mailboxMessages = pgTable(
  'mailbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channel: text('channel').$type<MessageChannel>().notNull(),
    to: text('to').notNull(),
    from: text('from').notNull(),
    subject: text('subject'),
    html: text('html'),
    text: text('text').notNull(),
    tag: text('tag'),
    dedupeKey: text('dedupe_key').unique(),
    createdAt: createdAt(),
  },
  (t) => [
    check('mailbox_messages_channel_check', oneOf(t.channel, messageChannels)),
    index('mailbox_messages_created_idx').on(t.createdAt, t.id),
    index('mailbox_messages_to_idx').on(t.to, t.createdAt),
  ],
);
