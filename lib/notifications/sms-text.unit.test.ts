import { describe, expect, it } from 'vitest';
import { measureSms, normalizeSmsText, prepareSms } from './sms-text';

describe('SMS length and encoding', () => {
  it('counts GSM-7 septets, with extension characters as two', () => {
    expect(measureSms('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(measureSms('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(measureSms('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(measureSms('a'.repeat(306))).toMatchObject({ segments: 2 });
    expect(measureSms('a'.repeat(307))).toMatchObject({ segments: 3 });
  });

  it('switches the whole message to UCS-2 for one character outside GSM-7', () => {
    expect(measureSms(`${'a'.repeat(69)}✓`)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(measureSms(`${'a'.repeat(70)}✓`)).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
    // An emoji is two UTF-16 code units.
    expect(measureSms('🎓')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1 });
  });

  it('turns typographic punctuation into GSM characters so a message stays GSM-7', () => {
    expect(normalizeSmsText('Bursar’s “course” – done…')).toBe('Bursar\'s "course" - done...');
    expect(prepareSms('Bursar’s renewal — $19.00').encoding).toBe('GSM-7');
  });

  it('shortens long prose but keeps the trailing link whole', () => {
    const link = 'https://bursar.example/account/receipts/7f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
    const out = prepareSms(`${'Your payment did not go through. '.repeat(30)}Pay here: ${link}`, 2);
    expect(out.truncated).toBe(true);
    expect(out.segments).toBeLessThanOrEqual(2);
    expect(out.text.endsWith(` ${link}`)).toBe(true);
    expect(out.text).toContain('...');
  });

  it('leaves a short message alone', () => {
    expect(prepareSms('  Bursar: paid.  ')).toEqual({ text: 'Bursar: paid.', encoding: 'GSM-7', units: 13, segments: 1, truncated: false });
  });

  it('never splits an emoji when shortening UCS-2 text', () => {
    const out = prepareSms('🎓'.repeat(200), 1);
    expect(out.segments).toBe(1);
    expect(out.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
