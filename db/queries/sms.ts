import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { smsConsentEvents, smsOptOuts, users } from '@/db/schema';
import type { SmsConsentSource } from '@/db/schema/enums';
import { appendAudit } from './audit';

/** True when the number texted STOP and has not texted START since: no message may be sent to it. */
export async function isSmsOptedOut(db: Database, phone: string): Promise<boolean> {
  const [row] = await db.select({ phone: smsOptOuts.phone }).from(smsOptOuts).where(eq(smsOptOuts.phone, phone));
  return row !== undefined;
}

/** The number to text a learner on, when they opted in and the number has not texted STOP. */
export async function findSmsRecipient(db: Database, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ phone: users.phone, smsOptIn: users.smsOptIn, deletedAt: users.deletedAt, blocked: smsOptOuts.phone })
    .from(users)
    .leftJoin(smsOptOuts, eq(smsOptOuts.phone, users.phone))
    .where(eq(users.id, userId));
  if (!row || row.deletedAt || !row.smsOptIn || !row.phone || row.blocked) return null;
  return row.phone;
}

export type SmsConsentState = {
  phone: string | null;
  smsOptIn: boolean;
  optedInAt: Date | null;
  optedInSource: string | null;
  /** Set when the number is blocked by a STOP keyword. */
  blockedSince: Date | null;
};

export async function findSmsConsentState(db: Database, userId: string): Promise<SmsConsentState | null> {
  const [row] = await db
    .select({ phone: users.phone, smsOptIn: users.smsOptIn, optedInAt: users.smsOptInAt, optedInSource: users.smsOptInSource, blockedSince: smsOptOuts.optedOutAt })
    .from(users)
    .leftJoin(smsOptOuts, eq(smsOptOuts.phone, users.phone))
    .where(eq(users.id, userId));
  return row ?? null;
}

/**
 * Records an opt-in or opt-out given in the account settings (or by an admin): the consent
 * event, and the time and source on the user row when it becomes an opt-in.
 */
export async function recordSmsConsentChange(
  db: Database,
  change: { userId: string; phone: string; optIn: boolean; source: SmsConsentSource; at: Date },
): Promise<void> {
  await db.insert(smsConsentEvents).values({ phone: change.phone, userId: change.userId, action: change.optIn ? 'opt_in' : 'opt_out', source: change.source, at: change.at });
  await db
    .update(users)
    .set(change.optIn ? { smsOptInAt: change.at, smsOptInSource: change.source } : { smsOptInAt: null, smsOptInSource: null })
    .where(eq(users.id, change.userId));
}

export type KeywordOutcome = { recorded: false } | { recorded: true; userIds: string[] };

/**
 * Applies a STOP or START texted from `phone`, once per inbound message id (a retried
 * webhook finds the event already recorded and changes nothing).
 *
 * STOP blocks the number and turns SMS off for every account that uses it. START lifts the
 * block and turns SMS back on only for the accounts that STOP turned off (their latest
 * consent event is a keyword opt-out): texting START never opts in an account that had not.
 */
export async function applySmsKeyword(
  db: Database,
  input: { phone: string; action: 'opt_in' | 'opt_out'; keyword: string; providerMessageId: string; at: Date },
): Promise<KeywordOutcome> {
  return db.transaction(async (tx) => {
    const [event] = await tx
      .insert(smsConsentEvents)
      .values({ phone: input.phone, action: input.action, source: 'sms_keyword', providerMessageId: input.providerMessageId, at: input.at })
      .onConflictDoNothing({ target: smsConsentEvents.providerMessageId })
      .returning({ id: smsConsentEvents.id });
    if (!event) return { recorded: false };

    const accounts = await tx.select({ id: users.id, smsOptIn: users.smsOptIn }).from(users).where(eq(users.phone, input.phone));
    let changed: string[] = [];
    if (input.action === 'opt_out') {
      await tx
        .insert(smsOptOuts)
        .values({ phone: input.phone, optedOutAt: input.at, keyword: input.keyword })
        .onConflictDoUpdate({ target: smsOptOuts.phone, set: { optedOutAt: input.at, keyword: input.keyword } });
      changed = accounts.filter((a) => a.smsOptIn).map((a) => a.id);
      if (changed.length > 0) {
        await tx.update(users).set({ smsOptIn: false, smsOptInAt: null, smsOptInSource: null }).where(inArray(users.id, changed));
      }
    } else {
      await tx.delete(smsOptOuts).where(eq(smsOptOuts.phone, input.phone));
      for (const account of accounts) {
        if (account.smsOptIn) continue;
        const [last] = await tx
          .select({ action: smsConsentEvents.action, source: smsConsentEvents.source })
          .from(smsConsentEvents)
          .where(and(eq(smsConsentEvents.userId, account.id), eq(smsConsentEvents.phone, input.phone)))
          .orderBy(desc(smsConsentEvents.at))
          .limit(1);
        if (last?.action === 'opt_out' && last.source === 'sms_keyword') changed.push(account.id);
      }
      if (changed.length > 0) {
        await tx.update(users).set({ smsOptIn: true, smsOptInAt: input.at, smsOptInSource: 'sms_keyword' }).where(inArray(users.id, changed));
      }
    }
    for (const userId of changed) {
      await tx.insert(smsConsentEvents).values({ phone: input.phone, userId, action: input.action, source: 'sms_keyword', at: input.at });
      await appendAudit(tx, {
        actorType: 'user',
        actorUserId: userId,
        action: input.action === 'opt_out' ? 'sms.opted_out' : 'sms.opted_in',
        entityType: 'user',
        entityId: userId,
        data: { source: 'sms_keyword', keyword: input.keyword, providerMessageId: input.providerMessageId },
        dedupeKey: `sms-keyword:${input.providerMessageId}:${userId}`,
      });
    }
    return { recorded: true, userIds: changed };
  });
}
