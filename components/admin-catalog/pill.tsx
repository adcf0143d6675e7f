import type { ReactNode } from 'react';
import { cn } from '@/components/ui/cn';

export type PillTone = 'neutral' | 'brand' | 'success' | 'warning' | 'danger';

const tones: Record<PillTone, string> = {
  neutral: 'bg-slate-100 text-slate-700',
  brand: 'bg-brand-50 text-brand-700',
  success: 'bg-emerald-50 text-emerald-800',
  warning: 'bg-amber-50 text-amber-900',
  danger: 'bg-red-50 text-red-800',
};

/** A status word with a colour that repeats, never replaces, the word. */
export function Pill({ tone = 'neutral', children, testId }: { tone?: PillTone; children: ReactNode; testId?: string }) {
  return (
    <span data-testid={testId} className={cn('inline-flex items-center whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-medium', tones[tone])}>
      {children}
    </span>
  );
}
