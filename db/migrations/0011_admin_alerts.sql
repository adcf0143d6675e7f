CREATE TABLE "admin_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"title" text NOT NULL,
	"detail" text,
	"href" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"digested_at" timestamp with time zone,
	CONSTRAINT "admin_alerts_dedupe_key_unique" UNIQUE("dedupe_key"),
	CONSTRAINT "admin_alerts_kind_check" CHECK ("admin_alerts"."kind" in ('dispute_opened', 'refund_failed', 'payout_failed', 'webhooks_dead', 'webhooks_lagging', 'reconciliation_difference')),
	CONSTRAINT "admin_alerts_href_check" CHECK ("admin_alerts"."href" is null or "admin_alerts"."href" like '/admin%')
);
--> statement-breakpoint
ALTER TABLE "admin_alerts" ADD CONSTRAINT "admin_alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_alerts_open_idx" ON "admin_alerts" USING btree ("created_at","id") WHERE "admin_alerts"."acknowledged_at" is null;--> statement-breakpoint
CREATE INDEX "admin_alerts_created_idx" ON "admin_alerts" USING btree ("created_at","id");