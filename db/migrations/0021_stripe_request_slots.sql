-- The Stripe request budget every process shares (lib/stripe/budget.ts, SharedRequestBudget;
-- db/schema/ops.ts). A row is one request to Stripe: it holds its slot from its grant until a
-- second after its answer, so no rolling second at Stripe sees more requests than the budget,
-- whichever process sent them and however they were delayed on the way. UNLOGGED (drizzle-kit
-- cannot say it): the rows describe the last second only; after a crash there is nothing to keep.
CREATE UNLOGGED TABLE "stripe_request_slots" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stripe_request_slots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"endpoint" text NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
-- Grants slots to as many of the requests asked for (their endpoints, in order) as the budget
-- allows: at most p_account slots held in all and p_endpoint per endpoint. One grant at a time
-- across every process (an advisory lock held to the end of the calling statement's
-- transaction), each statement on a fresh snapshot, so a grant counts every slot granted
-- before it. Slots whose answer came a second ago leave; a request never answered (its
-- process died) leaves after p_in_flight_seconds. Returns one row per granted request
-- (item = its position, 1-based, slot_id) and a last row (item 0) with retry_ms: when an
-- answered slot next leaves the window (1000 when every slot is still in flight: none can
-- leave sooner than a second from now).
CREATE FUNCTION stripe_request_grant(p_endpoints text[], p_account integer, p_endpoint integer, p_in_flight_seconds double precision)
RETURNS TABLE (item integer, slot_id bigint, retry_ms integer)
LANGUAGE plpgsql AS $$
DECLARE
  t timestamptz;
  held integer;
  on_endpoint integer;
  i integer;
  earliest timestamptz;
BEGIN
  PERFORM pg_advisory_xact_lock(2026120521);
  t := clock_timestamp();
  DELETE FROM stripe_request_slots s
    WHERE s.ended_at <= t - interval '1 second'
       OR (s.ended_at IS NULL AND s.granted_at <= t - make_interval(secs => p_in_flight_seconds));
  SELECT count(*) INTO held FROM stripe_request_slots;
  FOR i IN 1 .. coalesce(array_length(p_endpoints, 1), 0) LOOP
    EXIT WHEN held >= p_account;
    SELECT count(*) INTO on_endpoint FROM stripe_request_slots s WHERE s.endpoint = p_endpoints[i];
    IF on_endpoint < p_endpoint THEN
      INSERT INTO stripe_request_slots (endpoint, granted_at) VALUES (p_endpoints[i], t) RETURNING id INTO slot_id;
      held := held + 1;
      item := i;
      retry_ms := NULL;
      RETURN NEXT;
    END IF;
  END LOOP;
  SELECT min(s.ended_at) INTO earliest FROM stripe_request_slots s WHERE s.ended_at IS NOT NULL;
  item := 0;
  slot_id := NULL;
  retry_ms := CASE WHEN earliest IS NULL THEN 1000
    ELSE greatest(1, least(1000, ceil(extract(epoch FROM earliest + interval '1 second' - clock_timestamp()) * 1000)))::integer END;
  RETURN NEXT;
END $$;
