CREATE TABLE "store_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"seller_name" text NOT NULL,
	"address" text NOT NULL,
	"tax_id" text,
	"support_email" text NOT NULL,
	"refund_policy" text NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_settings_singleton_check" CHECK ("store_settings"."id" = 1),
	CONSTRAINT "store_settings_support_email_check" CHECK ("store_settings"."support_email" ~ '^[^@\s]+@[^@\s]+$')
);
--> statement-breakpoint
ALTER TABLE "courses" DROP CONSTRAINT "courses_status_check";--> statement-breakpoint
ALTER TABLE "courses" ADD CONSTRAINT "courses_status_check" CHECK ("courses"."status" in ('draft', 'published', 'unlisted', 'archived'));