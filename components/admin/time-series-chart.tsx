'use client';

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoney, minorUnitExponent } from '@/lib/billing/money';

export type SeriesPoint = { date: string; value: number };

type Props = {
  /** What the chart shows, e.g. "Net revenue, USD, by day" (the accessible name). */
  title: string;
  points: SeriesPoint[];
  /** Values are minor units of this currency; omit for plain counts. */
  currency?: string;
  height?: number;
};

/**
 * One series over time (recharts). Money series take one currency: draw one chart per currency,
 * never a sum across currencies. A visually hidden table gives the same numbers to screen readers.
 */
export function TimeSeriesChart({ title, points, currency, height = 220 }: Props) {
  const divisor = currency ? 10 ** minorUnitExponent(currency) : 1;
  const data = points.map((p) => ({ date: p.date, major: p.value / divisor, raw: p.value }));
  const format = (raw: number) => (currency ? formatMoney({ amount: Math.round(raw), currency }) : raw.toLocaleString('en-US'));
  const axis = (major: number) => (currency ? compact(major) : major.toLocaleString('en-US'));
  return (
    <figure className="rounded-xl border border-slate-200 bg-white p-3">
      <figcaption className="mb-2 text-sm font-medium text-slate-700">{title}</figcaption>
      <div style={{ height }} aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="date" tick={{ fontSize: 11 }} tickLine={false} minTickGap={24} />
            <YAxis tick={{ fontSize: 11 }} tickLine={false} width={48} tickFormatter={axis} />
            <Tooltip formatter={(_value, _name, item) => [format((item.payload as { raw: number }).raw), currency ? currency.toUpperCase() : 'Count']} />
            <Area type="monotone" dataKey="major" stroke="#1f57d6" fill="#d9eaff" strokeWidth={2} isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>{title}</caption>
        <tbody>
          {data.map((d) => (
            <tr key={d.date}>
              <th scope="row">{d.date}</th>
              <td>{format(d.raw)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function compact(n: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}
