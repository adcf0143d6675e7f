'use client';

import { useState } from 'react';
import { ActionForm, Field, inputClass } from '@/components/forms/action-form';
import { createCouponAction, createPromotionCodeAction, deactivatePromotionCodeAction } from './actions';

type Targets = { courses: Array<{ id: string; title: string; status: string }>; plans: Array<{ id: string; name: string }> };

/** A new coupon in Stripe, optionally with its first promotion code. */
export function NewCouponForm({ attemptId, codeAttemptId, targets, currencies }: { attemptId: string; codeAttemptId: string; targets: Targets; currencies: string[] }) {
  const [kind, setKind] = useState<'percent' | 'amount'>('percent');
  const [duration, setDuration] = useState('once');
  return (
    <ActionForm action={createCouponAction} hidden={{ attemptId, codeAttemptId }} submitLabel="Create coupon" pendingLabel="Creating in Stripe…" className="space-y-5">
      <Field name="name" label="Name" hint="Shown to learners at Checkout and on Stripe's receipts (up to 40 characters).">
        {(control) => <input {...control} maxLength={40} autoComplete="off" className={`${inputClass} w-full max-w-md`} />}
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Discount</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name="kind" value="percent" checked={kind === 'percent'} onChange={() => setKind('percent')} /> A percentage
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="kind" value="amount" checked={kind === 'amount'} onChange={() => setKind('amount')} /> A fixed amount
          </label>
        </div>
        {kind === 'percent' ? (
          <Field name="percent" label="Percent off" hint="A whole number from 1 to 100.">
            {(control) => <input {...control} inputMode="numeric" autoComplete="off" className={`${inputClass} w-28`} />}
          </Field>
        ) : (
          <div className="flex flex-wrap items-start gap-3">
            <Field name="amount" label="Amount off" hint="In major units, like 5.00 (JPY: whole yen).">
              {(control) => <input {...control} inputMode="decimal" autoComplete="off" className={`${inputClass} w-32`} />}
            </Field>
            <Field name="currency" label="Currency" hint="Applies only to purchases in it.">
              {(control) => (
                <select {...control} defaultValue="usd" className={`${inputClass} w-28`}>
                  {currencies.map((c) => (
                    <option key={c} value={c}>{c.toUpperCase()}</option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        )}
      </fieldset>
      <div className="flex flex-wrap items-start gap-3">
        <Field name="duration" label="Duration" hint="For All-Access: which invoices get it. A course purchase is always once.">
          {(control) => (
            <select {...control} value={duration} onChange={(e) => setDuration(e.target.value)} className={`${inputClass} w-44`}>
              <option value="once">Once</option>
              <option value="repeating">Several months</option>
              <option value="forever">Forever</option>
            </select>
          )}
        </Field>
        {duration === 'repeating' ? (
          <Field name="durationInMonths" label="Months">
            {(control) => <input {...control} inputMode="numeric" autoComplete="off" className={`${inputClass} w-24`} />}
          </Field>
        ) : null}
      </div>
      <div className="flex flex-wrap items-start gap-3">
        <Field name="maxRedemptions" label="Redemption limit" hint="Across all its codes. Empty: no limit.">
          {(control) => <input {...control} inputMode="numeric" autoComplete="off" className={`${inputClass} w-32`} />}
        </Field>
        <Field name="redeemBy" label="Last day to redeem" hint="Optional; ends at midnight UTC.">
          {(control) => <input {...control} type="date" className={`${inputClass} w-44`} />}
        </Field>
      </div>
      <fieldset className="space-y-1 text-sm">
        <legend className="font-medium">Applies to</legend>
        <p className="text-xs text-slate-600">Tick nothing for everything sold. Otherwise only the ticked courses or plan are discounted.</p>
        <div className="grid max-h-64 gap-1 overflow-y-auto rounded-lg border border-slate-200 p-2 sm:grid-cols-2">
          {targets.plans.map((p) => (
            <label key={p.id} className="flex items-center gap-2">
              <input type="checkbox" name={`target:plan:${p.id}`} /> {p.name} (plan)
            </label>
          ))}
          {targets.courses.map((c) => (
            <label key={c.id} className="flex items-center gap-2">
              <input type="checkbox" name={`target:course:${c.id}`} /> {c.title}
              {c.status === 'draft' ? <span className="text-xs text-slate-500">(draft)</span> : null}
            </label>
          ))}
        </div>
      </fieldset>
      <Field name="code" label="Promotion code (optional)" hint="What learners type at Checkout, like LAUNCH20. You can add more codes later.">
        {(control) => <input {...control} autoComplete="off" autoCapitalize="characters" className={`${inputClass} w-56 font-mono uppercase`} />}
      </Field>
    </ActionForm>
  );
}

export function NewPromotionCodeForm({ couponId, attemptId }: { couponId: string; attemptId: string }) {
  return (
    <ActionForm action={createPromotionCodeAction} hidden={{ couponId, attemptId }} submitLabel="Add code" pendingLabel="Creating in Stripe…" className="space-y-3">
      <div className="flex flex-wrap items-start gap-3">
        <Field name="code" label="Code" hint="3–40 letters, digits, - or _.">
          {(control) => <input {...control} autoComplete="off" autoCapitalize="characters" className={`${inputClass} w-48 font-mono uppercase`} />}
        </Field>
        <Field name="maxRedemptions" label="Limit" hint="Empty: no limit.">
          {(control) => <input {...control} inputMode="numeric" autoComplete="off" className={`${inputClass} w-24`} />}
        </Field>
        <Field name="expiresAt" label="Expires" hint="Optional.">
          {(control) => <input {...control} type="date" className={`${inputClass} w-44`} />}
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="firstTimeOnly" /> Only for a learner&rsquo;s first purchase
      </label>
    </ActionForm>
  );
}

export function DeactivateCodeForm({ promotionCodeId, code }: { promotionCodeId: string; code: string }) {
  return (
    <ActionForm
      action={deactivatePromotionCodeAction}
      hidden={{ promotionCodeId }}
      submitLabel="Deactivate"
      submitAriaLabel={`Deactivate ${code}`}
      pendingLabel="Deactivating…"
      variant="danger"
      successMessage="Deactivated."
      submitClassName="px-2 py-1 text-xs"
    />
  );
}
