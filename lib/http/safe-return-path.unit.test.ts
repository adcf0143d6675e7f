import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './safe-return-path';

describe('safeReturnPath', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeReturnPath('/courses/sql?currency=eur', '/')).toBe('/courses/sql?currency=eur');
  });

  it('refuses absolute, protocol-relative and backslash URLs', () => {
    for (const value of ['https://evil.example/x', '//evil.example/x', '/\\evil.example/x', 'javascript:alert(1)', '', null, undefined]) {
      expect(safeReturnPath(value, '/account')).toBe('/account');
    }
  });
});
