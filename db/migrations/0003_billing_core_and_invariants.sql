CREATE SEQUENCE "public"."stripe_read_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "stripe_event_lanes" (
	"lane" text PRIMARY KEY NOT NULL,
	"next_run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_token" bigint DEFAULT 0 NOT NULL,
	"leased_by" text,
	"leased_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stripe_events" DROP CONSTRAINT "stripe_events_status_check";--> statement-breakpoint
-- 'processing' is gone: an event waits (received), is retried (failed) or ends (processed, dead, ignored).
UPDATE "stripe_events" SET "status" = 'received' WHERE "status" = 'processing';--> statement-breakpoint
ALTER TABLE "enrollments" DROP CONSTRAINT "enrollments_payment_id_payments_id_fk";
--> statement-breakpoint
ALTER TABLE "checkout_sessions" ADD COLUMN "synced_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "synced_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "synced_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stripe_events" ADD COLUMN "lane" text;--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "synced_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "synced_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "synced_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_methods" ADD COLUMN "synced_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "duplicate_of_id" uuid;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "stripe_created_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "synced_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Events recorded before lanes existed wait in a lane of their own object.
UPDATE "stripe_events" SET "lane" = coalesce("object_id", "id") WHERE "status" IN ('received', 'failed');--> statement-breakpoint
INSERT INTO "stripe_event_lanes" ("lane") SELECT DISTINCT "lane" FROM "stripe_events" WHERE "status" IN ('received', 'failed') ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Older rows may name a purchase's learner only on the enrollment; the new key needs both.
UPDATE "payments" SET "user_id" = e."user_id" FROM "enrollments" e WHERE e."payment_id" = "payments"."id" AND "payments"."user_id" IS NULL;--> statement-breakpoint
UPDATE "users" SET "email" = lower("email") WHERE "email" <> lower("email");--> statement-breakpoint
UPDATE "customers" SET "email" = lower("email") WHERE "email" <> lower("email");--> statement-breakpoint
CREATE INDEX "stripe_event_lanes_due_idx" ON "stripe_event_lanes" USING btree ("next_run_at");--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_id_user_uq" UNIQUE("id","user_id");--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_payment_user_fk" FOREIGN KEY ("payment_id","user_id") REFERENCES "public"."payments"("id","user_id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checkout_sessions_user_open_idx" ON "checkout_sessions" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "stripe_events_lane_pending_idx" ON "stripe_events" USING btree ("lane","stripe_created_at","received_at") WHERE "stripe_events"."status" in ('received', 'failed');--> statement-breakpoint
CREATE INDEX "stripe_events_pending_received_idx" ON "stripe_events" USING btree ("received_at") WHERE "stripe_events"."status" in ('received', 'failed');--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_one_live_per_plan_uq" ON "subscriptions" USING btree ("user_id","plan_id") WHERE "subscriptions"."status" in ('incomplete', 'trialing', 'active', 'past_due', 'unpaid', 'paused') and "subscriptions"."duplicate_of_id" is null and "subscriptions"."plan_id" is not null;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_email_lower_check" CHECK ("users"."email" = lower("users"."email"));--> statement-breakpoint
ALTER TABLE "checkout_sessions" ADD CONSTRAINT "checkout_sessions_amount_check" CHECK ("checkout_sessions"."amount_total" >= 0);--> statement-breakpoint
ALTER TABLE "checkout_sessions" ADD CONSTRAINT "checkout_sessions_owner_check" CHECK (num_nonnulls("checkout_sessions"."course_id", "checkout_sessions"."plan_id") = 1);--> statement-breakpoint
ALTER TABLE "checkout_sessions" ADD CONSTRAINT "checkout_sessions_mode_owner_check" CHECK (("checkout_sessions"."mode" = 'subscription') = ("checkout_sessions"."plan_id" is not null));--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_email_lower_check" CHECK ("customers"."email" = lower("customers"."email"));--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_fee_check" CHECK ("payments"."fee" is null or "payments"."fee" >= 0);--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_source_refs_check" CHECK (("enrollments"."source" = 'grant' or "enrollments"."granted_by_user_id" is null) and ("enrollments"."source" = 'purchase' or "enrollments"."payment_id" is null));--> statement-breakpoint
ALTER TABLE "stripe_events" ADD CONSTRAINT "stripe_events_attempts_check" CHECK ("stripe_events"."attempts" >= 0);--> statement-breakpoint
ALTER TABLE "stripe_events" ADD CONSTRAINT "stripe_events_status_check" CHECK ("stripe_events"."status" in ('received', 'processed', 'failed', 'dead', 'ignored'));--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_amount_check" CHECK ("disputes"."amount" >= 0);--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_amounts_check" CHECK ("invoices"."amount_due" >= 0 and "invoices"."amount_paid" >= 0 and "invoices"."amount_remaining" >= 0);--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_attempt_count_check" CHECK ("invoices"."attempt_count" >= 0);--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_period_check" CHECK ("subscriptions"."current_period_end" is null or "subscriptions"."current_period_start" is null or "subscriptions"."current_period_end" >= "subscriptions"."current_period_start");--> statement-breakpoint
-- Refunds never return more than their payment, and always in its currency. Counted: every
-- refund still standing (failed and canceled ones gave nothing back). A CHECK cannot see
-- other rows, so this is a trigger; it locks the payment row so two concurrent refund
-- inserts are checked one after the other.
CREATE FUNCTION refunds_within_payment() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  paid integer;
  paid_currency text;
  standing bigint;
BEGIN
  SELECT amount, currency INTO paid, paid_currency FROM payments WHERE id = NEW.payment_id FOR UPDATE;
  IF paid_currency IS DISTINCT FROM NEW.currency THEN
    RAISE EXCEPTION 'refund % is in %, its payment in %', NEW.id, NEW.currency, paid_currency
      USING ERRCODE = 'check_violation', CONSTRAINT = 'refunds_currency_matches_payment';
  END IF;
  SELECT coalesce(sum(amount), 0) INTO standing FROM refunds
    WHERE payment_id = NEW.payment_id AND id <> NEW.id AND status IN ('pending', 'requires_action', 'succeeded')
      -- An upsert fires BEFORE INSERT with a fresh id even when it will update the existing
      -- row: the same Stripe refund is never counted twice.
      AND (NEW.stripe_refund_id IS NULL OR stripe_refund_id IS DISTINCT FROM NEW.stripe_refund_id);
  IF NEW.status IN ('pending', 'requires_action', 'succeeded') AND standing + NEW.amount > paid THEN
    RAISE EXCEPTION 'refunds of payment % would total % of %', NEW.payment_id, standing + NEW.amount, paid
      USING ERRCODE = 'check_violation', CONSTRAINT = 'refunds_within_payment';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER refunds_within_payment
  BEFORE INSERT OR UPDATE OF amount, currency, status, payment_id ON "refunds"
  FOR EACH ROW EXECUTE FUNCTION refunds_within_payment();
--> statement-breakpoint
-- A dispute is about money of its payment: same currency, at most the amount.
CREATE FUNCTION disputes_within_payment() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  paid integer;
  paid_currency text;
BEGIN
  IF NEW.payment_id IS NULL THEN RETURN NEW; END IF;
  SELECT amount, currency INTO paid, paid_currency FROM payments WHERE id = NEW.payment_id;
  IF paid_currency IS DISTINCT FROM NEW.currency OR NEW.amount > paid THEN
    RAISE EXCEPTION 'dispute % (% %) does not fit its payment (% %)', NEW.stripe_dispute_id, NEW.amount, NEW.currency, paid, paid_currency
      USING ERRCODE = 'check_violation', CONSTRAINT = 'disputes_within_payment';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER disputes_within_payment
  BEFORE INSERT OR UPDATE OF amount, currency, payment_id ON "disputes"
  FOR EACH ROW EXECUTE FUNCTION disputes_within_payment();
