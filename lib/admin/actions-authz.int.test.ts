import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { adminNotes, auditLog, enrollments, outbox } from '@/db/schema';
import { seedCourse, seedUser } from '@/db/seed/factories';
import type { SessionUser } from '@/lib/auth/guards';
import { setupTestDb } from '@/tests/support/test-db';

// The real server actions, called as Next.js would call them, with the session swapped per
// test: a learner or an anonymous caller gets a 403 before any code runs and nothing is
// written; an admin's call goes through. (The e2e authorization matrix checks the same over
// HTTP against a build.)

const getDb = setupTestDb();
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));

vi.mock('server-only', () => ({}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));
vi.mock('@/lib/auth/guards', () => ({ getSessionUser: async () => session.user }));
vi.mock('@/db/client', async (importOriginal) => ({ ...(await importOriginal<typeof import('@/db/client')>()), getDb: async () => getDb().db }));

beforeAll(() => {
  // forbidden() needs experimental.authInterrupts, which next.config.ts sets for the app.
  process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = 'true';
});

const FORBIDDEN = 'NEXT_HTTP_ERROR_FALLBACK;403';

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

async function digestOf(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    return (error as { digest?: string }).digest ?? String(error);
  }
}

async function countWrites(userId: string) {
  const db = getDb().db;
  const [e, n, o, a] = await Promise.all([
    db.$count(enrollments, eq(enrollments.userId, userId)),
    db.$count(adminNotes, eq(adminNotes.userId, userId)),
    db.$count(outbox, eq(outbox.userId, userId)),
    db.$count(auditLog),
  ]);
  return { enrollments: e, notes: n, outbox: o, audit: a };
}

describe('learner admin actions', () => {
  it('refuse learners and anonymous callers with 403 and no write; admins pass', async () => {
    const { db } = getDb();
    const actions = await import('@/app/(admin)/admin/learners/actions');
    const learner = await seedUser(db);
    const admin = await seedUser(db, { role: 'admin' });
    const { course } = await seedCourse(db);
    const calls = {
      grant: () => actions.grantAccessAction({}, form({ userId: learner.id, courseId: course.id, reason: 'Let me in', expiresOn: '' })),
      revoke: () => actions.revokeAccessAction({}, form({ userId: learner.id, enrollmentId: randomUUID(), reason: 'Because' })),
      note: () => actions.addNoteAction({}, form({ userId: learner.id, body: 'I am an admin now' })),
      resend: () => actions.resendReceiptAction({}, form({ userId: learner.id, paymentId: randomUUID(), attemptId: randomUUID() })),
    };
    const before = await countWrites(learner.id);
    for (const caller of [null, { id: learner.id, email: learner.email, name: null, role: 'learner' as const }]) {
      session.user = caller;
      for (const [name, call] of Object.entries(calls)) expect(await digestOf(call), `${name} as ${caller ? 'learner' : 'anonymous'}`).toBe(FORBIDDEN);
    }
    expect(await countWrites(learner.id)).toEqual(before);

    session.user = { id: admin.id, email: admin.email, name: null, role: 'admin' };
    expect(await calls.grant()).toEqual({ data: { courseTitle: course.title } });
    expect(await calls.note()).toEqual({ data: { saved: true } });
    // Valid in shape, unknown payment: the domain refuses in a sentence.
    expect(await calls.resend()).toEqual({ serverError: 'That payment could not be found for this learner.' });
    // Invalid input never reaches the domain code.
    const invalid = await actions.grantAccessAction({}, form({ userId: learner.id, courseId: course.id, reason: '', expiresOn: '' }));
    expect(invalid.validationErrors?.fieldErrors).toMatchObject({ reason: [expect.stringMatching(/reason/)] });
    expect(await countWrites(learner.id)).toMatchObject({ enrollments: 1, notes: 1 });
  });
});

describe('subscription admin actions', () => {
  it('refuse learners and anonymous callers with 403 before any lookup or Stripe call', async () => {
    const { db } = getDb();
    const { cancelSubscriptionAction } = await import('@/app/(admin)/admin/subscriptions/actions');
    const learner = await seedUser(db);
    const call = () => cancelSubscriptionAction({}, form({ subscriptionId: randomUUID(), attemptId: randomUUID(), when: 'now', reason: 'Take it away' }));
    const audit = await db.$count(auditLog);
    for (const caller of [null, { id: learner.id, email: learner.email, name: null, role: 'learner' as const }]) {
      session.user = caller;
      expect(await digestOf(call)).toBe(FORBIDDEN);
    }
    expect(await db.$count(auditLog)).toBe(audit);
    // An admin gets past the layer: an unknown subscription is refused in a sentence, before Stripe.
    const admin = await seedUser(db, { role: 'admin' });
    session.user = { id: admin.id, email: admin.email, name: null, role: 'admin' };
    expect(await call()).toEqual({ serverError: 'That subscription could not be found.' });
  });
});

describe('dispute admin actions', () => {
  it('refuse learners and anonymous callers with 403 and write no draft', async () => {
    const { db } = getDb();
    const actions = await import('@/app/(admin)/admin/disputes/actions');
    const learner = await seedUser(db);
    const disputeId = randomUUID();
    const calls = {
      save: () => actions.saveEvidenceAction({}, form({ disputeId, customer_name: 'Mallory', product_description: 'Nothing' })),
      submit: () => actions.submitEvidenceAction({}, form({ disputeId, attemptId: randomUUID() })),
    };
    const before = await db.$count(auditLog);
    for (const caller of [null, { id: learner.id, email: learner.email, name: null, role: 'learner' as const }]) {
      session.user = caller;
      for (const [name, call] of Object.entries(calls)) expect(await digestOf(call), name).toBe(FORBIDDEN);
    }
    expect(await db.$count(auditLog)).toBe(before);
    const admin = await seedUser(db, { role: 'admin' });
    session.user = { id: admin.id, email: admin.email, name: null, role: 'admin' };
    expect(await calls.save()).toEqual({ serverError: 'That dispute could not be found.' });
  });
});
