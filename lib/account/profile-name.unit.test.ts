import { describe, expect, it } from 'vitest';
import { profileNameSchema } from './profile-name';

describe('profileNameSchema', () => {
  it('trims and keeps names in any script', () => {
    expect(profileNameSchema.parse('  Ada Lovelace ')).toBe('Ada Lovelace');
    expect(profileNameSchema.parse('Zoë Ñandú 李小龍')).toBe('Zoë Ñandú 李小龍');
    expect(profileNameSchema.parse('')).toBe('');
  });

  it.each([
    ['a NUL byte', 'Ada\u0000'],
    ['a bell', 'Ada\u0007Lovelace'],
    ['a newline inside', 'Ada\nLovelace'],
    ['a C1 control', 'Ada\u009bLovelace'],
    ['DEL', 'Ada\u007f'],
  ])('refuses %s with a sentence, not a crash', (_label, name) => {
    const result = profileNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Use letters, numbers, spaces and punctuation only.');
  });

  it('refuses more than 100 characters', () => {
    expect(profileNameSchema.safeParse('x'.repeat(101)).error?.issues[0]?.message).toBe('Use at most 100 characters.');
    expect(profileNameSchema.safeParse('x'.repeat(100)).success).toBe(true);
  });
});
