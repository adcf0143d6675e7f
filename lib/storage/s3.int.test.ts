import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from '@20minutes/s3rver';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLog, courses } from '@/db/schema';
import { seedCourse, seedUser } from '@/db/seed/factories';
import type { SessionUser } from '@/lib/auth/guards';
import { setupTestDb } from '@/tests/support/test-db';
import { setStorageForTests } from '.';
import { S3Storage } from './s3';

// Covers in a real S3-compatible server (s3rver, in this process, on a free port) through the
// AWS SDK v3, uploaded by the admin's own server action and served by the app's /media route.

const getDb = setupTestDb();
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
const cache = vi.hoisted(() => ({ tags: [] as string[] }));

vi.mock('server-only', () => ({}));
vi.mock('next/cache', () => ({
  revalidatePath: () => undefined,
  revalidateTag: (tag: string) => void cache.tags.push(tag),
  updateTag: (tag: string) => void cache.tags.push(tag),
}));
vi.mock('@/lib/auth/guards', () => ({ getSessionUser: async () => session.user }));
vi.mock('@/db/client', async (importOriginal) => ({ ...(await importOriginal<typeof import('@/db/client')>()), getDb: async () => getDb().db }));

const BUCKET = 'bursar-covers';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
let server: S3rver;
let directory: string;
let endpoint: string;
let storage: S3Storage;
let raw: S3Client;

beforeAll(async () => {
  // forbidden() needs experimental.authInterrupts, which next.config.ts sets for the app.
  process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = 'true';
  directory = mkdtempSync(join(tmpdir(), 'bursar-s3rver-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: BUCKET }] });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  storage = new S3Storage({ bucket: BUCKET, region: 'us-east-1', endpoint, forcePathStyle: true, ...CREDENTIALS });
  raw = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: CREDENTIALS });
  // The test's own listing only: s3rver signs a bucket-level path without the trailing slash
  // the SDK sends (`/bucket/?list-type=2`), so it is dropped before signing. The storage
  // itself never lists.
  raw.middlewareStack.add(
    (next) => (args) => {
      const request = args.request as { path?: string };
      if (typeof request.path === 'string' && /^\/[^/]+\/$/.test(request.path)) request.path = request.path.slice(0, -1);
      return next(args);
    },
    { step: 'build', name: 's3rverBucketPath' },
  );
  setStorageForTests(storage);
});

afterAll(async () => {
  setStorageForTests(undefined);
  storage?.destroy();
  raw?.destroy();
  await server?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

// A real 1×1 PNG and the start of a WebP: the uploader sniffs the bytes.
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082', 'hex');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(14, 1)]);

async function keysInBucket(): Promise<string[]> {
  const listed = await raw.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '').sort();
}

function coverForm(courseId: string, bytes: Buffer, type: string, name = 'cover.png'): FormData {
  const data = new FormData();
  data.set('courseId', courseId);
  data.set('cover', new File([new Uint8Array(bytes)], name, { type }));
  return data;
}

async function serve(imageUrl: string): Promise<Response> {
  const { GET } = await import('@/app/media/[...key]/route');
  const key = imageUrl.replace(/^\/media\//, '').split('/');
  return GET(new Request(`http://localhost${imageUrl}`), { params: Promise.resolve({ key }) });
}

describe('S3Storage against an S3-compatible server', () => {
  it('writes, reads, overwrites and deletes objects with their content type', async () => {
    await storage.put('covers/a-1.png', PNG, 'image/png');
    expect(await storage.get('covers/a-1.png')).toEqual({ bytes: PNG, contentType: 'image/png' });
    const head = await raw.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'covers/a-1.png' }));
    expect(head).toMatchObject({ ContentType: 'image/png', ContentLength: PNG.length, CacheControl: 'public, max-age=31536000, immutable' });

    // Same key again: the newest bytes win.
    const other = Buffer.concat([PNG, Buffer.from('trailing')]);
    await storage.put('covers/a-1.png', other, 'image/png');
    expect((await storage.get('covers/a-1.png'))?.bytes.equals(other)).toBe(true);

    await storage.delete('covers/a-1.png');
    expect(await storage.get('covers/a-1.png')).toBeNull();
    // Deleting what is not there is fine; unknown and unsafe keys read as nothing.
    await storage.delete('covers/a-1.png');
    expect(await storage.get('covers/missing.png')).toBeNull();
    expect(await storage.get('covers/../secret.png')).toBeNull();
    expect(await storage.get('covers/a-1.html')).toBeNull();
    await expect(storage.put('../x.png', PNG, 'image/png')).rejects.toThrow(/Unsafe storage key/);
  });

  it('fails loudly with wrong credentials instead of reading as missing', async () => {
    const wrong = new S3Storage({ bucket: BUCKET, region: 'us-east-1', endpoint, forcePathStyle: true, accessKeyId: 'S3RVER', secretAccessKey: 'not-the-secret' });
    try {
      await expect(wrong.put('covers/x.png', PNG, 'image/png')).rejects.toThrow();
      await storage.put('covers/x.png', PNG, 'image/png');
      await expect(wrong.get('covers/x.png')).rejects.toThrow();
    } finally {
      wrong.destroy();
      await storage.delete('covers/x.png');
    }
  });
});

