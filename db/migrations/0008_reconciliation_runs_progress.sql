ALTER TABLE "reconciliation_runs" DROP CONSTRAINT "reconciliation_runs_status_check";--> statement-breakpoint
ALTER TABLE "reconciliation_items" ADD COLUMN "target" jsonb;--> statement-breakpoint
ALTER TABLE "reconciliation_items" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "reconciliation_runs" ADD COLUMN "slot" text;--> statement-breakpoint
ALTER TABLE "reconciliation_runs" ADD COLUMN "progress" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "reconciliation_runs" ADD COLUMN "summary" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "reconciliation_runs" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "checkout_sessions_open_expiry_idx" ON "checkout_sessions" USING btree ("expires_at") WHERE "checkout_sessions"."status" = 'open';--> statement-breakpoint
CREATE INDEX "reconciliation_items_run_idx" ON "reconciliation_items" USING btree ("run_id","created_at","id");--> statement-breakpoint
CREATE INDEX "reconciliation_runs_status_idx" ON "reconciliation_runs" USING btree ("status","started_at");--> statement-breakpoint
ALTER TABLE "reconciliation_runs" ADD CONSTRAINT "reconciliation_runs_slot_unique" UNIQUE("slot");--> statement-breakpoint
ALTER TABLE "reconciliation_runs" ADD CONSTRAINT "reconciliation_runs_status_check" CHECK ("reconciliation_runs"."status" in ('queued', 'running', 'succeeded', 'failed'));