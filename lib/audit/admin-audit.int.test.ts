import { describe, expect, it } from 'vitest';
import { countAudit, iterateAudit, listAuditForAdmin } from '@/db/queries/admin-audit';
import { seedUser, uniqueSuffix } from '@/db/seed/factories';
import { setupTestDb } from '@/tests/support/test-db';
import { auditAdminChange } from './admin-change';
import { parseAuditFilters } from './filters';

const handle = setupTestDb();
const db = () => handle().db;

describe('the admin audit log', () => {
  it('filters by actor (email or id), action (exact or prefix), target and date; pages and exports every row once', async () => {
    const admin = await seedUser(db(), { role: 'admin' });
    const entity = `ent-${uniqueSuffix()}`;
    for (let i = 0; i < 5; i += 1) {
      await auditAdminChange(db(), { adminId: admin.id, action: i % 2 ? 'coupon.create' : 'coupon_x.other', entityType: 'coupon', entityId: entity, before: null, after: { n: i } });
    }
    const byEmail = await listAuditForAdmin(db(), { actor: admin.email.toUpperCase(), entityId: entity }, null);
    expect(byEmail.rows).toHaveLength(5);
    expect(byEmail.rows[0]).toMatchObject({ actorEmail: admin.email, data: { after: { n: 4 } } });
    expect((await listAuditForAdmin(db(), { actor: admin.id, action: 'coupon.', entityId: entity }, null)).rows.map((r) => r.action)).toEqual(['coupon.create', 'coupon.create']);
    expect((await listAuditForAdmin(db(), { action: 'coupon.create', entityId: entity, actorType: 'stripe' }, null)).rows).toEqual([]);
    expect((await listAuditForAdmin(db(), { entityId: entity, from: new Date(Date.now() + 86_400_000) }, null)).rows).toEqual([]);

    const first = await listAuditForAdmin(db(), { entityId: entity }, null, 2);
    const second = await listAuditForAdmin(db(), { entityId: entity }, first.nextCursor, 2);
    expect(second.rows[0]!.id).toBeLessThan(first.rows[1]!.id);
    const exported: number[] = [];
    for await (const batch of iterateAudit(db(), { entityId: entity }, 2)) exported.push(...batch.map((r) => r.id));
    expect(exported).toEqual(byEmail.rows.map((r) => r.id));
    expect(await countAudit(db(), { entityId: entity })).toBe(5);
  });

  it('drops malformed filter values and names them', () => {
    const parsed = parseAuditFilters({ actorType: 'robot', action: 'coupon.', from: '2026-02-31x', before: '-4', entityType: 'coupon' });
    expect(parsed.filter).toMatchObject({ action: 'coupon.', entityType: 'coupon' });
    expect(parsed.dropped.sort()).toEqual(['actorType', 'before', 'from']);
    expect(parsed.before).toBeNull();
  });
});
