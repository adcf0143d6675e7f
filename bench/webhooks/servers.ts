import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { realpathSync as fsRealpath } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type RunningServer = { url: string; stop: () => Promise<void>; pid: number };

const nextBin = (root: string) => path.join(root, 'node_modules', '.bin', 'next');

/** `next start` on a build in `dir`; resolves once it answers HTTP at all. */
export async function startNext(root: string, dir: string, port: number, env: Record<string, string | undefined>, label: string, nodeArgs: string[] = []): Promise<RunningServer> {
  // Node flags (a CPU profile) need node itself in front of Next's CLI: NODE_OPTIONS refuses them.
  const [command, args] = nodeArgs.length ? [process.execPath, [...nodeArgs, path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next')]] : [nextBin(root), []];
  const child: ChildProcess = spawn(command, [...args, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${label}: next start exited with ${child.exitCode}\n${stderr}`);
    try {
      await fetch(`${url}/`, { method: 'HEAD' }).then((r) => r.arrayBuffer());
      break;
    } catch {
      /* not up yet */
    }
    if (i > 240) throw new Error(`${label}: next start did not come up on :${port}\n${stderr}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    pid: child.pid ?? -1,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      if (stderr.trim()) console.log(`  (${label} stderr, last lines)\n${stderr.trim().split('\n').slice(-5).map((l) => `    ${l}`).join('\n')}`);
    },
  };
}

/** `npm run worker` (scripts/worker.ts) as its own process, stopped like a deployment stops it. */
export type ProcessStripeRequests = { total: number; peakPerSecond: number; byEndpoint: Record<string, number> };

export function startWorker(
  root: string,
  env: Record<string, string | undefined>,
  label: string,
  nodeArgs: string[] = [],
): RunningServer & { ready: Promise<void>; stripeRequests: () => ProcessStripeRequests | null } {
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [...nodeArgs, 'scripts/worker.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Ready once it says it runs its jobs (its modules loaded: startup is not counted as work).
  let seen = '';
  // The worker says, as it stops, what it asked Stripe (scripts/worker.ts).
  let stripeRequests: ProcessStripeRequests | null = null;
  let tail = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-100_000);
    const match = /^worker: Stripe requests (.*)\n/m.exec(tail);
    if (match) stripeRequests = JSON.parse(match[1] as string) as ProcessStripeRequests;
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (seen.length < 4096) seen += chunk.toString();
      if (/^worker .*: running /m.test(seen)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${label} exited with ${code} before it was ready`)));
  });
  ready.catch(() => {});
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  let stopping = false;
  // A worker that dies early would leave the backlog undrained with no hint why: say so at once.
  child.once('exit', (code, signal) => {
    if (!stopping) console.log(`  ${label} exited early (${signal ?? code})\n${stderr.trim().split('\n').slice(-10).map((l) => `    ${l}`).join('\n')}`);
  });
  return {
    url: '',
    ready,
    stripeRequests: () => stripeRequests,
    pid: child.pid ?? -1,
    stop: async () => {
      stopping = true;
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      if (stderr.trim()) console.log(`  (${label} stderr, last lines)\n${stderr.trim().split('\n').slice(-5).map((l) => `    ${l}`).join('\n')}`);
    },
  };
}

/** Runs a command to completion; throws with its output when it fails. */
export async function run(command: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<void> {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${code}):\n${output.slice(-4000)}`);
}

/**
 * The reference: a throwaway Next.js app with one POST route handler that reads the body and
 * answers JSON — what any Next route costs on this machine, with no proxy, no signature
 * check and no database. Same framework version, same `next start`, same production build,
 * same client and body as the webhook route, so the ratio isolates Bursar's own work. It is
 * generated outside the repository (`$TMPDIR/bursar-bench-reference`, so Next cannot pick up
 * Bursar's proxy or instrumentation; node_modules is a link to the repository's) and rebuilt
 * only when Next's version changes.
 */
export async function buildTrivialApp(root: string): Promise<string> {
  const dir = path.join(tmpdir(), 'bursar-bench-reference');
  const nextVersion = (JSON.parse(readFileSync(path.join(root, 'node_modules', 'next', 'package.json'), 'utf8')) as { version: string }).version;
  const stamp = path.join(dir, '.bench-next-version');
  if (existsSync(path.join(dir, '.next', 'BUILD_ID')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === nextVersion) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'app', 'api', 'ping'), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bursar-bench-trivial', private: true, type: 'module' }, null, 2));
  // Turbopack compiles only files under its root; the linked node_modules live elsewhere.
  const common = commonAncestor(dir, fsRealpath(root));
  writeFileSync(path.join(dir, 'next.config.mjs'), `export default { turbopack: { root: ${JSON.stringify(common)} }, outputFileTracingRoot: ${JSON.stringify(common)} };\n`);
  writeFileSync(
    path.join(dir, 'app', 'api', 'ping', 'route.js'),
    `export const dynamic = 'force-dynamic';\n\nexport async function POST(request) {\n  const body = await request.text();\n  return Response.json({ received: true, duplicate: false, status: 'queued', bytes: body.length });\n}\n`,
  );
  console.log(`building the reference app (a trivial Next.js route) in ${dir}…`);
  await run(nextBin(root), ['build'], dir, { NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' });
  writeFileSync(stamp, nextVersion);
  return dir;
}

function commonAncestor(a: string, b: string): string {
  const as = path.resolve(a).split(path.sep);
  const bs = path.resolve(b).split(path.sep);
  let i = 0;
  while (i < as.length && i < bs.length && as[i] === bs[i]) i++;
  return as.slice(0, i).join(path.sep) || path.sep;
}

/** One /proc/<pid>/stat line: [ppid, CPU seconds (user + system)], or null once the process is gone. */
function procStat(pid: number): [number, number] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields count from after it.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return [Number(fields[1]), (Number(fields[11]) + Number(fields[12])) / 100];
  } catch {
    return null;
  }
}

/**
 * CPU seconds a process and all its live descendants have used so far (Linux /proc; 0
 * elsewhere). CPU time, unlike wall time, barely depends on how many other programs share the
 * machine, so CPU milliseconds per event compare across runs on a busy machine.
 */
export function cpuSecondsOfTree(pid: number): number {
  if (!existsSync('/proc')) return 0;
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat) parents.set(stat[0], [...(parents.get(stat[0]) ?? []), Number(entry)]);
  }
  let total = 0;
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.pop() as number;
    total += procStat(next)?.[1] ?? 0;
    queue.push(...(parents.get(next) ?? []));
  }
  return total;
}

/** CPU seconds of processes by pid (PostgreSQL backends, whose pids the server names). */
export function cpuSecondsOf(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (procStat(pid)?.[1] ?? 0), 0);
}