describe('cover uploads through the admin action, stored in S3', () => {
  it('uploads, serves, replaces (removing the old object) and removes a cover; refuses bad files writing nothing', async () => {
    const { db } = getDb();
    const actions = await import('@/app/(admin)/admin/courses/actions');
    const admin = await seedUser(db, { role: 'admin' });
    const learner = await seedUser(db);
    const { course } = await seedCourse(db);
    const row = async () => (await db.select({ imageUrl: courses.imageUrl }).from(courses).where(eq(courses.id, course.id)))[0]?.imageUrl ?? null;

    // Only an admin may upload.
    session.user = { id: learner.id, email: learner.email, name: null, role: 'learner' };
    await expect(actions.uploadCoverAction({}, coverForm(course.id, PNG, 'image/png'))).rejects.toMatchObject({ digest: 'NEXT_HTTP_ERROR_FALLBACK;403' });
    expect(await keysInBucket()).toEqual([]);

    session.user = { id: admin.id, email: admin.email, name: null, role: 'admin' };
    cache.tags = [];
    expect(await actions.uploadCoverAction({}, coverForm(course.id, PNG, 'image/png'))).toEqual({ data: { saved: true } });
    const first = await row();
    expect(first).toMatch(/^\/media\/covers\/[0-9a-f-]+-[0-9a-f]{32}\.png$/);
    expect(cache.tags).toContain('catalog');
    const firstKey = first!.replace('/media/', '');
    expect(await keysInBucket()).toEqual([firstKey]);
    const stored = await raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: firstKey }));
    expect(stored.ContentType).toBe('image/png');
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(PNG)).toBe(true);

    const served = await serve(first!);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('content-length')).toBe(String(PNG.length));
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    // The same file again is the same object; nothing is removed.
    await actions.uploadCoverAction({}, coverForm(course.id, PNG, 'image/png'));
    expect(await row()).toBe(first);
    expect(await keysInBucket()).toEqual([firstKey]);

    // A new cover replaces the object: the old one is gone from the bucket and the route.
    await actions.uploadCoverAction({}, coverForm(course.id, WEBP, 'image/webp', 'cover.webp'));
    const second = await row();
    expect(second).toMatch(/\.webp$/);
    expect(await keysInBucket()).toEqual([second!.replace('/media/', '')]);
    expect((await serve(first!)).status).toBe(404);
    const servedWebp = await serve(second!);
    expect(servedWebp.headers.get('content-type')).toBe('image/webp');

    // Refusals: wrong type, a lie about the type, over 2 MB, no file. Nothing written.
    const refusals = [
      coverForm(course.id, Buffer.from('<svg onload="alert(1)"/>'), 'image/svg+xml', 'x.svg'),
      coverForm(course.id, PNG, 'image/jpeg', 'x.jpg'),
      coverForm(course.id, Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]), 'image/png'),
      coverForm(course.id, Buffer.alloc(0), 'image/png'),
    ];
    const answers = [];
    for (const form of refusals) answers.push(await actions.uploadCoverAction({}, form));
    expect(answers[0]).toEqual({ serverError: 'Use a PNG, JPEG or WebP image.' });
    expect(answers[1]).toEqual({ serverError: 'The file says it is image/jpeg but its contents are image/png.' });
    expect(JSON.stringify(answers[2])).toContain('larger than 2 MB');
    expect(JSON.stringify(answers[3])).toContain('Choose an image file.');
    expect(await row()).toBe(second);
    expect(await keysInBucket()).toEqual([second!.replace('/media/', '')]);

    // Removing the cover empties the bucket; the course falls back to its generated cover.
    const remove = new FormData();
    remove.set('courseId', course.id);
    expect(await actions.removeCoverAction({}, remove)).toEqual({ data: { saved: true } });
    expect(await row()).toBeNull();
    expect(await keysInBucket()).toEqual([]);

    const audits = await db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityId, course.id), eq(auditLog.entityType, 'course')));
    expect(audits.map((a) => a.action).sort()).toEqual(['course.cover', 'course.cover', 'course.cover', 'course.cover_remove']);
  });
});
