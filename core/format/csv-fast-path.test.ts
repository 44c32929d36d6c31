import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvTable, CsvError, detectDelimiter, parseCsv } from './csv';

// The character-by-character parser as it was before unquoted records were split whole: the fast
// path must give exactly what it gave, records, lines and errors alike.
function referenceParse(text: string, delimiter?: string): CsvTable {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const sep = delimiter ?? detectDelimiter(src.slice(0, src.search(/\r?\n|$/)));
  const records: CsvTable['records'] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let wasQuoted = false;
  const endField = () => {
    fields.push(wasQuoted ? field : field.trim());
    field = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      quoted = true;
      wasQuoted = true;
      quoteLine = line;
      field = '';
    } else if (ch === sep) endField();
    else if (ch === '\r' && src[i + 1] === '\n') continue;
    else if (ch === '\n' || ch === '\r') {
      endRecord();
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (quoted) throw new CsvError(quoteLine, `line ${quoteLine}: a quoted field is never closed`);
  if (field !== '' || fields.length > 0) endRecord();
  return { records };
}

const run = (f: (t: string) => CsvTable, text: string) => {
  try {
    return f(text);
  } catch (e) {
    if (e instanceof CsvError) return { error: e.line, message: e.message };
    throw e;
  }
};

describe('CSV: records without quotes are split whole', () => {
  it('gives what the character-by-character parser gives, for any text made of CSV parts', () => {
    const piece = fc.constantFrom(',', ';', '\t', '"', '""', '\r\n', '\n', '\r', ' ', 'a', 'b c', 'x,y', '\uFEFF', '=1', '');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }).map((p) => p.join('')), (text) => {
        expect(run(parseCsv, text)).toEqual(run(referenceParse, text));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps line numbers across quoted newlines and blank lines', () => {
    const text = 'a,b\r\n\r\n"x\ny",2\n  \nlast, one \n';
    expect(parseCsv(text).records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['x\ny', '2'] },
      { line: 6, fields: ['last', 'one'] },
    ]);
    expect(parseCsv(text)).toEqual(referenceParse(text));
  });
});
