// `npm run docs:webhooks`: regenerates the reference half of docs/webhooks.md from the code
// and the offline sandbox (scripts/webhook-docs.ts). The docs test fails until it is rerun.
import { readFileSync, writeFileSync } from 'node:fs';
import { DOC_PATH, renderWebhookReference, withReference } from './webhook-docs';

const page = readFileSync(DOC_PATH, 'utf8');
const next = withReference(page, await renderWebhookReference());
if (next === page) console.log(`docs:webhooks: ${DOC_PATH} is up to date`);
else {
  writeFileSync(DOC_PATH, next);
  console.log(`docs:webhooks: wrote ${DOC_PATH}`);
}
process.exit(0);
