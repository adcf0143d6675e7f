/** What a cover may be: these three formats, sniffed from the bytes (never the name or the browser's type). */
export type ImageKind = { ext: 'png' | 'jpg' | 'webp'; contentType: string };

export const MAX_COVER_BYTES = 2 * 1024 * 1024;

/**
 * The image format of these bytes, from their signature, or null. SVG is refused on purpose:
 * it can carry script, and a cover does not need it.
 */
export function sniffImage(bytes: Buffer): ImageKind | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { ext: 'png', contentType: 'image/png' };
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { ext: 'jpg', contentType: 'image/jpeg' };
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return { ext: 'webp', contentType: 'image/webp' };
  return null;
}

export type CoverCheck = { ok: true; kind: ImageKind } | { ok: false; error: string };

export function checkCoverUpload(bytes: Buffer, declaredType: string): CoverCheck {
  if (bytes.length === 0) return { ok: false, error: 'Choose an image file.' };
  if (bytes.length > MAX_COVER_BYTES) return { ok: false, error: `The image is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; the limit is 2 MB.` };
  const kind = sniffImage(bytes);
  if (!kind) return { ok: false, error: 'Use a PNG, JPEG or WebP image.' };
  // A browser's declared type that contradicts the bytes is a renamed file or a crafted request.
  if (declaredType && declaredType !== 'application/octet-stream' && declaredType !== kind.contentType) {
    return { ok: false, error: `The file says it is ${declaredType} but its contents are ${kind.contentType}.` };
  }
  return { ok: true, kind };
}
