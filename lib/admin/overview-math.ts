import type { CurrencyTotals, MovementTotals, MrrSnapshot, OutcomeCount, RecoveryCounts } from '@/db/queries/admin-metrics';

export const MOVEMENT_KINDS = ['new', 'expansion', 'contraction', 'churn', 'reactivation'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export type CurrencyOverview = {
  currency: string;
  gross: number;
  successfulPayments: number;
  refunds: number;
  refundCount: number;
  disputesLost: number;
  disputesLostCount: number;
  net: number;
  newCustomers: number;
  outcomes: Array<{ status: string; count: number }>;
  mrr: number;
  mrrAtStart: number;
  arr: number;
  subscribers: number;
  subscribersAtStart: number;
  movements: Record<MovementKind, { amount: number; customers: number }>;
  churnedCustomers: number;
  /** null when there were no subscribers at the start (a rate of nothing). */
  customerChurnRate: number | null;
  failedInvoices: number;
  recoveredInvoices: number;
  recoveryRate: number | null;
  refundRate: number | null;
  disputesOpened: number;
  disputeRate: number | null;
};

type Inputs = {
  gross: CurrencyTotals[];
  refunds: CurrencyTotals[];
  lost: CurrencyTotals[];
  opened: CurrencyTotals[];
  fresh: CurrencyTotals[];
  outcomes: OutcomeCount[];
  recovery: RecoveryCounts[];
  mrrStart: MrrSnapshot[];
  mrrEnd: MrrSnapshot[];
  movements: MovementTotals[];
};

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * Puts the per-currency query results together. Nothing is ever added across currencies:
 * every number here belongs to exactly one.
 */
export function assembleOverview(input: Inputs): Record<string, CurrencyOverview> {
  const currencies = new Set<string>();
  for (const list of Object.values(input)) for (const row of list) currencies.add(row.currency);
  const find = <T extends { currency: string }>(list: T[], c: string) => list.find((r) => r.currency === c);
  const out: Record<string, CurrencyOverview> = {};
  for (const c of [...currencies].sort()) {
    const gross = find(input.gross, c);
    const refunds = find(input.refunds, c);
    const lost = find(input.lost, c);
    const opened = find(input.opened, c);
    const end = find(input.mrrEnd, c);
    const start = find(input.mrrStart, c);
    const recovery = find(input.recovery, c);
    const movements = Object.fromEntries(MOVEMENT_KINDS.map((kind) => {
      const row = input.movements.find((m) => m.currency === c && m.kind === kind);
      return [kind, { amount: row?.amount ?? 0, customers: row?.customers ?? 0 }];
    })) as CurrencyOverview['movements'];
    const grossAmount = gross?.amount ?? 0;
    const successfulPayments = gross?.count ?? 0;
    const refundAmount = refunds?.amount ?? 0;
    const lostAmount = lost?.amount ?? 0;
    out[c] = {
      currency: c,
      gross: grossAmount,
      successfulPayments,
      refunds: refundAmount,
      refundCount: refunds?.count ?? 0,
      disputesLost: lostAmount,
      disputesLostCount: lost?.count ?? 0,
      net: grossAmount - refundAmount - lostAmount,
      newCustomers: find(input.fresh, c)?.count ?? 0,
      outcomes: input.outcomes.filter((o) => o.currency === c).map((o) => ({ status: o.outcome, count: o.count })),
      mrr: end?.mrr ?? 0,
      mrrAtStart: start?.mrr ?? 0,
      arr: (end?.mrr ?? 0) * 12,
      subscribers: end?.subscribers ?? 0,
      subscribersAtStart: start?.subscribers ?? 0,
      movements,
      churnedCustomers: movements.churn.customers,
      customerChurnRate: ratio(movements.churn.customers, start?.subscribers ?? 0),
      failedInvoices: recovery?.failed ?? 0,
      recoveredInvoices: recovery?.recovered ?? 0,
      recoveryRate: ratio(recovery?.recovered ?? 0, recovery?.failed ?? 0),
      refundRate: ratio(refundAmount, grossAmount),
      disputesOpened: opened?.count ?? 0,
      disputeRate: ratio(opened?.count ?? 0, successfulPayments),
    };
  }
  return out;
}
