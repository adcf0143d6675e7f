import type { MailboxRecipient } from '@/db/queries/mailbox';
import { currentMailboxBindings, mailboxAccess } from '@/lib/notifications/mailbox-session';

/** Whose mail this browser may see: everyone's (undefined) in development, else its own. */
export async function mailboxRecipients(): Promise<MailboxRecipient[] | undefined> {
  if (mailboxAccess === 'open') return undefined;
  return (await currentMailboxBindings()).map((b) => ({ email: b.email, since: new Date(b.since) }));
}
