import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC_PATH, renderWebhookReference, withReference } from '@/scripts/webhook-docs';
import { stripeEventHandlers } from './dispatch';

describe('docs/webhooks.md', () => {
  it('documents every handled event type as the code and the sandbox have it today (else: npm run docs:webhooks)', { timeout: 180_000 }, async () => {
    const page = readFileSync(DOC_PATH, 'utf8');
    const reference = await renderWebhookReference();
    for (const type of Object.keys(stripeEventHandlers)) expect(reference).toContain(`### \`${type}\``);
    // A stale page fails here: regenerate it with `npm run docs:webhooks` and commit the result.
    expect(page, 'docs/webhooks.md is stale: run `npm run docs:webhooks`').toBe(withReference(page, reference));
  });
});
