import Link from 'next/link';
import { describeDunningPolicy, dunningPolicy } from '@/lib/billing/dunning-policy';
import { env } from '@/lib/env';

const finalActionLabel = { cancel: 'Cancel the subscription', unpaid: 'Mark it unpaid', past_due: 'Leave it past due' } as const;
const alertModeLabel = { immediate: 'Emailed at once', digest: 'One daily digest', off: 'Dashboard only' } as const;

/**
 * Failed renewals and admin alerts, read-only: they come from the environment because Stripe's own
 * retry settings must say the same (Billing → Revenue recovery), and a form here could not change those.
 */
export function BillingPolicy() {
  const rows: [string, string, string][] = [
    ['Retries after a failed renewal', dunningPolicy.retryDays.length ? `${dunningPolicy.retryDays.join(', ')} days apart (${dunningPolicy.attempts} attempts in all)` : 'None', 'DUNNING_RETRY_DAYS'],
    ['After the last failed retry', finalActionLabel[dunningPolicy.finalAction], 'DUNNING_FINAL_ACTION'],
    ['Access kept while past due', `${dunningPolicy.graceDays} days`, 'DUNNING_GRACE_DAYS'],
    ['Admin alerts', alertModeLabel[env.ADMIN_ALERT_EMAILS] + (env.ADMIN_ALERT_EMAILS === 'digest' ? ` at ${String(env.ADMIN_ALERT_DIGEST_HOUR).padStart(2, '0')}:00 UTC` : ''), 'ADMIN_ALERT_EMAILS'],
    ['Webhook lag alert after', `${env.ADMIN_ALERT_LAG_SECONDS} s`, 'ADMIN_ALERT_LAG_SECONDS'],
  ];
  return (
    <section aria-labelledby="billing-policy" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="billing-policy" className="text-lg font-semibold">
        Failed renewals and alerts
      </h2>
      <p className="text-sm text-slate-600">
        Set by environment variables, because Stripe runs the retries: keep them equal to Stripe&apos;s retry settings (Billing → Revenue recovery) and restart to change them.
      </p>
      <dl className="divide-y divide-slate-100 text-sm">
        {rows.map(([label, value, variable]) => (
          <div key={variable} className="grid gap-1 py-2 sm:grid-cols-[14rem_1fr]">
            <dt className="font-medium text-slate-700">{label}</dt>
            <dd>
              {value} <code className="ml-1 rounded bg-slate-100 px-1 text-xs text-slate-600">{variable}</code>
            </dd>
          </div>
        ))}
      </dl>
      <p className="text-sm text-slate-700">
        What a past-due learner reads: <q data-testid="dunning-policy">{describeDunningPolicy(dunningPolicy)}</q>
      </p>
      <p className="text-sm">
        <Link href="/admin/emails" className="font-medium text-brand-700 underline">
          Preview every email and text message
        </Link>
      </p>
    </section>
  );
}
