import { describe, expect, it } from 'vitest';
import { csvField, csvRow, csvStream } from './csv';

describe('csv', () => {
  it('quotes what needs quoting', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(-49)).toBe('-49');
  });

  it('defuses spreadsheet formulas in text', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvRow(['a', 1, null])).toBe('a,1,\r\n');
  });
});

describe('csvStream', () => {
  it('writes a BOM and the header, then one chunk per batch, and reports a failure midway', async () => {
    async function* batches() {
      yield [{ n: 1 }, { n: 2 }];
      yield [{ n: 3 }];
    }
    const bytes = await new Response(csvStream(['n'], batches(), (r) => csvRow([r.n]), () => {})).arrayBuffer();
    // Response.text() would drop the BOM while decoding; the bytes must start with it.
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe('\uFEFFn\r\n1\r\n2\r\n3\r\n');

    const errors: unknown[] = [];
    async function* failing() {
      yield [{ n: 1 }];
      throw new Error('database went away');
    }
    await expect(new Response(csvStream(['n'], failing(), (r) => csvRow([r.n]), (e) => errors.push(e))).text()).rejects.toThrow('database went away');
    expect(errors).toHaveLength(1);
  });
});
