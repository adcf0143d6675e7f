import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
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

export default function RootLayout({ children }: { children: ReactNode }) {
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
