CREATE TABLE "customer_first_payments" (
	"user_id" text PRIMARY KEY NOT NULL,
	"payment_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"first_paid_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_first_payments" ADD CONSTRAINT "customer_first_payments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_first_payments_paid_idx" ON "customer_first_payments" USING btree ("first_paid_at","currency");--> statement-breakpoint
CREATE INDEX "payments_succeeded_idx" ON "payments" USING btree ("succeeded_at","currency","amount","status") WHERE "payments"."succeeded_at" is not null;--> statement-breakpoint
CREATE INDEX "payments_user_succeeded_idx" ON "payments" USING btree ("user_id","succeeded_at") WHERE "payments"."succeeded_at" is not null;--> statement-breakpoint
CREATE INDEX "payments_created_outcome_idx" ON "payments" USING btree ("created_at","currency","status","amount");--> statement-breakpoint
CREATE INDEX "invoices_dunning_idx" ON "invoices" USING btree ("next_payment_attempt") WHERE "invoices"."status" = 'open' and "invoices"."attempt_count" >= 1;