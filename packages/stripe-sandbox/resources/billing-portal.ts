import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../core/errors';
import { newId } from '../core/ids';
import { clone, save } from '../core/resource';
import type { Sandbox } from '../core/sandbox';
import * as s from '../core/schema';
import type { Wire } from '../core/wire';

export type PortalSessionObject = Wire<Stripe.BillingPortal.Session>;
/** The sandbox has one portal configuration: cancel at period end, resume, switch prices of the same product, update card, invoices. */
export const DEFAULT_PORTAL_CONFIGURATION = 'bpc_sandbox_default';

export function registerBillingPortal(sandbox: Sandbox): void {
  sandbox.router.post('/v1/billing_portal/sessions', ({ input }) => {
    const p = s.decodeShape(
      {
        customer: s.required(s.string()),
        return_url: s.string({ max: 5000 }),
        configuration: s.string(),
        locale: s.oneOf(['auto', 'en'] as const),
      },
      input,
    );
    if (!sandbox.store.get('customer', p.customer)) throw resourceMissing('customer', p.customer, 'customer');
    if (p.configuration && p.configuration !== DEFAULT_PORTAL_CONFIGURATION) {
      throw invalidRequest(`No such configuration: '${p.configuration}' (the sandbox has only ${DEFAULT_PORTAL_CONFIGURATION})`, {
        code: 'resource_missing',
        param: 'configuration',
      });
    }
    const id = newId('bps');
    const session = {
      id,
      object: 'billing_portal.session',
      configuration: DEFAULT_PORTAL_CONFIGURATION,
      created: sandbox.clock.now(),
      customer: p.customer,
      customer_account: null,
      flow: null,
      livemode: false,
      locale: p.locale ?? null,
      on_behalf_of: null,
      return_url: p.return_url ?? null,
      url: `${sandbox.config.publicUrl}/p/session/${id}`,
    } satisfies PortalSessionObject;
    save(sandbox, session);
    sandbox.events.emit('billing_portal.session.created', session);
    return clone(session);
  });
}
