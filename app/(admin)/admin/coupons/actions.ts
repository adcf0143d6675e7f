'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { findActivePromotionCodeBySpelling } from '@/db/queries/coupons';
import { couponDurations } from '@/db/schema/enums';
import { ActionRefusal, adminAction, formInput, formSchema, hiddenFieldsOnly } from '@/lib/actions/client';
import { currencySchema } from '@/lib/billing/currencies';
import { type CouponTarget, createCoupon, createPromotionCode, deactivatePromotionCode, PROMOTION_CODE_PATTERN } from '@/lib/coupons/admin';
import { endOfDayUtc } from '@/lib/coupons/format';

const stale = 'This page is out of date. Reload it and try again.';
const id = z.uuid(stale);

/** An optional whole number field: empty is "no limit". */
const optionalCount = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .pipe(z.number({ error: message }).int(message).min(1, message).max(1_000_000, message).nullable());

/** An optional day (YYYY-MM-DD), read as the end of that day UTC. */
const optionalDay = z
  .string()
  .trim()
  .optional()
  .refine((v) => !v || /^\d{4}-\d{2}-\d{2}$/.test(v), 'Enter a date like 2027-01-31.')
  .transform((v) => (v ? endOfDayUtc(v) : null))
  .refine((d) => d === null || !Number.isNaN(d.getTime()), 'Enter a real date.');

const codeField = z
  .string()
  .trim()
  .optional()
  .transform((v) => v ?? '')
  .refine((v) => v === '' || PROMOTION_CODE_PATTERN.test(v), 'Use 3 to 40 letters, digits, dashes or underscores.');

/** Checkboxes named `target:course:<id>` / `target:plan:<id>` become one list. */
function collectTargets(fields: unknown): unknown {
  if (typeof fields !== 'object' || fields === null) return fields;
  const targets = Object.keys(fields)
    .filter((k) => k.startsWith('target:'))
    .map((k) => k.slice('target:'.length));
  return { ...fields, targets };
}

const targetSchema = z
  .array(z.string().regex(/^(course|plan):[0-9a-f-]{36}$/, stale))
  .max(200, stale)
  .transform((list): CouponTarget[] => list.map((t) => ({ kind: t.startsWith('course:') ? 'course' : 'plan', id: t.split(':')[1] as string })));

const newCouponSchema = z.preprocess(
  collectTargets,
  z
    .object({
      attemptId: id,
      codeAttemptId: id,
      name: z.string().trim().min(1, 'Give the coupon a name.').max(40, 'Keep the name to 40 characters (Stripe’s limit).'),
      kind: z.enum(['percent', 'amount'], { error: 'Choose percent or amount off.' }),
      percent: z.string().trim().optional(),
      amount: z.string().trim().max(32).optional(),
      currency: z.string().trim().toLowerCase().optional(),
      duration: z.enum(couponDurations, { error: 'Choose how long the discount lasts.' }),
      durationInMonths: optionalCount('Enter a number of months from 1.'),
      maxRedemptions: optionalCount('Enter a whole number from 1, or leave it empty.'),
      redeemBy: optionalDay,
      targets: targetSchema,
      code: codeField,
    })
    .superRefine((v, ctx) => {
      if (v.kind === 'percent' && !/^\d{1,3}$/.test(v.percent ?? '')) ctx.addIssue({ code: 'custom', path: ['percent'], message: 'Enter a whole percent from 1 to 100.' });
      if (v.kind === 'amount' && !v.amount) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Enter the amount off.' });
      if (v.kind === 'amount' && !currencySchema.safeParse(v.currency ?? '').success) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'Choose the currency of the amount.' });
      if (v.duration === 'repeating' && v.durationInMonths === null) ctx.addIssue({ code: 'custom', path: ['durationInMonths'], message: 'Enter for how many months.' });
    }),
);

export const createCouponAction = adminAction.inputSchema(formInput(newCouponSchema)).stateAction(async ({ parsedInput: v, ctx }) => {
  const db = await getDb();
  // A code that cannot be created is refused before anything reaches Stripe.
  if (v.code && (await findActivePromotionCodeBySpelling(db, v.code))) throw new ActionRefusal(`The code ${v.code.toUpperCase()} is already in use. Choose another.`);
  const { coupon } = await createCoupon(db, ctx.admin.id, {
    attemptId: v.attemptId,
    name: v.name,
    discount: v.kind === 'percent' ? { kind: 'percent', percent: Number(v.percent) } : { kind: 'amount', amount: v.amount ?? '', currency: v.currency ?? '' },
    duration: v.duration,
    durationInMonths: v.duration === 'repeating' ? v.durationInMonths : null,
    maxRedemptions: v.maxRedemptions,
    redeemBy: v.redeemBy,
    targets: v.targets,
  });
  if (v.code) {
    await createPromotionCode(db, ctx.admin.id, { attemptId: v.codeAttemptId, couponId: coupon.id, code: v.code, maxRedemptions: null, expiresAt: null, firstTimeOnly: false });
  }
  redirect(`/admin/coupons/${coupon.id}?created=1`);
});

export const createPromotionCodeAction = adminAction
  .inputSchema(
    formSchema({
      attemptId: id,
      couponId: id,
      code: codeField.refine((v) => v !== '', 'Enter the code learners will type.'),
      maxRedemptions: optionalCount('Enter a whole number from 1, or leave it empty.'),
      expiresAt: optionalDay,
      firstTimeOnly: z
        .string()
        .optional()
        .transform((v) => v === 'on'),
    }),
  )
  .stateAction(async ({ parsedInput, ctx }) => {
    const { code } = await createPromotionCode(await getDb(), ctx.admin.id, parsedInput);
    redirect(`/admin/coupons/${parsedInput.couponId}?code=${encodeURIComponent(code.code)}`);
  });

export const deactivatePromotionCodeAction = adminAction
  .inputSchema(formSchema({ promotionCodeId: id }), hiddenFieldsOnly)
  .stateAction(async ({ parsedInput, ctx }) => {
    const { changed } = await deactivatePromotionCode(await getDb(), ctx.admin.id, parsedInput.promotionCodeId);
    return { changed };
  });
