import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'About and terms' };

/** What Bursar is and the terms of a purchase. Plain content, the same for every visitor. */
export default function AboutPage() {
  return (
    <article className="mx-auto max-w-3xl space-y-6 leading-relaxed text-slate-700">
      <header>
        <h1 className="text-3xl font-bold tracking-tight text-ink">About Bursar and our terms</h1>
        <p className="mt-2 text-lg text-slate-600">Practical courses, bought once or with one subscription.</p>
      </header>
      <section aria-labelledby="buying" className="space-y-2">
        <h2 id="buying" className="text-xl font-semibold text-ink">Buying a course</h2>
        <p>
          A course you buy is yours to keep: every lesson, every later update. Prices are shown in US dollars, euros or yen
          and include any tax we are required to collect. Payments are processed by Stripe; we never see or store your card number.
        </p>
      </section>
      <section aria-labelledby="all-access" className="space-y-2">
        <h2 id="all-access" className="text-xl font-semibold text-ink">All-Access</h2>
        <p>
          The <Link href="/pricing" className="font-medium text-brand-600 hover:underline">All-Access subscription</Link> opens every
          course in the catalog for as long as it runs. It renews monthly or yearly until you cancel it from your account; when
          a renewal payment fails you keep access for a short grace period while you update your card.
        </p>
      </section>
      <section aria-labelledby="refunds" className="space-y-2">
        <h2 id="refunds" className="text-xl font-semibold text-ink">Refunds</h2>
        <p>
          Not what you expected? Ask within 30 days of a purchase for a full refund. A refunded course closes again; a refunded
          subscription ends at once.
        </p>
      </section>
      <section aria-labelledby="privacy" className="space-y-2">
        <h2 id="privacy" className="text-xl font-semibold text-ink">Your data</h2>
        <p>
          We keep your email address, your purchases and your lesson progress, and nothing else. You can delete your account from
          its profile page at any time; receipts we must keep for tax purposes are kept without your name.
        </p>
      </section>
    </article>
  );
}
