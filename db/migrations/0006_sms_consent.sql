CREATE TABLE "sms_consent_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phone" text NOT NULL,
	"user_id" text,
	"action" text NOT NULL,
	"source" text NOT NULL,
	"provider_message_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sms_consent_events_provider_message_id_unique" UNIQUE("provider_message_id"),
	CONSTRAINT "sms_consent_events_action_check" CHECK ("sms_consent_events"."action" in ('opt_in', 'opt_out')),
	CONSTRAINT "sms_consent_events_source_check" CHECK ("sms_consent_events"."source" in ('account_settings', 'sms_keyword', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "sms_opt_outs" (
	"phone" text PRIMARY KEY NOT NULL,
	"opted_out_at" timestamp with time zone DEFAULT now() NOT NULL,
	"keyword" text NOT NULL,
	CONSTRAINT "sms_opt_outs_phone_check" CHECK ("sms_opt_outs"."phone" ~ '^\+[1-9][0-9]{6,14}$')
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "sms_opt_in_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "sms_opt_in_source" text;--> statement-breakpoint
ALTER TABLE "sms_consent_events" ADD CONSTRAINT "sms_consent_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sms_consent_events_phone_idx" ON "sms_consent_events" USING btree ("phone","at");