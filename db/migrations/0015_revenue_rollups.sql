CREATE TABLE "mrr_daily" (
	"day" date NOT NULL,
	"currency" text NOT NULL,
	"delta" bigint DEFAULT 0 NOT NULL,
	"subscribers" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "mrr_daily_day_currency_pk" PRIMARY KEY("day","currency")
);
--> statement-breakpoint
CREATE TABLE "payment_outcomes_daily" (
	"day" date NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "payment_outcomes_daily_day_currency_status_pk" PRIMARY KEY("day","currency","status")
);
--> statement-breakpoint
CREATE TABLE "revenue_daily" (
	"day" date NOT NULL,
	"currency" text NOT NULL,
	"gross_amount" bigint DEFAULT 0 NOT NULL,
	"gross_count" integer DEFAULT 0 NOT NULL,
	"refund_amount" bigint DEFAULT 0 NOT NULL,
	"refund_count" integer DEFAULT 0 NOT NULL,
	"disputes_lost_amount" bigint DEFAULT 0 NOT NULL,
	"disputes_lost_count" integer DEFAULT 0 NOT NULL,
	"disputes_opened_amount" bigint DEFAULT 0 NOT NULL,
	"disputes_opened_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "revenue_daily_day_currency_pk" PRIMARY KEY("day","currency")
);
--> statement-breakpoint
CREATE INDEX "invoices_failed_once_idx" ON "invoices" USING btree ("created_at","currency","status","amount_paid") WHERE "invoices"."total" > 0 and (("invoices"."status" = 'paid' and "invoices"."attempt_count" >= 2) or ("invoices"."status" in ('open', 'uncollectible', 'void') and "invoices"."attempt_count" >= 1));
--> statement-breakpoint
-- The overview's daily rollups, kept by row triggers in the transaction of every ledger write.
-- A row's contribution is a function of its current state only: an update takes the old
-- contribution away and adds the new one, so any order of webhook events converges on the
-- same totals (see db/schema/metrics.ts and docs/metrics.md).
CREATE FUNCTION revenue_daily_add(p_day date, p_currency text, p_gross bigint, p_gross_n integer, p_refund bigint, p_refund_n integer,
  p_lost bigint, p_lost_n integer, p_opened bigint, p_opened_n integer) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO revenue_daily AS r (day, currency, gross_amount, gross_count, refund_amount, refund_count,
      disputes_lost_amount, disputes_lost_count, disputes_opened_amount, disputes_opened_count)
    VALUES (p_day, p_currency, p_gross, p_gross_n, p_refund, p_refund_n, p_lost, p_lost_n, p_opened, p_opened_n)
  ON CONFLICT (day, currency) DO UPDATE SET
    gross_amount = r.gross_amount + excluded.gross_amount,
    gross_count = r.gross_count + excluded.gross_count,
    refund_amount = r.refund_amount + excluded.refund_amount,
    refund_count = r.refund_count + excluded.refund_count,
    disputes_lost_amount = r.disputes_lost_amount + excluded.disputes_lost_amount,
    disputes_lost_count = r.disputes_lost_count + excluded.disputes_lost_count,
    disputes_opened_amount = r.disputes_opened_amount + excluded.disputes_opened_amount,
    disputes_opened_count = r.disputes_opened_count + excluded.disputes_opened_count;
$$;
--> statement-breakpoint
CREATE FUNCTION payment_outcomes_daily_add(p_day date, p_currency text, p_status text, p_count integer, p_amount bigint) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO payment_outcomes_daily AS o (day, currency, status, count, amount) VALUES (p_day, p_currency, p_status, p_count, p_amount)
  ON CONFLICT (day, currency, status) DO UPDATE SET count = o.count + excluded.count, amount = o.amount + excluded.amount;
