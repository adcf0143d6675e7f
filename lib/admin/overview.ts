import 'server-only';
import type { Database } from '@/db/client';
import {
  countDisputesOpened,
  countFailedPaymentRecovery,
  countNewCustomers,
  countPaymentsByStatus,
  mrrAt,
  mrrSeries,
  netRevenueSeries,
  sumDisputesLost,
  sumGrossRevenue,
  sumMrrMovements,
  sumRefunds,
  type Bucket,
  type Range,
} from '@/db/queries/admin-metrics';
import { assembleOverview, type CurrencyOverview } from './overview-math';

export type Overview = { currencies: string[]; byCurrency: Record<string, CurrencyOverview>; revenueSeries: Record<string, Array<{ date: string; value: number }>>; mrrSeries: Record<string, Array<{ date: string; value: number }>> };

/** Every overview number for a range, per currency (queries run in parallel). */
export async function loadOverview(db: Database, range: Range, bucket: Bucket): Promise<Overview> {
  const [gross, refunds, lost, opened, fresh, outcomes, recovery, mrrStart, mrrEnd, movements, revenue, mrr] = await Promise.all([
    sumGrossRevenue(db, range),
    sumRefunds(db, range),
    sumDisputesLost(db, range),
    countDisputesOpened(db, range),
    countNewCustomers(db, range),
    countPaymentsByStatus(db, range),
    countFailedPaymentRecovery(db, range),
    mrrAt(db, range.from),
    mrrAt(db, range.to),
    sumMrrMovements(db, range),
    netRevenueSeries(db, range, bucket),
    mrrSeries(db, range, bucket),
  ]);
  const byCurrency = assembleOverview({ gross, refunds, lost, opened, fresh, outcomes, recovery, mrrStart, mrrEnd, movements });
  const group = (rows: Array<{ currency: string; bucket: string; value: number }>) => {
    const out: Record<string, Array<{ date: string; value: number }>> = {};
    for (const row of rows) (out[row.currency] ??= []).push({ date: row.bucket, value: row.value });
    return out;
  };
  return { currencies: Object.keys(byCurrency), byCurrency, revenueSeries: group(revenue), mrrSeries: group(mrr) };
}
