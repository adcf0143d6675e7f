ALTER TABLE "customers" ADD COLUMN "balance" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "balance_currency" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "starting_balance" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "ending_balance" integer;