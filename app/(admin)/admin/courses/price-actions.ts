'use server';

import { z } from 'zod';
import { getDb } from '@/db/client';
import { priceIntervals } from '@/db/schema/enums';
import { adminAction, formSchema } from '@/lib/actions/client';
import { currencySchema } from '@/lib/billing/currencies';
import { expireCatalogFromAdmin } from '@/lib/catalog/expire';
import { changePrice } from '@/lib/prices-admin/change-price';
import { migrateSubscribers, prorationChoices } from '@/lib/prices-admin/migrate-subscribers';

const stale = 'This page is out of date. Reload it and try again.';

export const setPriceAction = adminAction
  .inputSchema(
    formSchema({
      ownerKind: z.enum(['course', 'plan'], { error: stale }),
      ownerId: z.uuid(stale),
      attemptId: z.uuid(stale),
      currency: z.string().trim().toLowerCase().pipe(currencySchema),
      interval: z
        .enum(['', ...priceIntervals], { error: 'Choose monthly or yearly.' })
        .optional()
        .transform((value) => (value ? value : null)),
      amount: z.string().trim().min(1, 'Enter an amount.').max(32, 'Enter an amount.'),
    }),
  )
  .stateAction(async ({ parsedInput, ctx }) => {
    const { ownerKind, ownerId, ...rest } = parsedInput;
    const result = await changePrice(await getDb(), ctx.admin.id, { owner: { kind: ownerKind, id: ownerId }, ...rest });
    expireCatalogFromAdmin();
    return { priceId: result.price.id, retried: result.retried };
  });

export const migrateSubscribersAction = adminAction
  .inputSchema(
    formSchema({
      fromPriceId: z.uuid(stale),
      proration: z.enum(Object.keys(prorationChoices) as [keyof typeof prorationChoices, ...(keyof typeof prorationChoices)[]], { error: 'Choose how to prorate.' }),
    }),
  )
  .stateAction(async ({ parsedInput, ctx }) => {
    const result = await migrateSubscribers(await getDb(), ctx.admin.id, parsedInput);
    expireCatalogFromAdmin();
    return { moved: result.moved, failed: result.failed.length };
  });
