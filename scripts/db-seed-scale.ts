/**
 * `npm run db:seed:scale`: fills a PostgreSQL database with a realistic three-year history for
 * the admin dashboard's benchmarks: 100k learners, 1M payments in USD, EUR and JPY (one-time
 * purchases and subscription renewals), refunds, disputes, subscriptions that renew, churn,
 * come back, and change plan, their invoices (with failed attempts and recoveries) and the
 * MRR rollup the webhook path keeps.
 *
 * Every row is generated inside PostgreSQL (INSERT … SELECT over generate_series) in chunks,
 * with progress printed per phase, so a million payments take minutes, not hours. Rows are
 * consistent by construction (refunds within their payment, disputes on captured payments,
 * MRR movements matching subscriptions), so the row triggers are skipped for the load
 * (session_replication_role = replica) and ANALYZE runs at the end.
 *
 * Options (env or flags): --learners N (100000), --payments N (1000000), --years N (3),
 * --reset (delete an earlier scale seed first). Needs DATABASE_URL (PostgreSQL, local only).
 */
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { bin, runToEnd } from './launch';

const { values } = parseArgs({
  options: {
    learners: { type: 'string', default: process.env.SCALE_LEARNERS ?? '100000' },
    payments: { type: 'string', default: process.env.SCALE_PAYMENTS ?? '1000000' },
    years: { type: 'string', default: process.env.SCALE_YEARS ?? '3' },
    reset: { type: 'boolean', default: false },
  },
});
const LEARNERS = Number(values.learners);
const PAYMENTS = Number(values.payments);
const YEARS = Number(values.years);
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('db:seed:scale needs DATABASE_URL (a PostgreSQL database; PGlite is not meant for a million rows).');
  process.exit(1);
}
if (!/@(localhost|127\.0\.0\.1)(:\d+)?\//.test(url)) {
  console.error('Refusing to seed a non-local DATABASE_URL.');
  process.exit(1);
}
if (![LEARNERS, PAYMENTS, YEARS].every((n) => Number.isInteger(n) && n > 0)) {
  console.error('--learners, --payments and --years must be positive integers.');
  process.exit(1);
}

