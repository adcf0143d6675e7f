/**
 * The overview's metric definitions: the tooltip text, and the source of docs/metrics.md's
 * table (a unit test keeps the two in step). Whose definition each follows is said in it.
 */
export const METRIC_DEFINITIONS = {
  grossRevenue: "Payments captured in the range (counted when they succeeded), before refunds, disputes and Stripe's fees. Stripe's \"gross volume\".",
  refunds: 'Refunds issued in the range that did not fail or get canceled, whenever the payment was made. Counted when issued, as in Stripe\'s dashboard.',
  disputesLost: "Disputed amounts of disputes closed as lost in the range (Stripe's dispute fee not included).",
  netRevenue: "Gross revenue − refunds − disputes lost. Stripe's \"net volume from sales\" (before Stripe's fees).",
  newCustomers: "Learners whose first successful payment ever falls in the range, counted in that payment's currency (ChartMogul's new customers, with one-time purchases counted too).",
  paymentsByOutcome: 'Payments started in the range, by their status now (a payment refunded later counts as refunded).',
  mrr: "Monthly recurring revenue at the end of the range: every active or past-due subscription's price per month (a yearly price ÷ 12), less its recurring discounts (forever coupons, and repeating ones until they end; a once coupon does not count); trials count zero. ChartMogul's definition.",
  arr: "Annual run rate: MRR × 12 (ChartMogul's ARR).",
  activeSubscribers: "Customers with MRR above zero at the end of the range: customers, not subscriptions (ChartMogul's subscribers).",
  mrrNew: 'MRR from customers who had never paid a subscription before (ChartMogul: new business).',
  mrrExpansion: "Increases in an existing customer's MRR: an upgrade or a move to a larger price (ChartMogul: expansion).",
  mrrContraction: "Decreases in a paying customer's MRR that leave it above zero: a downgrade (ChartMogul: contraction).",
  mrrChurn: 'MRR lost when a customer\'s MRR went to zero: the subscription ended or stopped paying (ChartMogul: churn).',
  mrrReactivation: 'MRR from customers who had churned and subscribed again (ChartMogul: reactivation).',
  customerChurnRate: "Customers who churned in the range ÷ subscribers at the start of the range (ChartMogul's customer churn rate; for a range other than a month it is that range's rate, not a monthly one).",
  recoveryRate: "Of subscription invoices created in the range whose payment failed at least once, the share later paid (Stripe's recovered payments).",
  refundRate: 'Refunds ÷ gross revenue in the range, by amount.',
  disputeRate: "Disputes opened in the range ÷ successful payments in the range, by count: the ratio card networks and Stripe watch (Visa's monitoring programme starts at 0.9 %).",
} as const;

export type MetricKey = keyof typeof METRIC_DEFINITIONS;
