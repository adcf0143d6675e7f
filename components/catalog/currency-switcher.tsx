import { cn } from '@/components/ui/cn';
import { STORE_CURRENCIES, type StoreCurrency } from '@/lib/catalog/currency';

const LABELS: Record<StoreCurrency, string> = { usd: 'USD $', eur: 'EUR €', jpy: 'JPY ¥' };

/**
 * Three plain links that save the currency in a cookie and come back to this page: works
 * without JavaScript, with the keyboard, and cannot be raced by hydration.
 */
export function CurrencySwitcher({ current, returnTo }: { current: StoreCurrency; returnTo: string }) {
  return (
    <nav aria-label="Currency" className="inline-flex rounded-lg bg-slate-100 p-0.5 text-xs font-semibold">
      {STORE_CURRENCIES.map((code) => (
        <a
          key={code}
          href={`/api/currency?code=${code}&returnTo=${encodeURIComponent(returnTo)}`}
          aria-current={code === current ? 'true' : undefined}
          rel="nofollow"
          className={cn(
            'rounded-md px-2.5 py-1',
            code === current ? 'bg-white text-ink shadow-sm' : 'text-slate-600 hover:text-ink',
          )}
        >
          {LABELS[code]}
        </a>
      ))}
    </nav>
  );
}
