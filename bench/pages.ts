/**
 * `npm run bench:pages` — how fast the storefront's public pages answer a launch-day crowd,
 * against a production build (`next build` first).
 *
 * 1. A fresh PGlite under .data/bench-pages, migrated and seeded with the demo catalog, plus
 *    one signed-in learner (a database session, as Auth.js keeps them).
 * 2. `next start` on that database. For the catalog, a course page and /pricing, and beside
 *    them two references of the same app, BENCH_CONNECTIONS keep-alive connections request the
 *    page for BENCH_SECONDS, first as an anonymous visitor, then with the learner's session
 *    cookie. The references: /robots.txt, prerendered at build time and served from Next's cache
 *    (what a cached page costs), and /about, whose content is the same for every visitor but
 *    which renders per request like every page here (the per-request CSP nonce). Each page's rate
 *    is printed with its ratio to both references' rates in the same run. Also measured:
 *    /api/visitor, the per-visitor hole a browser asks once per page view.
 * 3. Each page's JavaScript: every /_next/static/…js the HTML references (script tags and the
 *    client components named in its inlined payload), gzipped, beside the floor: the same for
 *    the app's 404 page, which renders nothing but the shared layout. And each page's document
 *    (HTML with its inlined RSC payload), raw and gzipped: what every request renders.
 *
 * Environment: BENCH_SECONDS (default 6, split over BENCH_ROUNDS interleaved rounds, default 3),
 * BENCH_CONNECTIONS (8), BENCH_PORT (3800).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const PORT = Number(process.env.BENCH_PORT ?? 3800);
const DATA_DIR = '.data/bench-pages';
const COURSE = 'typescript-for-javascript-developers';

rmSync(DATA_DIR, { recursive: true, force: true });
// Next's data cache lives on disk beside the build and outlives the server: entries from a run on
// the database just deleted (other course ids) would be served for minutes (lib/catalog/cached.ts).
rmSync('.next/cache/fetch-cache', { recursive: true, force: true });
Object.assign(process.env, { DATA_DIR, PGLITE_DIR: `${DATA_DIR}/pglite`, APP_URL: `http://127.0.0.1:${PORT}` });

const { getDb, closeDb } = await import('../db/client');
const { seedDemo } = await import('../db/seed/demo');
const { seedUser } = await import('../db/seed/factories');
const schema = await import('../db/schema');

const db = await getDb();
await seedDemo(db);
const learner = await seedUser(db);
const sessionToken = randomBytes(32).toString('hex');
await db.insert(schema.sessions).values({ sessionToken, userId: learner.id, expires: new Date(Date.now() + 86_400_000) });
await closeDb();

console.log(`starting next start on :${PORT}…`);
const server = spawn('node_modules/.bin/next', ['start', '-p', String(PORT), '-H', '127.0.0.1'], {
  env: { ...process.env, NODE_ENV: 'production', BURSAR_DEMO_MODE: '1', JOBS_IN_PROCESS: '0' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const stop = () => server.kill('SIGTERM');
process.on('exit', stop);

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
type Answer = { status: number; body: Buffer; headers: http.IncomingHttpHeaders };

function get(path: string, cookie?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port: PORT, path, agent, headers: cookie ? { cookie } : {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks), headers: response.headers }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

for (let i = 0; ; i++) {
  try {
    if ((await get('/api/health')).status === 200) break;
  } catch {
    /* not up yet */
  }
  if (i > 120) throw new Error('next start did not come up');
  await new Promise((r) => setTimeout(r, 500));
}

type Result = { rate: number; p50: number; p99: number; errors: number; requests: number };

async function load(path: string, cookie: string | undefined, seconds: number): Promise<Result> {
  const times: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const answer = await get(path, cookie).catch(() => null);
        if (answer?.status === 200) times.push(performance.now() - t);
        else errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN;
  return { rate: times.length / elapsed, p50: pct(0.5), p99: pct(0.99), errors, requests: times.length };
}

/** gzip bytes of every JS chunk the page's HTML references. */
const chunkSizes = new Map<string, number>();
async function pageScripts(path: string, cookie?: string): Promise<Set<string>> {
  const html = (await get(path, cookie)).body.toString('utf8');
  // Script tags, and chunk paths inside the inlined RSC payload (escaped quotes included).
  const found = new Set<string>();
  for (const match of html.matchAll(/\/?_next\/static\/[A-Za-z0-9_\-./~%]+?\.js/g)) found.add(`/${match[0].replace(/^\//, '')}`);
  for (const src of found) {
    if (chunkSizes.has(src)) continue;
    const answer = await get(src);
    chunkSizes.set(src, answer.status === 200 ? gzipSync(answer.body).length : 0);
  }
  return found;
}
const kb = (scripts: Set<string>) => [...scripts].reduce((sum, src) => sum + (chunkSizes.get(src) ?? 0), 0) / 1024;

