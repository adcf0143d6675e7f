import type { Database } from '@/db/client';
import { paymentMethodLabel as labelPaymentMethod } from '../payment-method-label';
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

/** The payment's method, named as everywhere else (lib/billing/payment-method-label.ts). */
export function paymentMethodLabel(payment: { cardBrand: string | null; cardLast4: string | null; paymentMethodType: string | null } | null): string | null {
  return payment ? labelPaymentMethod({ type: payment.paymentMethodType, brand: payment.cardBrand, last4: payment.cardLast4 }) : null;
}
