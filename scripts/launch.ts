import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Small process helpers shared by the dev and e2e launchers. */
const children: ChildProcess[] = [];

export function bin(name: string): string {
  return `node_modules/.bin/${name}`;
}

/** Runs a command to completion, failing loudly if it fails. */
export function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

/** Starts a long-running process; if any of them dies, the launcher stops the rest and exits. */
export function startLongRunning(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(command, args, { stdio: 'inherit', env });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[${label}] exited (${signal ?? code}); stopping.`);
    stopAll(code ?? 1);
  });
  return child;
}

let stopping = false;
export function stopAll(code = 0): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopAll(0));

/**
 * The offline Stripe sandbox is a development dependency (`@bursar/stripe-sandbox`, a
 * workspace package): present after `npm install` / `npm ci`, absent from a production
 * install (`npm ci --omit=dev`), where a real Stripe key is set anyway.
 */
export function sandboxAvailable(): boolean {
  return existsSync(bin('stripe-sandbox'));
}