const started = Date.now();
const step = (label: string) => {
  const t = Date.now();
  process.stdout.write(`  ${label}…`);
  return (detail = '') => console.log(` done${detail ? ` (${detail})` : ''} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
};

console.log(`db:seed:scale: ${LEARNERS.toLocaleString('en-US')} learners, ${PAYMENTS.toLocaleString('en-US')} payments over ${YEARS} years`);
await runToEnd(bin('tsx'), ['scripts/db-migrate.ts']);
await runToEnd(bin('tsx'), ['scripts/db-seed.ts']);

const sql = postgres(url, { max: 1, onnotice: () => {} });
try {
  const [seeded] = await sql`select count(*)::int as n from users where email like '%@scale.bursar.test'`;
  if ((seeded?.n ?? 0) > 0) {
    if (!values.reset) {
      console.error(`db:seed:scale: this database already holds a scale seed (${seeded?.n} learners). Run with --reset to replace it.`);
      process.exit(1);
    }
    const done = step('deleting the earlier scale seed');
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`delete from mrr_movements where user_id like 'scale-%'`;
      await tx`delete from customer_first_payments where user_id like 'scale-%'`;
      await tx`delete from disputes where stripe_dispute_id like 'dp_scale%'`;
      await tx`delete from refunds where stripe_refund_id like 're_scale%'`;
      await tx`delete from payments where stripe_payment_intent_id like 'pi_scale%'`;
      await tx`delete from invoices where stripe_invoice_id like 'in_scale%'`;
      await tx`delete from subscriptions where stripe_subscription_id like 'sub_scale%'`;
      await tx`delete from customers where stripe_customer_id like 'cus_scale%'`;
      await tx`delete from users where id like 'scale-%'`;
    });
    done();
  }

  await sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`set local synchronous_commit = off`;
    const years = `${YEARS} years`;

    let done = step('learners and Stripe customers');
    // Home currency by learner: 60 % USD, 30 % EUR, 10 % JPY. Sign-ups grow over time.
    await tx`create temporary table seed_users on commit drop as
      select g as n, 'scale-u' || g as id,
        (case when g % 10 < 6 then 'usd' when g % 10 < 9 then 'eur' else 'jpy' end) as currency,
        now() - ${years}::interval * (1 - sqrt(random())) as created_at
      from generate_series(1, ${LEARNERS}::int) g`;
    await tx`insert into users (id, name, email, role, created_at, email_verified)
      select id,
        (array['Ada','Grace','Alan','Edsger','Barbara','Ken','Dennis','Margaret','Linus','Guido','Yukihiro','Anders','Brendan','Tim','Radia','Frances','Hedy','Katherine','Donald','John'])[1 + n % 20]
          || ' ' || (array['Lovelace','Hopper','Turing','Dijkstra','Liskov','Thompson','Ritchie','Hamilton','Torvalds','van Rossum','Matsumoto','Hejlsberg','Eich','Berners-Lee','Perlman','Allen','Lamarr','Johnson','Knuth','McCarthy','Sato','Müller','Dubois','Rossi','García'])[1 + (n / 20) % 25],
        'learner' || n || '@scale.bursar.test', 'learner', created_at, created_at
      from seed_users`;
    await tx`insert into customers (user_id, stripe_customer_id, email, created_at, updated_at)
      select id, 'cus_scale' || n, 'learner' || n || '@scale.bursar.test', created_at, created_at from seed_users`;
    await tx`create index on seed_users (n)`;
    done(`${LEARNERS.toLocaleString('en-US')}`);

    done = step('subscriptions (renewals, churn, reactivation, plan changes)');
    // 20 % of learners subscribe; 80 % monthly. Monthly churn ≈ 4 %: a lifetime in months from
    // a geometric draw. A tenth of those who churn come back 1–6 months later.
    // Course prices: every active one. Plan prices: exactly one per currency and interval, of
    // the All-Access plan (its seeded lookup key first, else the newest). A database that has
    // seen price changes or test plans holds several, and joining subscriptions to all of them
    // gave one learner two live subscriptions to a plan (subscriptions_one_live_per_plan_uq).
    await tx`create temporary table seed_prices on commit drop as
      select p.id, p.stripe_price_id, p.currency, p.unit_amount, p.interval, p.course_id, p.plan_id, c.title
      from prices p left join courses c on c.id = p.course_id where p.active and p.course_id is not null
      union all
      select * from (
        select distinct on (p.currency, p.interval) p.id, p.stripe_price_id, p.currency, p.unit_amount, p.interval, p.course_id, p.plan_id, null::text
        from prices p join plans pl on pl.id = p.plan_id
        where p.active and pl.slug = 'all-access' and p.interval in ('month', 'year')
        order by p.currency, p.interval, (p.lookup_key = 'plan:all-access:' || p.interval || ':' || p.currency) desc nulls last, p.created_at desc
      ) plan_prices`;
    await tx`create temporary table seed_subs on commit drop as
      with picks as (
        select u.n, u.id as user_id, u.currency, u.created_at,
          case when random() < 0.8 then 'month' else 'year' end as interval,
          greatest(1, ceil(ln(1 - random()) / ln(1 - 0.04)))::int as months,
          u.created_at + random() * (now() - u.created_at) as started_at
        from seed_users u where abs(hashtext(u.id)) % 5 = 0
      )
      select row_number() over () as k, p.*, 1 as generation from picks p`;
    // Reactivations: a second subscription for some of those whose first one ended.
    await tx`insert into seed_subs
      select (select max(k) from seed_subs) + row_number() over (), s.n, s.user_id, s.currency, s.created_at, s.interval,
        greatest(1, ceil(ln(1 - random()) / ln(1 - 0.04)))::int,
        s.started_at + (s.span || ' months')::interval + ((1 + floor(random() * 6)) || ' months')::interval, 2
      from (select *, case when interval = 'year' then (ceil(months / 12.0) * 12)::int else months end as span from seed_subs) s
      where s.started_at + (s.span || ' months')::interval < now() - interval '7 months' and random() < 0.1`;
    await tx`create temporary table seed_sub_rows on commit drop as
      select s.*, 'sub_scale' || s.k as stripe_id, pr.id as price_id, pr.stripe_price_id, pr.unit_amount, pr.plan_id,
        s.started_at + (case when s.interval = 'year' then (ceil(s.months / 12.0) * 12)::int else s.months end || ' months')::interval as ends_at,
        (s.k % 40 = 0) as past_due
      from seed_subs s join seed_prices pr on pr.plan_id is not null and pr.currency = s.currency and pr.interval = s.interval`;
    await tx`insert into subscriptions (stripe_subscription_id, user_id, customer_id, plan_id, price_id, stripe_price_id, status,
        current_period_start, current_period_end, cancel_at_period_end, canceled_at, ended_at, dunning_stage, stripe_created_at, created_at, updated_at)
      select s.stripe_id, s.user_id, c.id, s.plan_id, s.price_id, s.stripe_price_id,
        case when s.ends_at <= now() then 'canceled' when s.past_due then 'past_due' else 'active' end,
        least(s.ends_at, now()) - (case when s.interval = 'year' then interval '1 year' else interval '1 month' end) * 0.5,
        case when s.ends_at <= now() then s.ends_at else now() + (case when s.interval = 'year' then interval '6 months' else interval '15 days' end) end,
        false,
        case when s.ends_at <= now() then s.ends_at - interval '3 days' end,
        case when s.ends_at <= now() then s.ends_at end,
        case when s.past_due and s.ends_at > now() then 1 else 0 end,
        s.started_at, s.started_at, now()
      from seed_sub_rows s join customers c on c.user_id = s.user_id`;
    done(`${(await tx`select count(*)::int as n from seed_sub_rows`)[0]?.n.toLocaleString('en-US')}`);

    done = step('invoices and renewal payments');
    await tx`create temporary table seed_invoices on commit drop as
      select s.stripe_id as sub_stripe_id, s.user_id, s.currency, s.unit_amount, s.past_due, s.ends_at, s.k,
        gs.period_start, row_number() over (partition by s.k order by gs.period_start) as seq,
        (random() < 0.06) as failed_once
      from seed_sub_rows s,
        lateral generate_series(s.started_at, least(s.ends_at, now()) - interval '1 second',
          case when s.interval = 'year' then interval '1 year' else interval '1 month' end) as gs(period_start)`;
    await tx`alter table seed_invoices add column id bigserial`;
    await tx`insert into invoices (stripe_invoice_id, subscription_id, stripe_subscription_id, user_id, customer_id, number, currency,
        subtotal, total, amount_due, amount_paid, amount_remaining, status, billing_reason, attempt_count, next_payment_attempt,
        stripe_payment_intent_id, period_start, period_end, paid_at, created_at, updated_at)
      select 'in_scale' || i.id, sub.id, i.sub_stripe_id, i.user_id, sub.customer_id, 'SCALE-' || i.k || '-' || lpad(i.seq::text, 4, '0'), i.currency,
        i.unit_amount, i.unit_amount, i.unit_amount,
        case when open_now then 0 else i.unit_amount end,
        case when open_now then i.unit_amount else 0 end,
        case when open_now then 'open' else 'paid' end,
        case when i.seq = 1 then 'subscription_create' else 'subscription_cycle' end,
        case when open_now then 1 + (i.id % 3)::int when i.failed_once and i.seq > 1 then 2 else 1 end,
        case when open_now then now() + ((1 + i.id % 5) || ' days')::interval end,
        'pi_scale_in' || i.id, i.period_start, i.period_start + interval '1 month',
        case when open_now then null else i.period_start + (case when i.failed_once and i.seq > 1 then interval '3 days' else interval '1 minute' end) end,
        i.period_start, i.period_start
      from (select *, (past_due and ends_at > now() and period_start > now() - interval '1 month' and period_start = max(period_start) over (partition by k)) as open_now from seed_invoices) i
      join subscriptions sub on sub.stripe_subscription_id = i.sub_stripe_id`;
    await tx`insert into payments (stripe_payment_intent_id, stripe_charge_id, user_id, customer_id, stripe_invoice_id, amount, currency, status,
        payment_method_type, card_brand, card_last4, description, succeeded_at, created_at, updated_at, failure_code, failure_message)
      select inv.stripe_payment_intent_id, case when inv.status = 'paid' then 'ch_scale_in' || inv.id end, inv.user_id, inv.customer_id, inv.stripe_invoice_id,
        inv.total, inv.currency, case when inv.status = 'paid' then 'succeeded' else 'failed' end,
        'card', (array['visa','mastercard','amex'])[1 + abs(hashtext(inv.user_id)) % 3], lpad((abs(hashtext(inv.user_id)) % 10000)::text, 4, '0'),
        'All-Access subscription', inv.paid_at, inv.created_at, coalesce(inv.paid_at, inv.created_at),
        case when inv.status = 'paid' then null else 'card_declined' end,
        case when inv.status = 'paid' then null else 'Your card was declined.' end
      from invoices inv where inv.stripe_invoice_id like 'in_scale%'`;
    const [renewals] = await tx`select count(*)::int as n from payments where stripe_payment_intent_id like 'pi_scale_in%'`;
    done(`${renewals?.n.toLocaleString('en-US')} renewal payments`);

    done = step('MRR movements');
    // new / reactivation at start, churn at end; 5 % of monthly subscribers move to yearly
    // (contraction), 5 % of yearly ones to monthly (expansion) half-way through.
    await tx`insert into mrr_movements (subscription_id, user_id, currency, mrr_before, mrr_after, delta, kind, effective_at)
      select sub.id, s.user_id, s.currency, 0, m.mrr, m.mrr, case when s.generation = 1 then 'new' else 'reactivation' end, s.started_at
      from seed_sub_rows s join subscriptions sub on sub.stripe_subscription_id = s.stripe_id,
        lateral (select case when s.interval = 'year' then round(s.unit_amount / 12.0)::int else s.unit_amount end as mrr) m
      union all
      select sub.id, s.user_id, s.currency, m.mrr, 0, -m.mrr, 'churn', s.ends_at
      from seed_sub_rows s join subscriptions sub on sub.stripe_subscription_id = s.stripe_id,
        lateral (select case when s.interval = 'year' then round(s.unit_amount / 12.0)::int else s.unit_amount end as mrr) m
      where s.ends_at <= now()`;
    await tx`insert into mrr_movements (subscription_id, user_id, currency, mrr_before, mrr_after, delta, kind, effective_at)
      select sub.id, s.user_id, s.currency, a.mrr, b.mrr, b.mrr - a.mrr, case when b.mrr > a.mrr then 'expansion' else 'contraction' end,
        s.started_at + (least(s.ends_at, now()) - s.started_at) / 2
      from seed_sub_rows s join subscriptions sub on sub.stripe_subscription_id = s.stripe_id
        join seed_prices other on other.plan_id is not null and other.currency = s.currency and other.interval <> s.interval,
        lateral (select case when s.interval = 'year' then round(s.unit_amount / 12.0)::int else s.unit_amount end as mrr) a,
        lateral (select case when other.interval = 'year' then round(other.unit_amount / 12.0)::int else other.unit_amount end as mrr) b
      where s.k % 20 = 7 and s.ends_at > now()`;
    done();

    const oneTime = Math.max(0, PAYMENTS - (renewals?.n ?? 0));
    const chunk = 100_000;
    console.log(`  one-time payments: ${oneTime.toLocaleString('en-US')} in chunks of ${chunk.toLocaleString('en-US')}`);
    await tx`create temporary table seed_course_prices on commit drop as
      select row_number() over (partition by currency order by id) - 1 as idx, count(*) over (partition by currency) as cnt, * from seed_prices where course_id is not null`;
    for (let offset = 0; offset < oneTime; offset += chunk) {
      const size = Math.min(chunk, oneTime - offset);
      const t = Date.now();
      // Status mix: 90 % captured (of which 3 % refunded, 2 % partly refunded, 0.6 % disputed),
      // 5 % declined, 2 % canceled, 1 % still processing, 2 % requiring action.
      await tx`insert into payments (stripe_payment_intent_id, stripe_charge_id, user_id, customer_id, course_id, amount, amount_refunded, currency, status,
          payment_method_type, card_brand, card_last4, description, fee, net, succeeded_at, created_at, updated_at, failure_code, failure_message)
        select 'pi_scale' || g, case when captured then 'ch_scale' || g end, u.id, c.id, pr.course_id, pr.unit_amount,
          case when r < 0.03 then pr.unit_amount when r < 0.05 then (pr.unit_amount / 2) else 0 end,
          u.currency,
          case when not captured then (case when r2 < 0.5 then 'failed' when r2 < 0.7 then 'canceled' when r2 < 0.8 then 'processing' else 'requires_action' end)
            when r < 0.03 then 'refunded' when r < 0.05 then 'partially_refunded'
            when r < 0.0535 then 'charged_back' when r < 0.0545 then 'disputed' else 'succeeded' end,
          case when u.currency = 'eur' and r2 < 0.08 then 'sepa_debit' else 'card' end,
          (array['visa','mastercard','amex','discover'])[1 + (g % 4)], lpad((g % 10000)::text, 4, '0'),
          pr.title,
          case when captured then (pr.unit_amount * 0.029)::int + (case when u.currency = 'jpy' then 0 else 30 end) end,
          case when captured then pr.unit_amount - (pr.unit_amount * 0.029)::int - (case when u.currency = 'jpy' then 0 else 30 end) end,
          case when captured then at + interval '5 seconds' end, at, at,
          case when not captured and r2 < 0.5 then (array['card_declined','insufficient_funds','expired_card'])[1 + (g % 3)] end,
          case when not captured and r2 < 0.5 then 'Your card was declined.' end
        from (
          select g, random() as r, random() as r2, random() < 0.9 as captured,
            1 + floor(random() * ${LEARNERS}::int)::int as un, random() as when_r
          from generate_series(${offset + 1}::int, ${offset + size}::int) g
        ) x
        join seed_users u on u.n = x.un
        join customers c on c.user_id = u.id
        join seed_course_prices pr on pr.currency = u.currency and pr.idx = x.g % pr.cnt,
        -- Sales grow steadily (linear growth: the last month holds ~5 %); a sale drawn before
        -- its learner signed up happens in their first days instead (buying on sign-up).
        lateral (select least(now(), greatest(now() - ${years}::interval * (1 - sqrt(x.when_r)), u.created_at + random() * interval '3 days')) as at) t`;
      console.log(`    ${(offset + size).toLocaleString('en-US')} / ${oneTime.toLocaleString('en-US')} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    }

    done = step('refunds');
    // Full and partial refunds some days after the sale; 1 % of refund attempts failed.
    await tx`insert into refunds (stripe_refund_id, payment_id, amount, currency, status, reason, revoke_access, created_at, updated_at)
      select 're_scale' || row_number() over (), p.id, p.amount_refunded, p.currency, 'succeeded',
        (array['requested_by_customer','duplicate','fraudulent'])[1 + (abs(hashtext(p.stripe_payment_intent_id)) % 3)],
        p.status = 'refunded', t.at, t.at
      from payments p, lateral (select least(now(), p.succeeded_at + (1 + abs(hashtext(p.stripe_payment_intent_id)) % 30) * interval '1 day') as at) t
      where p.stripe_payment_intent_id like 'pi_scale%' and p.amount_refunded > 0`;
    await tx`insert into refunds (stripe_refund_id, payment_id, amount, currency, status, reason, failure_reason, revoke_access, created_at, updated_at)
      select 're_scale_f' || row_number() over (), p.id, p.amount, p.currency, 'failed', 'requested_by_customer', 'expired_or_canceled_card', true, least(now(), p.succeeded_at + interval '2 days'), least(now(), p.succeeded_at + interval '2 days')
      from payments p where p.stripe_payment_intent_id like 'pi_scale%' and p.status = 'succeeded' and abs(hashtext(p.stripe_payment_intent_id)) % 1000 = 0`;
    done(`${(await tx`select count(*)::int as n from refunds where stripe_refund_id like 're_scale%'`)[0]?.n.toLocaleString('en-US')}`);

    done = step('disputes');
    // Charged back → lost; a slice of succeeded payments → won; disputed → open, answered
    // within 7 days (recent ones so their deadline is still ahead).
    await tx`insert into disputes (stripe_dispute_id, payment_id, stripe_charge_id, amount, currency, status, reason, evidence_due_by, closed_at, created_at, updated_at)
      select 'dp_scale' || row_number() over (), p.id, p.stripe_charge_id, p.amount, p.currency,
        case when p.status = 'charged_back' then 'lost' when p.status = 'disputed' then 'needs_response' else 'won' end,
        (array['fraudulent','product_not_received','subscription_canceled','duplicate','product_unacceptable'])[1 + (abs(hashtext(p.stripe_payment_intent_id)) % 5)],
        o.opened + interval '7 days',
        case when p.status = 'disputed' then null else o.opened + interval '20 days' end,
        o.opened, o.opened
      from payments p,
        lateral (select case when p.status = 'disputed' then now() - (abs(hashtext(p.stripe_payment_intent_id)) % 6) * interval '1 day'
                             else least(now() - interval '21 days', p.succeeded_at + (5 + abs(hashtext(p.stripe_payment_intent_id)) % 40) * interval '1 day') end as opened) o
      where p.stripe_payment_intent_id like 'pi_scale%'
        and (p.status in ('charged_back', 'disputed') or (p.status = 'succeeded' and abs(hashtext(p.stripe_payment_intent_id)) % 1000 < 4))`;
    await tx`update payments set status = 'disputed' where status = 'disputed' and stripe_payment_intent_id like 'pi_scale%' and succeeded_at > now()`;
    done(`${(await tx`select count(*)::int as n from disputes where stripe_dispute_id like 'dp_scale%'`)[0]?.n.toLocaleString('en-US')}`);
  });

  let done = step('first payments (new-customer rollup)');
  await sql`insert into customer_first_payments (user_id, payment_id, currency, first_paid_at)
    select distinct on (user_id) user_id, id, currency, succeeded_at from payments
    where user_id like 'scale-%' and succeeded_at is not null
      and status in ('succeeded', 'partially_refunded', 'refunded', 'disputed', 'charged_back')
    order by user_id, succeeded_at
    on conflict (user_id) do nothing`;
  done();
  // The bulk load skipped the row triggers that keep the overview's daily rollups: recompute them.
  done = step('revenue rollups (revenue_daily, payment_outcomes_daily)');
  await sql`select rebuild_revenue_rollups()`;
  done();
  // VACUUM sets the visibility map, so the overview's index-only scans skip the heap (as
  // autovacuum would do on a live store); ANALYZE gives the planner the new row counts.
  done = step('VACUUM ANALYZE');
  await sql`vacuum analyze`;
  done();
  const [counts] = await sql`select (select count(*) from users)::int as users, (select count(*) from payments)::int as payments,
    (select count(*) from refunds)::int as refunds, (select count(*) from disputes)::int as disputes,
    (select count(*) from subscriptions)::int as subscriptions, (select count(*) from invoices)::int as invoices,
    (select count(*) from mrr_movements)::int as movements, (select count(*) from revenue_daily)::int as "revenueDays"`;
  console.log(`db:seed:scale: done in ${((Date.now() - started) / 1000).toFixed(0)} s:`, counts);
} finally {
  await sql.end();
}