const cookie = `authjs.session-token=${sessionToken}`;
// Two references: /about renders per request like every page here (the root layout reads the
// per-request CSP nonce, see docs/performance.md), so it is the floor for a rendered page;
// /robots.txt is prerendered at build time and served from Next's cache through the same proxy,
// so it is the floor for a cached response (the issue's "static page").
const STATIC = { label: 'prerendered (/robots.txt)', path: '/robots.txt' };
const pages = [
  { label: 'rendered reference (/about)', path: '/about' },
  { label: 'catalog (/)', path: '/' },
  { label: 'course page', path: `/courses/${COURSE}` },
  { label: 'pricing', path: '/pricing' },
];

// The signed-in parts of a page are holes filled from /api/visitor (the HTML is the same for
// every visitor, docs/performance.md "Holes"): in a browser each page view also asks it once.
const HOLE = { label: 'visitor hole (/api/visitor?course=…)', path: `/api/visitor?course=${COURSE}` };

// Prove the session works before measuring with it: the pages' HTML no longer names the
// visitor, so ask the visitor route.
const visitor = JSON.parse((await get(HOLE.path, cookie)).body.toString('utf8')) as { signedIn?: boolean; email?: string };
if (!visitor.signedIn || visitor.email !== learner.email) throw new Error('the session cookie did not sign the learner in');

// Interleaved rounds: every page is measured in each round, so load from elsewhere on the
// machine falls on all pages alike instead of on whichever ran during a busy minute.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const cells = (['anonymous', 'signed-in'] as const).flatMap((visitor) =>
  [STATIC, ...pages, HOLE].map((page) => ({ visitor, page, samples: [] as Result[] })),
);
for (const cell of cells) await load(cell.page.path, cell.visitor === 'signed-in' ? cookie : undefined, 1); // warm-up: JIT, data caches
for (let round = 0; round < ROUNDS; round++) {
  for (const cell of cells) cell.samples.push(await load(cell.page.path, cell.visitor === 'signed-in' ? cookie : undefined, SECONDS / ROUNDS));
}
function combine(samples: Result[]): Result {
  // Rate over the whole measured time; latency percentiles of the rounds' median.
  const requests = samples.reduce((sum, s) => sum + s.requests, 0);
  const sorted = [...samples].sort((a, b) => a.p99 - b.p99);
  const mid = sorted[Math.floor(sorted.length / 2)]!;
  const elapsed = samples.reduce((sum, s) => sum + (s.rate > 0 ? s.requests / s.rate : SECONDS / ROUNDS), 0);
  return { rate: requests / elapsed, p50: mid.p50, p99: mid.p99, errors: samples.reduce((sum, s) => sum + s.errors, 0), requests };
}
const rows: string[][] = [];
for (const cell of cells) {
  const result = combine(cell.samples);
  const prerendered = combine(cells.find((c) => c.visitor === cell.visitor && c.page === STATIC)!.samples);
  const rendered = combine(cells.find((c) => c.visitor === cell.visitor && c.page === pages[0])!.samples);
  rows.push([
    cell.visitor,
    cell.page.label,
    result.rate.toFixed(0),
    `${((result.rate / prerendered.rate) * 100).toFixed(0)} %`,
    `${((result.rate / rendered.rate) * 100).toFixed(0)} %`,
    result.p50.toFixed(1),
    result.p99.toFixed(1),
    String(result.errors),
  ]);
}

const floor = await pageScripts('/this-page-does-not-exist');
const jsRows: string[][] = [];
for (const page of pages) {
  const scripts = await pageScripts(page.path);
  const signedIn = await pageScripts(page.path, cookie);
  // The document itself (HTML plus the inlined RSC payload), what every request renders.
  const html = (await get(page.path)).body;
  jsRows.push([
    page.label,
    kb(scripts).toFixed(1),
    `+${(kb(scripts) - kb(floor)).toFixed(1)}`,
    `+${(kb(signedIn) - kb(floor)).toFixed(1)}`,
    (html.length / 1024).toFixed(1),
    (gzipSync(html).length / 1024).toFixed(1),
  ]);
}

stop();
await new Promise((r) => server.on('exit', r));

function table(head: string[], body: string[][], textColumns = 2) {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < textColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w, i) => (i < textColumns ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of body) console.log(line(row));
}

console.log(`\nnext start, ${CONNECTIONS} connections, ${SECONDS} s per page in ${ROUNDS} interleaved rounds (ratios: to each reference, same visitor, same run; p50/p99: the median round)\n`);
table(['visitor', 'page', 'req/s', 'vs prerendered', 'vs /about', 'p50 ms', 'p99 ms', 'errors'], rows);
console.log(`\nJavaScript per page (gzip KB); floor = the 404 page's ${kb(floor).toFixed(1)} KB\n`);
table(['page', 'anonymous KB', 'above floor', 'signed-in above floor', 'HTML KB', 'HTML gzip KB'], jsRows, 1);
process.exit(0);
