CREATE TABLE "credit_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stripe_credit_note_id" text NOT NULL,
	"stripe_invoice_id" text NOT NULL,
	"user_id" text,
	"number" text,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"amount" integer NOT NULL,
	"refund_amount" integer DEFAULT 0 NOT NULL,
	"credit_amount" integer DEFAULT 0 NOT NULL,
	"out_of_band_amount" integer DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"stripe_refund_id" text,
	"reason" text,
	"memo" text,
	"pdf_url" text,
	"issued_at" timestamp with time zone NOT NULL,
	"voided_at" timestamp with time zone,
	"requested_by_user_id" text,
	"idempotency_key" text,
	"last_event_at" timestamp with time zone,
	"synced_version" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_notes_stripe_credit_note_id_unique" UNIQUE("stripe_credit_note_id"),
	CONSTRAINT "credit_notes_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "credit_notes_status_check" CHECK ("credit_notes"."status" in ('issued', 'void')),
	CONSTRAINT "credit_notes_type_check" CHECK ("credit_notes"."type" in ('pre_payment', 'post_payment')),
	CONSTRAINT "credit_notes_currency_check" CHECK ("credit_notes"."currency" ~ '^[a-z]{3}$'),
	CONSTRAINT "credit_notes_amount_check" CHECK ("credit_notes"."amount" > 0),
	CONSTRAINT "credit_notes_split_check" CHECK ("credit_notes"."refund_amount" >= 0 and "credit_notes"."credit_amount" >= 0 and "credit_notes"."out_of_band_amount" >= 0 and "credit_notes"."refund_amount" + "credit_notes"."credit_amount" + "credit_notes"."out_of_band_amount" <= "credit_notes"."amount")
);
--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_notes_invoice_idx" ON "credit_notes" USING btree ("stripe_invoice_id","issued_at");