CREATE TABLE "coupons" (
	"id" uuid PRIMARY KEY NOT NULL,
	"stripe_coupon_id" text NOT NULL,
	"name" text NOT NULL,
	"percent_off" integer,
	"amount_off" integer,
	"currency" text,
	"duration" text NOT NULL,
	"duration_in_months" integer,
	"max_redemptions" integer,
	"redeem_by" timestamp with time zone,
	"course_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"plan_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"stripe_product_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coupons_stripe_coupon_id_unique" UNIQUE("stripe_coupon_id"),
	CONSTRAINT "coupons_duration_check" CHECK ("coupons"."duration" in ('once', 'repeating', 'forever')),
	CONSTRAINT "coupons_one_discount_check" CHECK (("coupons"."percent_off" is null) <> ("coupons"."amount_off" is null)),
	CONSTRAINT "coupons_percent_check" CHECK ("coupons"."percent_off" is null or "coupons"."percent_off" between 1 and 100),
	CONSTRAINT "coupons_amount_check" CHECK ("coupons"."amount_off" is null or ("coupons"."amount_off" > 0 and "coupons"."currency" is not null)),
	CONSTRAINT "coupons_currency_check" CHECK ("coupons"."currency" is null or "coupons"."currency" ~ '^[a-z]{3}$'),
	CONSTRAINT "coupons_months_check" CHECK (("coupons"."duration" = 'repeating') = ("coupons"."duration_in_months" is not null)),
	CONSTRAINT "coupons_max_check" CHECK ("coupons"."max_redemptions" is null or "coupons"."max_redemptions" > 0)
);
--> statement-breakpoint
CREATE TABLE "promotion_codes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"coupon_id" uuid NOT NULL,
	"stripe_promotion_code_id" text NOT NULL,
	"code" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"max_redemptions" integer,
	"expires_at" timestamp with time zone,
	"first_time_only" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deactivated_at" timestamp with time zone,
	"deactivated_by" text,
	CONSTRAINT "promotion_codes_stripe_promotion_code_id_unique" UNIQUE("stripe_promotion_code_id"),
	CONSTRAINT "promotion_codes_code_check" CHECK ("promotion_codes"."code" ~ '^[A-Za-z0-9_-]{3,40}$'),
	CONSTRAINT "promotion_codes_max_check" CHECK ("promotion_codes"."max_redemptions" is null or "promotion_codes"."max_redemptions" > 0),
	CONSTRAINT "promotion_codes_deactivated_check" CHECK ("promotion_codes"."active" = ("promotion_codes"."deactivated_at" is null))
);
--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "amount_discount" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "stripe_coupon_id" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "stripe_promotion_code_id" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "discount_code" text;--> statement-breakpoint
ALTER TABLE "promotion_codes" ADD CONSTRAINT "promotion_codes_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "public"."coupons"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coupons_created_idx" ON "coupons" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "promotion_codes_active_code_uq" ON "promotion_codes" USING btree (lower("code")) WHERE "promotion_codes"."active";--> statement-breakpoint
CREATE INDEX "promotion_codes_coupon_idx" ON "promotion_codes" USING btree ("coupon_id");--> statement-breakpoint
CREATE INDEX "payments_promotion_code_idx" ON "payments" USING btree ("stripe_promotion_code_id") WHERE "payments"."stripe_promotion_code_id" is not null;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_discount_check" CHECK ("payments"."amount_discount" >= 0);