$$;
--> statement-breakpoint
CREATE FUNCTION payments_rollups() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status = OLD.status AND NEW.amount = OLD.amount AND NEW.currency = OLD.currency
      AND NEW.created_at = OLD.created_at AND NEW.succeeded_at IS NOT DISTINCT FROM OLD.succeeded_at THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD.succeeded_at IS NOT NULL AND OLD.status IN ('succeeded', 'partially_refunded', 'refunded', 'disputed', 'charged_back') THEN
      PERFORM revenue_daily_add((OLD.succeeded_at AT TIME ZONE 'UTC')::date, OLD.currency, -OLD.amount, -1, 0, 0, 0, 0, 0, 0);
    END IF;
    PERFORM payment_outcomes_daily_add((OLD.created_at AT TIME ZONE 'UTC')::date, OLD.currency, OLD.status, -1, -OLD.amount);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW.succeeded_at IS NOT NULL AND NEW.status IN ('succeeded', 'partially_refunded', 'refunded', 'disputed', 'charged_back') THEN
      PERFORM revenue_daily_add((NEW.succeeded_at AT TIME ZONE 'UTC')::date, NEW.currency, NEW.amount, 1, 0, 0, 0, 0, 0, 0);
    END IF;
    PERFORM payment_outcomes_daily_add((NEW.created_at AT TIME ZONE 'UTC')::date, NEW.currency, NEW.status, 1, NEW.amount);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER payments_rollups
  AFTER INSERT OR DELETE OR UPDATE OF status, amount, currency, created_at, succeeded_at ON "payments"
  FOR EACH ROW EXECUTE FUNCTION payments_rollups();
--> statement-breakpoint
CREATE FUNCTION refunds_rollups() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status = OLD.status AND NEW.amount = OLD.amount AND NEW.currency = OLD.currency AND NEW.created_at = OLD.created_at THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN ('pending', 'requires_action', 'succeeded') THEN
    PERFORM revenue_daily_add((OLD.created_at AT TIME ZONE 'UTC')::date, OLD.currency, 0, 0, -OLD.amount, -1, 0, 0, 0, 0);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status IN ('pending', 'requires_action', 'succeeded') THEN
    PERFORM revenue_daily_add((NEW.created_at AT TIME ZONE 'UTC')::date, NEW.currency, 0, 0, NEW.amount, 1, 0, 0, 0, 0);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER refunds_rollups
  AFTER INSERT OR DELETE OR UPDATE OF status, amount, currency, created_at ON "refunds"
  FOR EACH ROW EXECUTE FUNCTION refunds_rollups();
--> statement-breakpoint
CREATE FUNCTION disputes_rollups() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status = OLD.status AND NEW.amount = OLD.amount AND NEW.currency = OLD.currency
      AND NEW.created_at = OLD.created_at AND NEW.closed_at IS NOT DISTINCT FROM OLD.closed_at THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM revenue_daily_add((OLD.created_at AT TIME ZONE 'UTC')::date, OLD.currency, 0, 0, 0, 0, 0, 0, -OLD.amount, -1);
    IF OLD.status = 'lost' AND OLD.closed_at IS NOT NULL THEN
      PERFORM revenue_daily_add((OLD.closed_at AT TIME ZONE 'UTC')::date, OLD.currency, 0, 0, 0, 0, -OLD.amount, -1, 0, 0);
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM revenue_daily_add((NEW.created_at AT TIME ZONE 'UTC')::date, NEW.currency, 0, 0, 0, 0, 0, 0, NEW.amount, 1);
    IF NEW.status = 'lost' AND NEW.closed_at IS NOT NULL THEN
      PERFORM revenue_daily_add((NEW.closed_at AT TIME ZONE 'UTC')::date, NEW.currency, 0, 0, 0, 0, NEW.amount, 1, 0, 0);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER disputes_rollups
  AFTER INSERT OR DELETE OR UPDATE OF status, amount, currency, created_at, closed_at ON "disputes"
  FOR EACH ROW EXECUTE FUNCTION disputes_rollups();
