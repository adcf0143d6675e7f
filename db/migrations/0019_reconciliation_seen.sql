-- The Stripe ids a running reconciliation run saw in Stripe's ledger (db/schema/reconciliation.ts).
-- UNLOGGED (drizzle-kit cannot say it): scratch rows that live only while their run does; no WAL
-- for a million inserts, and emptied after a crash, when the run they served has failed anyway.
CREATE UNLOGGED TABLE "reconciliation_seen" (
	"run_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"stripe_id" text NOT NULL,
	CONSTRAINT "reconciliation_seen_run_id_kind_stripe_id_pk" PRIMARY KEY("run_id","kind","stripe_id")
);
