// The full schema, by domain. `db/client.ts` passes all of it to drizzle so `db.query.*` works.
export * from './admin';
export * from './alerts';
export * from './auth';
export * from './billing';
export * from './catalog';
export * from './coupons';
export * from './enrollments';
export * from './enums';
export * from './mailbox';
export * from './metrics';
export * from './ops';
export * from './reconciliation';
export * from './settings';
export * from './refunds';
export * from './sms';
export * from './relations';
export * from './subscriptions';
