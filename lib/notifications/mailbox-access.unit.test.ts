import { describe, expect, it } from 'vitest';
import { bindMailbox, MAILBOX_BINDING_SECONDS, mailboxAccessFor, mayBindMailbox, readMailboxBindings } from './mailbox-access';

const SECRET = 'a-test-secret-of-enough-length-0123456789';

describe('mailbox access', () => {
  it('is open in development, bound in a production demo, off otherwise', () => {
    expect(mailboxAccessFor({ NODE_ENV: 'development', emailTransport: 'local', BURSAR_DEMO_MODE: false })).toBe('open');
    expect(mailboxAccessFor({ NODE_ENV: 'production', emailTransport: 'local', BURSAR_DEMO_MODE: true })).toBe('bound');
    expect(mailboxAccessFor({ NODE_ENV: 'production', emailTransport: 'local', BURSAR_DEMO_MODE: false })).toBe('off');
    expect(mailboxAccessFor({ NODE_ENV: 'development', emailTransport: 'resend', BURSAR_DEMO_MODE: true })).toBe('off');
  });

  it('never binds an admin address without the opt-in', () => {
    expect(mayBindMailbox({ isAdmin: true, adminOptIn: false })).toBe(false);
    expect(mayBindMailbox({ isAdmin: true, adminOptIn: true })).toBe(true);
    expect(mayBindMailbox({ isAdmin: false, adminOptIn: false })).toBe(true);
  });

  it('reads back what it signed, keeps the first time an address was bound, and caps at ten', () => {
    let cookie = bindMailbox([], 'A@x.test', SECRET, 1000);
    cookie = bindMailbox(readMailboxBindings(cookie, SECRET, 2000), 'a@x.test', SECRET, 2000);
    expect(readMailboxBindings(cookie, SECRET, 3000)).toEqual([{ email: 'a@x.test', since: 1000 }]);
    for (let i = 0; i < 12; i += 1) cookie = bindMailbox(readMailboxBindings(cookie, SECRET, 3000), `u${i}@x.test`, SECRET, 3000 + i);
    const bound = readMailboxBindings(cookie, SECRET, 5000);
    expect(bound).toHaveLength(10);
    expect(bound.map((b) => b.email)).not.toContain('a@x.test');
  });

  it('ignores forged, tampered, foreign-secret and expired cookies', () => {
    const cookie = bindMailbox([], 'a@x.test', SECRET, 1000);
    const [payload, signature] = cookie.split('.');
    const other = Buffer.from(JSON.stringify([{ email: 'victim@x.test', since: 0 }])).toString('base64url');
    expect(readMailboxBindings(`${other}.${signature}`, SECRET, 2000)).toEqual([]);
    expect(readMailboxBindings(`${payload}.x${signature!.slice(1)}`, SECRET, 2000)).toEqual([]);
    expect(readMailboxBindings(cookie, 'another-secret-entirely-0123456789abcdef', 2000)).toEqual([]);
    expect(readMailboxBindings(`${cookie}.extra`, SECRET, 2000)).toEqual([]);
    expect(readMailboxBindings('garbage', SECRET, 2000)).toEqual([]);
    expect(readMailboxBindings(cookie, SECRET, 1000 + MAILBOX_BINDING_SECONDS * 1000 + 1)).toEqual([]);
  });
});
