import { inRange, paginate } from '../core/list';
import { findOrThrow } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import type { TaxRateObject } from '../billing/tax';

/**
 * The TaxRates automatic tax uses (`txr_sbx_<country>_<excl|incl>`, made on first use from the
 * table in `billing/tax.ts`), readable as Stripe's are. Creating manual tax rates is not implemented.
 */
export function registerTaxRates(sandbox: Sandbox): void {
  sandbox.router.get('/v1/tax_rates/:id', ({ params, input }) => {
    s.decodeShape({}, input);
    return findOrThrow<TaxRateObject>(sandbox, 'tax_rate', params.id ?? '');
  });
  sandbox.router.get('/v1/tax_rates', ({ input }) => {
    const p = s.decodeShape({ ...s.listParams, active: s.boolean(), inclusive: s.boolean(), created: s.range() }, input);
    const items = sandbox.store
      .all<TaxRateObject>('tax_rate')
      .filter((r) => p.active == null || r.active === p.active)
      .filter((r) => p.inclusive == null || r.inclusive === p.inclusive)
      .filter((r) => inRange(r.created, p.created));
    return paginate(items, p, '/v1/tax_rates', 'tax_rate');
  });
}
