import type { Database } from '@/db/client';
import { findCourseTitle, findPlanName, findUserContact } from '@/db/queries/billing';

/** The learner to tell and the name of what they bought, for a notification. */
export async function loadRecipient(db: Database, userId: string | null, item: { courseId?: string | null; planId?: string | null }) {
  if (!userId) return null;
  const contact = await findUserContact(db, userId);
  if (!contact) return null;
  const courseTitle = item.courseId ? await findCourseTitle(db, item.courseId) : null;
  const planName = item.planId ? await findPlanName(db, item.planId) : null;
  return { userId, email: contact.email, name: contact.name, itemTitle: courseTitle ?? planName ?? 'Your purchase', planName };
}

/** "Visa •••• 4242" from what the payments row mirrors; null when unknown. */
export function paymentMethodLabel(payment: { cardBrand: string | null; cardLast4: string | null; paymentMethodType: string | null } | null): string | null {
  if (!payment?.cardLast4) return null;
  if (payment.cardBrand) return `${payment.cardBrand[0]?.toUpperCase()}${payment.cardBrand.slice(1)} •••• ${payment.cardLast4}`;
  return payment.paymentMethodType === 'us_bank_account' ? `US bank account •••• ${payment.cardLast4}` : `•••• ${payment.cardLast4}`;
}
