import { and, desc, eq, gte, inArray, or, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { mailboxMessages, users } from '@/db/schema';

/** An address whose mail may be shown, from when; its owner's phone (SMS) counts too. */
export type MailboxRecipient = { email: string; since: Date };

const listColumns = {
  id: mailboxMessages.id,
  channel: mailboxMessages.channel,
  to: mailboxMessages.to,
  subject: mailboxMessages.subject,
  tag: mailboxMessages.tag,
  createdAt: mailboxMessages.createdAt,
};

/** Mail to these recipients only (in a demo, what this browser asked for). */
function recipientsFilter(db: Database, recipients: MailboxRecipient[]): SQL | undefined {
  const clauses = recipients.map((r) => {
    const phone = db.select({ phone: users.phone }).from(users).where(eq(users.email, r.email.toLowerCase()));
    return and(or(eq(mailboxMessages.to, r.email.toLowerCase()), inArray(mailboxMessages.to, phone)), gte(mailboxMessages.createdAt, r.since));
  });
  return or(...clauses);
}

/**
 * The newest messages, optionally to one address; with `recipients`, only theirs (an empty
 * list shows nothing).
 */
export async function listMailboxMessages(db: Database, params: { to?: string; recipients?: MailboxRecipient[]; limit?: number }) {
  if (params.recipients && params.recipients.length === 0) return [];
  return db
    .select(listColumns)
    .from(mailboxMessages)
    .where(and(params.to ? eq(mailboxMessages.to, params.to.toLowerCase()) : undefined, params.recipients ? recipientsFilter(db, params.recipients) : undefined))
    .orderBy(desc(mailboxMessages.createdAt), desc(mailboxMessages.id))
    .limit(params.limit ?? 100);
}

/** One message; with `recipients`, null unless it is theirs. */
export async function findMailboxMessage(db: Database, id: string, recipients?: MailboxRecipient[]) {
  if (recipients && recipients.length === 0) return null;
  const [row] = await db
    .select()
    .from(mailboxMessages)
    .where(and(eq(mailboxMessages.id, id), recipients ? recipientsFilter(db, recipients) : undefined))
    .limit(1);
  return row ?? null;
}

/**
 * Stores a message; with a dedupe key a second store inserts nothing and answers the first
 * message's id (like a provider honouring an Idempotency-Key).
 */
export async function storeMailboxMessage(db: Database, values: typeof mailboxMessages.$inferInsert & { dedupeKey: string | null }): Promise<string> {
  const [row] = await db.insert(mailboxMessages).values(values).onConflictDoNothing({ target: mailboxMessages.dedupeKey }).returning({ id: mailboxMessages.id });
  if (row) return row.id;
  if (!values.dedupeKey) throw new Error('local mailbox: insert returned no row');
  const [existing] = await db.select({ id: mailboxMessages.id }).from(mailboxMessages).where(eq(mailboxMessages.dedupeKey, values.dedupeKey)).limit(1);
  if (!existing) throw new Error(`local mailbox: no message under key ${values.dedupeKey}`);
  return existing.id;
}

/** Proves the local mailbox table is readable (the readiness check of the local email transport). */
export async function probeMailbox(db: Database): Promise<void> {
  await db.select({ id: mailboxMessages.id }).from(mailboxMessages).limit(1);
}
