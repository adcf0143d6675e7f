CREATE TABLE "mrr_movements" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mrr_movements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"subscription_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"currency" text NOT NULL,
	"mrr_before" integer NOT NULL,
	"mrr_after" integer NOT NULL,
	"delta" integer NOT NULL,
	"kind" text NOT NULL,
	"effective_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mrr_movements_kind_check" CHECK ("mrr_movements"."kind" in ('new', 'expansion', 'contraction', 'churn', 'reactivation')),
	CONSTRAINT "mrr_movements_currency_check" CHECK ("mrr_movements"."currency" ~ '^[a-z]{3}$'),
	CONSTRAINT "mrr_movements_amounts_check" CHECK ("mrr_movements"."mrr_before" >= 0 and "mrr_movements"."mrr_after" >= 0 and "mrr_movements"."delta" = "mrr_movements"."mrr_after" - "mrr_movements"."mrr_before" and "mrr_movements"."delta" <> 0)
);
--> statement-breakpoint
ALTER TABLE "mrr_movements" ADD CONSTRAINT "mrr_movements_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mrr_movements" ADD CONSTRAINT "mrr_movements_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mrr_movements_currency_effective_idx" ON "mrr_movements" USING btree ("currency","effective_at");--> statement-breakpoint
CREATE INDEX "mrr_movements_subscription_idx" ON "mrr_movements" USING btree ("subscription_id","id");--> statement-breakpoint
CREATE INDEX "mrr_movements_user_currency_idx" ON "mrr_movements" USING btree ("user_id","currency");