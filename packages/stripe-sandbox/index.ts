/**
 * `@bursar/stripe-sandbox`: an offline, stateful server that speaks Stripe's REST API
 * (version 2026-10-28.endive) for the real `stripe` SDKs — see README.md.
 *
 * The public entry: start a sandbox in-process (tests, dev launchers) and the types that go
 * with it. `bin/stripe-sandbox.mjs` runs one on its own from the environment.
 */
export {
  DEFAULT_ENDPOINT_ID,
  SANDBOX_DEFAULT_PORT,
  SANDBOX_DEFAULT_WEBHOOK_SECRET,
  startSandbox,
  type RunningSandbox,
  type StartSandboxOptions,
} from './server';
export { API_VERSION } from './core/events';
/** The live sandbox behind `RunningSandbox.sandbox` (store, clock, events, faults), for tests that look inside. */
export type { Sandbox } from './core/sandbox';
export type { DunningConfig } from './billing/model';
