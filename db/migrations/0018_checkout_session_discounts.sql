ALTER TABLE "checkout_sessions" ADD COLUMN "amount_discount" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout_sessions" ADD COLUMN "stripe_coupon_id" text;--> statement-breakpoint
ALTER TABLE "checkout_sessions" ADD COLUMN "stripe_promotion_code_id" text;--> statement-breakpoint
ALTER TABLE "checkout_sessions" ADD COLUMN "discount_code" text;--> statement-breakpoint
CREATE INDEX "checkout_sessions_promotion_code_idx" ON "checkout_sessions" USING btree ("stripe_promotion_code_id") WHERE "checkout_sessions"."stripe_promotion_code_id" is not null;--> statement-breakpoint
ALTER TABLE "checkout_sessions" ADD CONSTRAINT "checkout_sessions_discount_check" CHECK ("checkout_sessions"."amount_discount" >= 0);--> statement-breakpoint
-- One-time purchases kept their discount on the payment only: copy it to their sessions, so
-- redemptions are counted from sessions alone (subscription Checkouts had none recorded).
UPDATE "checkout_sessions" AS cs
SET "amount_discount" = p."amount_discount",
    "stripe_coupon_id" = p."stripe_coupon_id",
    "stripe_promotion_code_id" = p."stripe_promotion_code_id",
    "discount_code" = p."discount_code"
FROM "payments" AS p
WHERE p."checkout_session_id" = cs."id"
  AND (p."amount_discount" > 0 OR p."stripe_coupon_id" IS NOT NULL OR p."stripe_promotion_code_id" IS NOT NULL);
