import { describe, expect, it } from 'vitest';
import { listAdminPayments, nameQuery } from '@/db/queries/admin-payments';
import { customers, payments } from '@/db/schema';
import { seedUser, uniqueSuffix } from '@/db/seed/factories';
import { setupTestDb } from '@/tests/support/test-db';
import type { Database } from '@/db/client';

// The payments search by name (word prefixes, full-text index) and by the start of an email
// (prefix index), on real rows.

const getDb = setupTestDb();

async function buyer(db: Database, name: string, email: string) {
  const user = await seedUser(db, { name, email });
  const [customer] = await db.insert(customers).values({ userId: user.id, stripeCustomerId: `cus_${uniqueSuffix()}` }).returning();
  const [payment] = await db
    .insert(payments)
    .values({ stripePaymentIntentId: `pi_${uniqueSuffix()}`, userId: user.id, customerId: customer!.id, amount: 1000, currency: 'usd', status: 'succeeded', succeededAt: new Date() })
    .returning();
  return payment!;
}

const search = (db: Database, q: string) => listAdminPayments(db, { q }, { keyset: null, direction: 'after', limit: 50 }).then((rows) => rows.map((r) => r.id));

describe('payments search', () => {
  it('finds names by the start of any word, and addresses by their start', async () => {
    const { db } = getDb();
    const tag = uniqueSuffix().replace(/[^a-z0-9]/gi, '').toLowerCase();
    const alan = await buyer(db, `Alan Turing${tag}`, `alan-${tag}@example.com`);
    const ada = await buyer(db, `Ada Lovelace${tag}`, `ada-${tag}@example.com`);
    const grace = await buyer(db, `Grace Hopper${tag}`, `grace_${tag}@example.com`);

    expect(await search(db, `turing${tag}`)).toEqual([alan.id]);
    expect(await search(db, `TURING${tag.slice(0, 2)}`)).toContain(alan.id);
    expect(await search(db, `ada lovelace${tag}`)).toEqual([ada.id]);
    // Both words must match: Ada's first name with Grace's last name finds nobody.
    expect(await search(db, `ada hopper${tag}`)).toEqual([]);
    expect(await search(db, `ada-${tag}@`)).toEqual([ada.id]);
    // `_` is a literal underscore in an address, not LIKE's any-character.
    expect(await search(db, `grace_${tag}@`)).toEqual([grace.id]);
    expect(await search(db, `grace-${tag}@`)).toEqual([]);
  });

  it('turns what was typed into a safe prefix query', () => {
    expect(nameQuery('Ada  Lov')).toBe('ada:* & lov:*');
    expect(nameQuery("O'Brien & | !x")).toBe('o:* & brien:* & x:*');
    expect(nameQuery('Müller')).toBe('müller:*');
    expect(nameQuery('&|!')).toBeNull();
  });
});
