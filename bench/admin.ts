/**
 * `npm run bench:admin` — the admin dashboard on a realistic history, against a production build
 * (`next build` first) and a PostgreSQL database filled by `npm run db:seed:scale` (100k
 * learners, 1M payments). Set DATABASE_URL to that database.
 *
 * 1. An admin session is added to the database (as Auth.js keeps them) and `next start` runs on
 *    it (demo mode, no job loop, so only the requests measured use the machine).
 * 2. Each page is requested BENCH_REQUESTS times one after another (after BENCH_WARMUP warm-up
 *    requests): the overview (default 30 days, and 12 months), filtered payments pages, searches
 *    by email, Stripe id and name; p50 and p95 server response times (full body read), with the
 *    reference — /api/health, a route of the same app that reads the database once — measured
 *    in the same run, interleaved, and each page's ratio to it.
 * 3. The CSV export of every payment: rows/s and the server's peak resident memory while it
 *    streams (sampled from /proc every 50 ms), beside its memory before.
 *
 * Environment: DATABASE_URL (required), BENCH_REQUESTS (40), BENCH_WARMUP (5), BENCH_PORT (3460).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const PORT = Number(process.env.BENCH_PORT ?? 3460);
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('bench:admin needs DATABASE_URL: a PostgreSQL database filled by `npm run db:seed:scale`.');
  process.exit(1);
}

const sql = postgres(url, { max: 1, onnotice: () => {} });
const [counts] = await sql`select (select count(*) from payments)::int as payments, (select count(*) from users)::int as users`;
if (!counts || counts.payments < 1000) {
  console.error(`bench:admin: the database holds ${counts?.payments ?? 0} payments; run \`npm run db:seed:scale\` first.`);
  process.exit(1);
}
const [admin] = await sql`insert into users (email, name, role) values ('bench-admin@bursar.test', 'Bench Admin', 'admin')
  on conflict (email) do update set role = 'admin' returning id`;
const sessionToken = randomBytes(32).toString('hex');
await sql`insert into sessions (session_token, user_id, expires) values (${sessionToken}, ${admin!.id}, now() + interval '1 day')`;
// Realistic search targets, picked from the data.
const [sample] = await sql`select u.email, u.name, p.stripe_payment_intent_id as pi, p.course_id as course
  from payments p join users u on u.id = p.user_id where p.status = 'succeeded' and p.course_id is not null order by p.created_at desc offset 5000 limit 1`;
await sql.end();
if (!sample) throw new Error('no sample payment');
const cookie = `authjs.session-token=${sessionToken}`;
console.log(`bench:admin on ${counts.payments.toLocaleString('en-US')} payments, ${counts.users.toLocaleString('en-US')} users; ${REQUESTS} requests per page after ${WARMUP} warm-up`);

console.log(`starting next start on :${PORT}…`);
const server = spawn('node_modules/.bin/next', ['start', '-p', String(PORT), '-H', '127.0.0.1'], {
  env: { ...process.env, NODE_ENV: 'production', BURSAR_DEMO_MODE: '1', JOBS_IN_PROCESS: '0', APP_URL: `http://127.0.0.1:${PORT}`, DATA_DIR: '.data/bench-admin' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
process.on('exit', () => server.kill('SIGTERM'));

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(path: string, onChunk?: (chunk: Buffer) => void): Promise<{ status: number; ms: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port: PORT, path, agent, headers: { cookie } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        onChunk?.(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - started, bytes }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

for (let i = 0; ; i++) {
  try {
    if ((await get('/api/health')).status < 500) break;
  } catch {
    // not up yet
  }
  if (i > 240) throw new Error('next start did not come up');
  await new Promise((r) => setTimeout(r, 500));
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const REFERENCE = '/api/health';
const pages: Array<{ name: string; path: string; budget: number }> = [
  { name: 'overview (30 days)', path: '/admin', budget: 300 },
  { name: 'overview (12 months)', path: '/admin?range=12m', budget: 300 },
  { name: 'payments: succeeded, EUR', path: '/admin/payments?status=succeeded&currency=eur', budget: 100 },
  { name: 'payments: refunded, one course, 90 days', path: `/admin/payments?status=refunded&product=course:${sample.course}&range=90d`, budget: 100 },
  { name: 'payments: page 2 (keyset)', path: '', budget: 100 },
  { name: 'search: email', path: `/admin/payments?q=${encodeURIComponent(sample.email)}`, budget: 100 },
  { name: 'search: PaymentIntent id', path: `/admin/payments?q=${sample.pi}`, budget: 100 },
  { name: 'search: name', path: `/admin/payments?q=${encodeURIComponent(String(sample.name).split(' ')[1] ?? 'Turing')}`, budget: 100 },
];
// Page 2: follow the "Older" link of the first filtered page.
{
  const html = await new Promise<string>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: PORT, path: pages[2]!.path, agent, headers: { cookie } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
  const tag = /<a[^>]*rel="next"[^>]*>/.exec(html)?.[0] ?? '';
  const next = /href="([^"]+)"/.exec(tag)?.[1]?.replaceAll('&amp;', '&');
  if (!next) throw new Error('no "Older" link on the payments page');
  pages[4]!.path = next;
}

for (const page of [...pages.map((p) => p.path), REFERENCE]) {
  for (let i = 0; i < WARMUP; i++) {
    const answer = await get(page);
    if (answer.status !== 200) throw new Error(`${page} answered ${answer.status}`);
  }
}
const times = new Map<string, number[]>([[REFERENCE, []], ...pages.map((p) => [p.path, []] as [string, number[]])]);
for (let i = 0; i < REQUESTS; i++) {
  // Interleaved: every page and the reference see the same machine load.
  for (const path of [REFERENCE, ...pages.map((p) => p.path)]) times.get(path)!.push((await get(path)).ms);
}
const ref = times.get(REFERENCE)!.sort((a, b) => a - b);
const refP50 = pct(ref, 50);
console.log(`\n${'page'.padEnd(42)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'budget'.padStart(7)} ${'p50/ref'.padStart(8)}`);
console.log(`${'reference: /api/health'.padEnd(42)} ${refP50.toFixed(1).padStart(8)} ${pct(ref, 95).toFixed(1).padStart(8)} ${''.padStart(7)} ${'1.0×'.padStart(8)}`);
for (const page of pages) {
  const sorted = times.get(page.path)!.sort((a, b) => a - b);
  const p95 = pct(sorted, 95);
  console.log(`${page.name.padEnd(42)} ${pct(sorted, 50).toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${`${page.budget}`.padStart(7)} ${`${(pct(sorted, 50) / refP50).toFixed(1)}×`.padStart(8)}${p95 > page.budget ? '  OVER BUDGET' : ''}`);
}

// CSV export of everything: rows/s and the server's resident memory while streaming.
const rss = () => {
  const status = readFileSync(`/proc/${serverPid()}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};
function serverPid(): number {
  // `next start` forks the server; the listening process is the child (next-server).
  const children = readFileSync(`/proc/${server.pid}/task/${server.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return children[0] ?? server.pid!;
}
const before = rss();
let peak = before;
const sampler = setInterval(() => (peak = Math.max(peak, rss())), 50);
let lines = 0;
const exported = await get('/admin/payments/export', (chunk) => {
  for (const byte of chunk) if (byte === 10) lines += 1;
});
clearInterval(sampler);
peak = Math.max(peak, rss());
const rows = lines - 1;
console.log(`\nCSV export of every payment: ${rows.toLocaleString('en-US')} rows, ${(exported.bytes / 1048576).toFixed(0)} MB in ${(exported.ms / 1000).toFixed(1)} s = ${Math.round(rows / (exported.ms / 1000)).toLocaleString('en-US')} rows/s`);
console.log(`server memory (RSS): ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB while streaming (+${(peak - before).toFixed(0)} MB)`);
server.kill('SIGTERM');
process.exit(0);
