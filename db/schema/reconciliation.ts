import { check, index, integer, jsonb, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, tz } from './columns';
import { reconciliationIssues, reconciliationResolutions, reconciliationRunStatuses } from './enums';

// Part of the ops domain: periodic comparison of our ledger with Stripe's.

export const reconciliationRuns = pgTable(
  'reconciliation_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    status: text('status')
      .$type<(typeof reconciliationRunStatuses)[number]>()
      .notNull()
      .default('running'),
    trigger: text('trigger').notNull().default('schedule'),
    triggeredByUserId: text('triggered_by_user_id'),
    windowStart: tz('window_start'),
    windowEnd: tz('window_end'),
    checkedCount: integer('checked_count').notNull().default(0),
    mismatchCount: integer('mismatch_count').notNull().default(0),
    error: text('error'),
    // A scheduled run's slot (`daily:2026-12-05`): unique, so two workers never run one day twice.
    slot: text('slot').unique(),
    // Where a running run is (phase, Stripe objects listed, local rows checked), for the admin page.
    progress: jsonb('progress').$type<Record<string, unknown>>().notNull().default({}),
    // Per settlement currency: gross, fees and net from Stripe; per payout: its fees and net.
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull().default({}),
    // Heartbeat of the worker running it: a run silent for long is marked failed.
    heartbeatAt: tz('heartbeat_at'),
    startedAt: tz('started_at').notNull().defaultNow(),
    finishedAt: tz('finished_at'),
  },
  (t) => [
    check('reconciliation_runs_status_check', oneOf(t.status, reconciliationRunStatuses)),
    index('reconciliation_runs_status_idx').on(t.status, t.startedAt),
    index('reconciliation_runs_started_idx').on(t.startedAt, t.id),
  ],
);

export const reconciliationItems = pgTable(
  'reconciliation_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => reconciliationRuns.id, { onDelete: 'cascade' }),
    objectType: text('object_type').notNull(),
    stripeObjectId: text('stripe_object_id').notNull(),
    localId: text('local_id'),
    issue: text('issue').$type<(typeof reconciliationIssues)[number]>().notNull(),
    field: text('field').notNull().default(''),
    expected: jsonb('expected'),
    actual: jsonb('actual'),
    resolution: text('resolution')
      .$type<(typeof reconciliationResolutions)[number]>()
      .notNull()
      .default('open'),
    resolvedAt: tz('resolved_at'),
    resolvedByUserId: text('resolved_by_user_id'),
    // What to re-read from Stripe to repair it (a webhook sync target), when re-sync can.
    target: jsonb('target').$type<Record<string, unknown>>(),
    // Why it stays open after a re-sync, or what resolved it.
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    // A rerun of the same comparison inside one run reports each difference once.
    unique('reconciliation_items_uq').on(t.runId, t.objectType, t.stripeObjectId, t.issue, t.field),
    check('reconciliation_items_issue_check', oneOf(t.issue, reconciliationIssues)),
    check('reconciliation_items_resolution_check', oneOf(t.resolution, reconciliationResolutions)),
    index('reconciliation_items_open_idx').on(t.resolution, t.createdAt),
    index('reconciliation_items_run_idx').on(t.runId, t.createdAt, t.id),
  ],
);

/**
 * The Stripe ids a running run saw in Stripe's ledger (charges and refunds, the ±1 day margin
 * included), so that "missing in Stripe" is an anti-join in the database, a page of the ledger
 * at a time, instead of a set in the worker's memory that grows with the period (a million
 * charges is a million strings). Rows live only while their run does: the run deletes its own
 * when it ends, and the job deletes those of a run whose worker went silent. Scratch data, so
 * the table is UNLOGGED (migration 0019: no WAL for a million inserts; emptied after a crash,
 * when the run it served has failed anyway) and has no foreign key (no per-row check).
 */
export const reconciliationSeen = pgTable(
  'reconciliation_seen',
  {
    runId: uuid('run_id').notNull(),
    kind: text('kind').$type<'charge' | 'refund'>().notNull(),
    stripeId: text('stripe_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.kind, t.stripeId] })],
);
