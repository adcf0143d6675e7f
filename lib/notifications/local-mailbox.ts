import type { Database } from '@/db/client';
import { storeMailboxMessage } from '@/db/queries/mailbox';
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
  const id = await storeMailboxMessage(db, { ...message, tag: message.tag ?? null, dedupeKey: message.dedupeKey ?? null });
  return { providerMessageId: `local_${id}` };
}
