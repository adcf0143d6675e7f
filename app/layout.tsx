import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { PastDueBanner } from '@/components/account/past-due-banner';
import { SiteHeader } from '@/components/layout/site-header';
import { TestModeBanner } from '@/components/layout/test-mode-banner';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Bursar — courses you can trust', template: '%s · Bursar' },
  description: 'Learn from practical courses. Buy once or subscribe to All-Access.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, so its scripts carry that request's CSP nonce (a page
  // prerendered at build time would have none, and the policy would block its scripts). The
  // layout itself reads nothing about the visitor: the header and the past-due banner are
  // holes filled from /api/visitor, so the storefront's HTML is the same for everyone.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
          Skip to content
        </a>
        <TestModeBanner />
        <SiteHeader />
        <PastDueBanner />
        <main id="main" className="mx-auto max-w-6xl px-4 py-8">
          {children}
        </main>
        <footer className="mx-auto max-w-6xl px-4 pb-10 pt-4 text-xs text-slate-500">
          Bursar — open-source course storefront. Payments by Stripe.{' '}
          <Link href="/about" className="underline-offset-2 hover:underline">
            About and terms
          </Link>
        </footer>
      </body>
    </html>
  );
}
