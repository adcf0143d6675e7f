import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { ReceiptDocument } from '@/components/account/receipt-document';
import { ReceiptPrintButton } from '@/components/account/receipt-print-button';
import { ReceiptPrintStyles } from '@/components/account/receipt-print-styles';
import { getDb } from '@/db/client';
import { findReceiptForUser } from '@/db/queries/account';
import { requireUser } from '@/lib/auth/guards';
import { getStoreSettings } from '@/lib/settings/store';

type Props = { params: Promise<{ id: string }> };

// Another learner's, unknown and malformed ids all look the same: not found, never forbidden,
// so a guessed id does not reveal that a payment exists. Read once for the title and the page.
const loadReceipt = cache(async (id: string) => {
  const user = await requireUser(`/account/receipts/${id}`);
  return findReceiptForUser(await getDb(), { userId: user.id, paymentId: id });
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await loadReceipt((await params).id)) ? 'Receipt' : 'Page not found' };
}

export default async function ReceiptPage({ params }: Props) {
  const { id } = await params;
  const receipt = await loadReceipt(id);
  if (!receipt) notFound();
  const seller = await getStoreSettings(await getDb());

  return (
    <div className="space-y-4">
      <ReceiptPrintStyles />
      <div className="flex flex-wrap items-center justify-between gap-3" data-print-hidden>
        <Link href="/account/purchases" className="text-sm font-semibold text-brand-600 hover:underline">← All purchases</Link>
        <div className="flex flex-wrap gap-2">
          {receipt.hostedInvoiceUrl ? (
            <a href={receipt.hostedInvoiceUrl} target="_blank" rel="noopener noreferrer" className="inline-flex items-center rounded-lg px-3 py-2 text-sm font-semibold text-brand-600 hover:bg-brand-50">
              Stripe invoice
            </a>
          ) : null}
          {receipt.invoicePdf ? (
            <a href={receipt.invoicePdf} target="_blank" rel="noopener noreferrer" className="inline-flex items-center rounded-lg px-3 py-2 text-sm font-semibold text-brand-600 hover:bg-brand-50">
              Invoice PDF
            </a>
          ) : null}
          <ReceiptPrintButton />
        </div>
      </div>
      <ReceiptDocument receipt={receipt} seller={seller} />
    </div>
  );
}
