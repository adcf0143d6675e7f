#!/usr/bin/env node
// `stripe-sandbox`: the offline Stripe server on its own, configured by the environment
// (README.md, "Run it"). The package ships its TypeScript source; tsx compiles it on load.
import { register } from 'tsx/esm/api';

register();
await import('../main.ts');
