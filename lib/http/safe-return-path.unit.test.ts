import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './safe-return-path';

const APP_URL = 'https://bursar.example';

describe('safeReturnPath', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeReturnPath('/courses/sql?currency=eur', '/')).toBe('/courses/sql?currency=eur');
    expect(safeReturnPath('/account#billing', '/')).toBe('/account#billing');
  });

  it('refuses absolute, protocol-relative and backslash URLs', () => {
    for (const value of ['https://evil.example/x', '//evil.example/x', '/\\evil.example/x', 'javascript:alert(1)', '', null, undefined]) {
      expect(safeReturnPath(value, '/account')).toBe('/account');
    }
  });

  it('refuses control characters and whitespace that browsers strip (/<TAB>/host)', () => {
    for (const value of ['/\t/evil.example', '/\n/evil.example', '/\r/evil.example', '/ /evil.example', '/\u0000x', '/\u00a0/evil.example', '/x\u2028y', '/\u007f']) {
      expect(safeReturnPath(value, '/account')).toBe('/account');
    }
  });

  it('refuses paths that normalise into protocol-relative ones', () => {
    expect(safeReturnPath('/.//evil.example', '/')).toBe('/');
    expect(safeReturnPath('/..//evil.example', '/')).toBe('/');
  });

  it('answers non-ASCII percent-encoded, so it is a valid Location', () => {
    expect(safeReturnPath('/courses/café', '/')).toBe('/courses/caf%C3%A9');
  });

  it('for any input, the browser lands on APP_URL\'s origin', () => {
    const tricky = fc.constantFrom('/', '//', '\\', '\t', '\n', ' ', '.', '..', ':', '@', '%2f', '%5c', 'evil.example', 'https:', '#', '?', '\u0000', '\u00a0', 'é');
    const input = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.array(tricky, { maxLength: 12 }).map((parts) => parts.join('')));
    fc.assert(
      fc.property(input, (value) => {
        const path = safeReturnPath(value, '/fallback');
        // What a browser does with a Location header: strip tabs/newlines, resolve on the page.
        const followed = new URL(path.replace(/[\t\n\r]/g, ''), APP_URL);
        expect(followed.origin).toBe(APP_URL);
        expect(path.startsWith('/')).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