--> statement-breakpoint
CREATE FUNCTION mrr_movements_rollup() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO mrr_daily AS m (day, currency, delta, subscribers)
      VALUES ((OLD.effective_at AT TIME ZONE 'UTC')::date, OLD.currency, -OLD.delta,
        -(CASE OLD.kind WHEN 'new' THEN 1 WHEN 'reactivation' THEN 1 WHEN 'churn' THEN -1 ELSE 0 END))
    ON CONFLICT (day, currency) DO UPDATE SET delta = m.delta + excluded.delta, subscribers = m.subscribers + excluded.subscribers;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO mrr_daily AS m (day, currency, delta, subscribers)
      VALUES ((NEW.effective_at AT TIME ZONE 'UTC')::date, NEW.currency, NEW.delta,
        CASE NEW.kind WHEN 'new' THEN 1 WHEN 'reactivation' THEN 1 WHEN 'churn' THEN -1 ELSE 0 END)
    ON CONFLICT (day, currency) DO UPDATE SET delta = m.delta + excluded.delta, subscribers = m.subscribers + excluded.subscribers;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER mrr_movements_rollup
  AFTER INSERT OR DELETE OR UPDATE OF delta, kind, currency, effective_at ON "mrr_movements"
  FOR EACH ROW EXECUTE FUNCTION mrr_movements_rollup();
--> statement-breakpoint
-- Recomputes the rollups from the ledger (after a bulk load that skipped triggers, or to
-- repair). Writers of the three tables wait while it runs, so nothing slips between.
CREATE FUNCTION rebuild_revenue_rollups() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE payments, refunds, disputes, mrr_movements IN SHARE MODE;
  DELETE FROM revenue_daily;
  DELETE FROM payment_outcomes_daily;
  DELETE FROM mrr_daily;
  INSERT INTO revenue_daily (day, currency, gross_amount, gross_count, refund_amount, refund_count,
      disputes_lost_amount, disputes_lost_count, disputes_opened_amount, disputes_opened_count)
    SELECT day, currency, sum(ga), sum(gn), sum(ra), sum(rn), sum(la), sum(ln), sum(oa), sum(o_n) FROM (
      SELECT (succeeded_at AT TIME ZONE 'UTC')::date AS day, currency, amount::bigint AS ga, 1 AS gn, 0::bigint AS ra, 0 AS rn, 0::bigint AS la, 0 AS ln, 0::bigint AS oa, 0 AS o_n
        FROM payments WHERE succeeded_at IS NOT NULL AND status IN ('succeeded', 'partially_refunded', 'refunded', 'disputed', 'charged_back')
      UNION ALL
      SELECT (created_at AT TIME ZONE 'UTC')::date, currency, 0, 0, amount, 1, 0, 0, 0, 0
        FROM refunds WHERE status IN ('pending', 'requires_action', 'succeeded')
      UNION ALL
      SELECT (closed_at AT TIME ZONE 'UTC')::date, currency, 0, 0, 0, 0, amount, 1, 0, 0
        FROM disputes WHERE status = 'lost' AND closed_at IS NOT NULL
      UNION ALL
      SELECT (created_at AT TIME ZONE 'UTC')::date, currency, 0, 0, 0, 0, 0, 0, amount, 1
        FROM disputes
    ) contributions GROUP BY day, currency;
  INSERT INTO payment_outcomes_daily (day, currency, status, count, amount)
    SELECT (created_at AT TIME ZONE 'UTC')::date, currency, status, count(*), sum(amount) FROM payments GROUP BY 1, 2, 3;
  INSERT INTO mrr_daily (day, currency, delta, subscribers)
    SELECT (effective_at AT TIME ZONE 'UTC')::date, currency, sum(delta),
      sum(CASE kind WHEN 'new' THEN 1 WHEN 'reactivation' THEN 1 WHEN 'churn' THEN -1 ELSE 0 END)
    FROM mrr_movements GROUP BY 1, 2;
END;
$$;
--> statement-breakpoint
SELECT rebuild_revenue_rollups();
