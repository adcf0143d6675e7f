import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { mailboxMessages } from '@/db/schema';
import type { MessageChannel } from '@/db/schema/enums';

export type LocalMessage = {
  channel: MessageChannel;
  to: string;
  from: string;
  subject: string | null;
  html: string | null;
  text: string;
  tag?: string;
  /** Delivery key: a second delivery with the same key stores nothing and returns the first id. */
  dedupeKey?: string;
};

/**
 * Stores a message in the local mailbox (/dev/mailbox, tests). With a dedupe key it behaves
 * like a provider honouring an Idempotency-Key: a retried delivery after a crash between
 * "sent" and "marked sent" answers with the original message instead of storing a second one.
 */
export async function deliverToLocalMailbox(db: Database, message: LocalMessage): Promise<{ providerMessageId: string }> {
  const values = { ...message, tag: message.tag ?? null, dedupeKey: message.dedupeKey ?? null };
  const [row] = await db
    .insert(mailboxMessages)
    .values(values)
    .onConflictDoNothing({ target: mailboxMessages.dedupeKey })
    .returning({ id: mailboxMessages.id });
  if (row) return { providerMessageId: `local_${row.id}` };
  if (!message.dedupeKey) throw new Error('local mailbox: insert returned no row');
  const [existing] = await db
    .select({ id: mailboxMessages.id })
    .from(mailboxMessages)
    .where(eq(mailboxMessages.dedupeKey, message.dedupeKey))
    .limit(1);
  if (!existing) throw new Error(`local mailbox: no message under key ${message.dedupeKey}`);
  return { providerMessageId: `local_${existing.id}` };
}
