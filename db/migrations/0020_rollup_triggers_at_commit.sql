-- The overview's rollup triggers (0015_revenue_rollups) fire at commit instead of at each
-- write. Every purchase of a day and currency updates the same revenue_daily and
-- payment_outcomes_daily rows; fired at the write, a webhook batch held those row locks from
-- its payment write to its commit, across every statement in between, so concurrent batches
-- ran one at a time (measured with bench:webhooks: 8 of 10 worker connections waiting on
-- that lock). Deferred, the same functions run with the same OLD/NEW rows per write (each
-- update's old contribution out, new in: any order still converges) in the commit, and the
-- hot rows are held only for the commit itself. A reader inside the writing transaction sees
-- the rollups as of its start; `SET CONSTRAINTS ALL IMMEDIATE` fires them early.
DROP TRIGGER "payments_rollups" ON "payments";
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "payments_rollups"
  AFTER INSERT OR DELETE OR UPDATE OF status, amount, currency, created_at, succeeded_at ON "payments"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION payments_rollups();
--> statement-breakpoint
DROP TRIGGER "refunds_rollups" ON "refunds";
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "refunds_rollups"
  AFTER INSERT OR DELETE OR UPDATE OF status, amount, currency, created_at ON "refunds"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION refunds_rollups();
--> statement-breakpoint
DROP TRIGGER "disputes_rollups" ON "disputes";
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "disputes_rollups"
  AFTER INSERT OR DELETE OR UPDATE OF status, amount, currency, created_at, closed_at ON "disputes"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION disputes_rollups();
--> statement-breakpoint
DROP TRIGGER "mrr_movements_rollup" ON "mrr_movements";
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "mrr_movements_rollup"
  AFTER INSERT OR DELETE OR UPDATE OF delta, kind, currency, effective_at ON "mrr_movements"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION mrr_movements_rollup();
