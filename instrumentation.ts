/**
 * Runs once when a server instance starts (not at build). Validating configuration here
 * makes a bad or missing variable fail the boot with a message naming it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { env, stripeMode } = await import('@/lib/env');
  if (env.NODE_ENV === 'production' && stripeMode === 'sandbox' && !env.BURSAR_DEMO_MODE) {
    throw new Error(
      'STRIPE_SECRET_KEY is not set. Set it (and STRIPE_WEBHOOK_SECRET) to take real payments, ' +
        'or set BURSAR_DEMO_MODE=1 to run this production build against the offline Stripe sandbox.',
    );
  }

  // Outbox delivery (and later dunning, reconciliation) in this process unless disabled.
  const { startInProcessJobs } = await import('@/lib/jobs/in-process');
  startInProcessJobs();
}
