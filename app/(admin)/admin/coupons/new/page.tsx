import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/admin/page-header';
import { getDb } from '@/db/client';
import { listCouponTargets } from '@/db/queries/coupons';
import { requireAdmin } from '@/lib/auth/guards';
import { SUPPORTED_CURRENCIES } from '@/lib/billing/currencies';
import { NewCouponForm } from '../coupon-forms';

export const metadata: Metadata = { title: 'New coupon' };

export default async function NewCouponPage() {
  await requireAdmin('/admin/coupons/new');
  const targets = await listCouponTargets(await getDb());
  return (
    <div className="max-w-3xl">
      <Link href="/admin/coupons" className="text-sm font-semibold text-brand-600 hover:underline">← Coupons</Link>
      <PageHeader title="New coupon" description="Created in Stripe at once. Its terms cannot be changed later (Stripe's rule): make a new coupon instead." />
      <NewCouponForm attemptId={randomUUID()} codeAttemptId={randomUUID()} targets={targets} currencies={[...SUPPORTED_CURRENCIES]} />
    </div>
  );
}
