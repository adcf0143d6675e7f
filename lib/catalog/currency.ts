import { cookies } from 'next/headers';

/** Currencies the storefront offers prices in; the first is the default. */
export const STORE_CURRENCIES = ['usd', 'eur', 'jpy'] as const;
export type StoreCurrency = (typeof STORE_CURRENCIES)[number];
export const CURRENCY_COOKIE = 'bursar_currency';

export function parseStoreCurrency(value: unknown): StoreCurrency | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return (STORE_CURRENCIES as readonly string[]).includes(lower) ? (lower as StoreCurrency) : undefined;
}

/** A `?currency=` in the URL wins (shareable links), then the visitor's saved choice. */
export async function resolveStoreCurrency(searchParam?: unknown): Promise<StoreCurrency> {
  const fromUrl = parseStoreCurrency(Array.isArray(searchParam) ? searchParam[0] : searchParam);
  if (fromUrl) return fromUrl;
  const jar = await cookies();
  return parseStoreCurrency(jar.get(CURRENCY_COOKIE)?.value) ?? 'usd';
}
