import { getStorage } from '@/lib/storage';

export const runtime = 'nodejs';

/**
 * Uploaded public files (course covers) by key. Keys are content-addressed
 * (`covers/<course>-<sha256>.<ext>`), so a response never changes and can be cached for good.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ key: string[] }> }): Promise<Response> {
  const { key } = await params;
  const object = key[0] === 'covers' ? await getStorage().get(key.join('/')) : null;
  if (!object) return Response.json({ error: { code: 'not_found', message: 'No such file.' } }, { status: 404 });
  return new Response(new Uint8Array(object.bytes), {
    headers: {
      'content-type': object.contentType,
      'content-length': String(object.bytes.length),
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    },
  });
}
