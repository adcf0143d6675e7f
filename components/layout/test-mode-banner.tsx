import { isStripeSandbox } from '@/lib/stripe/client';

/** Shown on every page while payments go to the offline sandbox, so nobody mistakes it for a live store. */
export function TestModeBanner() {
  if (!isStripeSandbox) return null;
  return (
    <div role="status" className="bg-amber-400 px-4 py-1.5 text-center text-xs font-semibold text-amber-950">
      Test mode — payments go to the offline Stripe sandbox. Use card 4242 4242 4242 4242; no real money moves.
    </div>
  );
}
