import { cn } from '@/components/ui/cn';

type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

const tones: Record<Tone, string> = {
  neutral: 'bg-slate-100 text-slate-700 ring-slate-200',
  info: 'bg-brand-50 text-brand-700 ring-brand-100',
  success: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  warning: 'bg-amber-50 text-amber-900 ring-amber-200',
  danger: 'bg-red-50 text-red-800 ring-red-200',
};

/**
 * Statuses of payments, refunds, disputes, subscriptions, invoices, events and outbox rows.
 * Unknown statuses read as neutral; pass `tone` to override.
 */
const STATUS_TONES: Record<string, Tone> = {
  succeeded: 'success',
  paid: 'success',
  active: 'success',
  processed: 'success',
  sent: 'success',
  won: 'success',
  trialing: 'info',
  pending: 'info',
  processing: 'info',
  queued: 'info',
  received: 'info',
  requires_action: 'warning',
  partially_refunded: 'warning',
  refunded: 'neutral',
  past_due: 'warning',
  needs_response: 'warning',
  warning_needs_response: 'warning',
  under_review: 'info',
  warning_under_review: 'info',
  disputed: 'danger',
  failed: 'danger',
  charged_back: 'danger',
  lost: 'danger',
  dead: 'danger',
  unpaid: 'danger',
  canceled: 'neutral',
  incomplete: 'warning',
  incomplete_expired: 'neutral',
  ignored: 'neutral',
  open: 'info',
  void: 'neutral',
  uncollectible: 'danger',
};

export function statusTone(status: string): Tone {
  return STATUS_TONES[status] ?? 'neutral';
}

/** "partially_refunded" → "Partially refunded". */
export function statusLabel(status: string): string {
  const words = status.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function StatusBadge({ status, label, tone }: { status: string; label?: string; tone?: Tone }) {
  return (
    <span
      data-status={status}
      className={cn('inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset', tones[tone ?? statusTone(status)])}
    >
      {label ?? statusLabel(status)}
    </span>
  );
}
