import { describe, expect, it } from 'vitest';
import {
  getOrRender,
  invalidatePages,
  isCacheablePath,
  isDocumentRequest,
  nonceOf,
  PAGE_CACHE_MAX_AGE_MS,
  pageCacheKey,
  type Rendered,
  toCachedPage,
  withNonce,
} from './page-cache';

const NONCE = 'q1w2e3r4t5y6u7i8o9p0aQ==';
function rendered(html: string, init: { status?: number; nonce?: string; headers?: Record<string, string> } = {}): Rendered {
  const nonce = init.nonce ?? NONCE;
  return {
    status: init.status ?? 200,
    headers: new Headers({ 'content-type': 'text/html; charset=utf-8', 'content-security-policy': `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`, ...init.headers }),
    html,
  };
}
const doc = (body: string, nonce = NONCE) => `<html><script nonce="${nonce}">self.__next_f.push([1,"${body}"])</script></html>`;
let n = 0;
const freshKey = () => `usd /courses/k${++n}`;

describe('which requests the page cache serves', () => {
  it('caches the catalog, course pages and pricing, nothing else', () => {
    expect(['/', '/pricing', '/courses/typescript-basics'].every(isCacheablePath)).toBe(true);
    expect(['/about', '/account', '/courses/a/b', '/courses/UPPER', '/pricing/x', '/learn/a'].some(isCacheablePath)).toBe(false);
  });

  it('only plain document GETs: no RSC navigation, prefetch, action post or free-text search', () => {
    const get = (headers: Record<string, string> = {}, query = '') => isDocumentRequest('GET', new Headers(headers), new URLSearchParams(query));
    expect(get()).toBe(true);
    expect(get({}, 'category=Web')).toBe(true);
    expect(get({ rsc: '1' })).toBe(false);
    expect(get({ 'next-router-prefetch': '1' })).toBe(false);
    expect(get({}, '_rsc=abc')).toBe(false);
    expect(get({ 'sec-fetch-dest': 'document' })).toBe(true);
    expect(get({ 'sec-fetch-dest': 'empty' })).toBe(false);
    expect(get({}, 'q=react')).toBe(false);
    expect(isDocumentRequest('POST', new Headers({ 'next-action': 'x' }), new URLSearchParams())).toBe(false);
    expect(isDocumentRequest('HEAD', new Headers(), new URLSearchParams())).toBe(false);
  });

  it('keys by currency, path and sorted query; the currency parameter is the currency part', () => {
    expect(pageCacheKey('/', new URLSearchParams('level=beginner&category=Web'), 'usd')).toBe(pageCacheKey('/', new URLSearchParams('category=Web&level=beginner'), 'usd'));
    expect(pageCacheKey('/', new URLSearchParams(''), 'usd')).not.toBe(pageCacheKey('/', new URLSearchParams(''), 'eur'));
    expect(pageCacheKey('/pricing', new URLSearchParams('currency=eur'), 'eur')).toBe('eur /pricing');
  });
});

describe('what is stored', () => {
  it('keeps a 200 HTML answer with its nonce, and refuses the rest', () => {
    expect(nonceOf(`script-src 'self' 'nonce-${NONCE}'`)).toBe(NONCE);
    const ok = rendered(doc('a'));
    expect(toCachedPage(ok.status, ok.headers, ok.html, 0)).toMatchObject({ nonce: NONCE });
    const notFound = rendered(doc('a'), { status: 404 });
    expect(toCachedPage(notFound.status, notFound.headers, notFound.html, 0)).toBeNull();
    const cookie = rendered(doc('a'), { headers: { 'set-cookie': 'a=b' } });
    expect(toCachedPage(cookie.status, cookie.headers, cookie.html, 0)).toBeNull();
    const json = rendered(doc('a'), { headers: { 'content-type': 'application/json' } });
    expect(toCachedPage(json.status, json.headers, json.html, 0)).toBeNull();
    // A document that does not carry its header's nonce cannot be given a fresh one.
    const foreign = rendered(doc('a', 'other'));
    expect(toCachedPage(foreign.status, foreign.headers, foreign.html, 0)).toBeNull();
  });

  it('answers every hit with the fresh nonce everywhere the render nonce was, and nowhere the old one', () => {
    const r = rendered(`${doc('a')}<link nonce="${NONCE}">`);
    const page = toCachedPage(r.status, r.headers, r.html, 0)!;
    const html = withNonce(page, 'FRESHnonce0000000000==');
    expect(html).not.toContain(NONCE);
    expect(html.match(/FRESHnonce0000000000==/g)).toHaveLength(2);
  });
});

describe('getOrRender', () => {
  it('renders once for concurrent misses and serves hits from memory', async () => {
    const key = freshKey();
    let renders = 0;
    const render = async () => {
      renders++;
      await new Promise((r) => setTimeout(r, 10));
      return rendered(doc('page'));
    };
    const answers = await Promise.all(Array.from({ length: 5 }, () => getOrRender(key, render)));
    expect(renders).toBe(1);
    expect(answers.filter((a) => a.rendered)).toHaveLength(1);
    expect(answers.every((a) => a.page?.html === doc('page'))).toBe(true);
    expect((await getOrRender(key, render)).rendered).toBeUndefined();
    expect(renders).toBe(1);
  });

  it('does not store an uncacheable answer but hands it to the caller that rendered it', async () => {
    const key = freshKey();
    const first = await getOrRender(key, async () => rendered('gone', { status: 404 }));
    expect(first.page).toBeNull();
    expect(first.rendered?.status).toBe(404);
    let renders = 0;
    await getOrRender(key, async () => (renders++, rendered(doc('x'))));
    expect(renders).toBe(1);
  });

  it('an invalidation drops every page, and a render that started before it is not stored', async () => {
    const key = freshKey();
    await getOrRender(key, async () => rendered(doc('old')));
    invalidatePages();
    let release!: () => void;
    const slow = getOrRender(key, async () => {
      await new Promise<void>((r) => (release = r));
      return rendered(doc('rendered-before-the-write'));
    });
    await new Promise((r) => setTimeout(r, 0));
    invalidatePages(); // a write lands while that render is in flight
    release();
    expect((await slow).page?.html).toBe(doc('rendered-before-the-write'));
    const next = await getOrRender(key, async () => rendered(doc('new')));
    expect(next.rendered).toBeDefined();
    expect(next.page?.html).toBe(doc('new'));
  });

  it('serves nothing older than the maximum age (writes made by other processes)', async () => {
    const key = freshKey();
    let now = 1_000;
    await getOrRender(key, async () => rendered(doc('v1')), () => now);
    now += PAGE_CACHE_MAX_AGE_MS - 1;
    expect((await getOrRender(key, async () => rendered(doc('v2')), () => now)).page?.html).toBe(doc('v1'));
    now += 2;
    expect((await getOrRender(key, async () => rendered(doc('v2')), () => now)).page?.html).toBe(doc('v2'));
  });

  it('a failed render is not cached and the next request tries again', async () => {
    const key = freshKey();
    await expect(getOrRender(key, async () => { throw new Error('connection refused'); })).rejects.toThrow('connection refused');
    expect((await getOrRender(key, async () => rendered(doc('ok')))).page?.html).toBe(doc('ok'));
  });
});
