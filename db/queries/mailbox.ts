import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { mailboxMessages } from '@/db/schema';

export async function listMailboxMessages(db: Database, params: { to?: string; limit?: number }) {
  return db
    .select({
      id: mailboxMessages.id,
      channel: mailboxMessages.channel,
      to: mailboxMessages.to,
      subject: mailboxMessages.subject,
      tag: mailboxMessages.tag,
      createdAt: mailboxMessages.createdAt,
    })
    .from(mailboxMessages)
    .where(params.to ? eq(mailboxMessages.to, params.to.toLowerCase()) : undefined)
    .orderBy(desc(mailboxMessages.createdAt), desc(mailboxMessages.id))
    .limit(params.limit ?? 100);
}

export async function findMailboxMessage(db: Database, id: string) {
  const [row] = await db.select().from(mailboxMessages).where(and(eq(mailboxMessages.id, id))).limit(1);
  return row ?? null;
}
