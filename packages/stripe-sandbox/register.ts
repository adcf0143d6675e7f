import type { Sandbox } from './core/sandbox';
import { registerBalanceTransactions } from './resources/balance-transactions';
import { registerCharges } from './resources/charges';
import { registerCheckoutSessions } from './resources/checkout-sessions';
import { registerCheckoutPages } from './pages/checkout';
import { registerSubscriptionCheckout } from './checkout/subscription';
import { registerThreeDsPages } from './pages/three-ds';
import { registerInvoicePages } from './pages/invoice';
import { registerPortalPages } from './pages/portal';
import { registerBillingPortal } from './resources/billing-portal';
import { registerControl } from './control/routes';
import { registerDashboard } from './control/dashboard';
import { registerCoupons } from './resources/coupons';
import { registerCustomers } from './resources/customers';
import { registerDisputes } from './resources/disputes';
import { registerEvents } from './resources/events';
import { registerInvoices } from './resources/invoices';
import { registerInvoicePreview } from './resources/invoice-preview';
import { registerSubscriptions } from './resources/subscriptions';
import { registerTestClocks } from './resources/test-clocks';
import { registerPaymentIntents } from './resources/payment-intents';
import { registerMandates } from './payments/mandates';
import { registerPaymentMethods } from './resources/payment-methods';
import { registerPrices } from './resources/prices';
import { registerProducts } from './resources/products';
import { registerPayouts } from './resources/payouts';
import { registerRefunds } from './resources/refunds';
import { registerSetupIntents } from './resources/setup-intents';
import { registerSearch } from './resources/search';
import { registerWebhookEndpoints } from './resources/webhook-endpoints';
import { registerTaxRates } from './resources/tax-rates';
import { registerInvoiceItems } from './resources/invoiceitems';
import { registerCreditNotes } from './resources/credit-notes';
import { registerSubscriptionSchedules } from './resources/subscription-schedules';

/**
 * Every resource module, in one place. A new resource (subscriptions, invoices, test
 * clocks, …) is a file under `resources/` exporting `registerX(sandbox)`, added here.
 */
export function registerAll(sandbox: Sandbox): void {
  registerProducts(sandbox);
  registerPrices(sandbox);
  registerCustomers(sandbox);
  registerCoupons(sandbox);
  registerPaymentMethods(sandbox);
  registerPaymentIntents(sandbox);
  registerSetupIntents(sandbox);
  registerMandates(sandbox);
  registerCharges(sandbox);
  registerRefunds(sandbox);
  registerDisputes(sandbox);
  registerBalanceTransactions(sandbox);
  registerPayouts(sandbox);
  registerEvents(sandbox);
  registerWebhookEndpoints(sandbox);
  registerSearch(sandbox);
  registerCheckoutSessions(sandbox);
  registerTestClocks(sandbox);
  registerSubscriptions(sandbox);
  registerInvoices(sandbox);
  registerInvoicePreview(sandbox);
  registerTaxRates(sandbox);
  registerInvoiceItems(sandbox);
  registerCreditNotes(sandbox);
  registerSubscriptionSchedules(sandbox);
  registerSubscriptionCheckout(sandbox);
  registerBillingPortal(sandbox);
  registerPortalPages(sandbox);
  registerCheckoutPages(sandbox);
  registerThreeDsPages(sandbox);
  registerInvoicePages(sandbox);
  registerControl(sandbox);
  registerDashboard(sandbox);
}
