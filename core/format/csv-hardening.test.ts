import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shippedFrameworks } from '../frameworks/load';
import { CsvEncodingError, csvCell, decodeCsvBytes, parseCsv, toCsv } from './csv';
import { readSampleCsv } from './sample-csv';

// Item 11 of issue 12: CSV written by Fieldwork, and CSV read by it.

const f = shippedFrameworks().get('crc-2018')!;
const FORMULA = /^[=+\-@]/;

/** Every piece a spreadsheet could make a cell of, whichever separator it is told to split on. */
function pieces(written: string): string[] {
  return [',', ';', '\t', '|', '\n'].flatMap((sep) => written.split(sep)).map((p) => p.replace(/^["\s\u00a0]+/, ''));
}

describe('CSV written by Fieldwork', () => {
  it('quotes a cell holding a tab, and neutralises a formula after it (Safe<TAB>=1+1)', () => {
    const cell = csvCell('Safe\t=1+1');
    expect(cell).toBe(`"Safe\t'=1+1"`);
    // Read back with tab as the separator, it is still one cell.
    expect(parseCsv(toCsv([['name'], ['Safe\t=1+1']]), '\t').records[1]!.fields).toEqual(["Safe\t'=1+1"]);
  });

  it.each([
    ['after a comma', 'a,=1+1', `"a,'=1+1"`],
    ['after a semicolon and spaces', 'a;  @SUM(A1)', `"a;  '@SUM(A1)"`],
    ['after a line break', 'x\n+cmd', `"x\n'+cmd"`],
    ['at the start after spaces', '  -2+3', `'  -2+3`],
    ['after a quote', 'a,"=1', `"a,""'=1"`],
  ])('neutralises a formula %s', (_w, value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('no piece of any written cell starts a formula, whatever the separator (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\t', ',', ';', '\n', '=', '+', '-', '@', '"', '|', '1') }), (s) => {
        for (const p of pieces(csvCell(s))) expect(p, JSON.stringify(s)).not.toMatch(FORMULA);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('CSV read by Fieldwork', () => {
  const latin1 = Uint8Array.from(Buffer.from('sample ref,name\r\nCS-1,Zoë Brontë\r\n', 'latin1'));
  it('reads a Latin-1 (Windows-1252) file correctly, not as mojibake', () => {
    expect(decodeCsvBytes(latin1)).toEqual({ text: 'sample ref,name\r\nCS-1,Zoë Brontë\r\n', encoding: 'windows-1252' });
  });

  it('reads UTF-16 with a BOM (LE and BE) and without one', () => {
    const text = 'sample ref,name\r\nCS-1,Zoë\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    expect(decodeCsvBytes(Uint8Array.from(le)).text).toBe(text);
    expect(decodeCsvBytes(Uint8Array.from(be)).text).toBe(text);
    expect(decodeCsvBytes(Uint8Array.from(Buffer.from(text, 'utf16le')))).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeCsvBytes(Uint8Array.from(Buffer.from(`\uFEFF${text}`, 'utf8')))).toEqual({ text, encoding: 'utf-8' });
  });

  it('refuses UTF-16 with a lone surrogate, with a clear message', () => {
    const bad = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ref\r\nCS-1,', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from(',x\r\n', 'utf16le')]);
    expect(() => decodeCsvBytes(Uint8Array.from(bad))).toThrow(CsvEncodingError);
    expect(() => decodeCsvBytes(Uint8Array.from(bad))).toThrow(/damaged .* Save it again from your spreadsheet as "CSV UTF-8"/);
  });

  it('a sample CSV with a lone surrogate is refused, not silently repaired; one read in the wrong encoding too', () => {
    const lone = readSampleCsv('sample ref,name\nCS-1,Bad\uD800Name\n', f);
    expect(lone.rows).toEqual([]);
    expect(lone.errors[0]).toMatchObject({ line: 2, message: expect.stringContaining('broken character') });
    const mojibake = readSampleCsv('sample ref,name\nCS-1,Zo\uFFFD\n', f);
    expect(mojibake.rows).toEqual([]);
    expect(mojibake.errors[0]!.message).toContain('wrong encoding');
  });

  it('the Latin-1 file imports its names as written', () => {
    const r = readSampleCsv(decodeCsvBytes(latin1).text, f);
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(1);
  });
});
