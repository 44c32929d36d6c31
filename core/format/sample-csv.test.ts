import { describe, expect, it } from 'vitest';
import { shippedFrameworks } from '../frameworks/load';
import { csvCell, parseCsv, toCsv } from './csv';
import { readSampleCsv } from './sample-csv';

const f = shippedFrameworks().get('crc-2018')!;
const HEAD = 'sample,sample ref,CRN,name,gender,ethnicity,age band,sentence type,risk of serious harm level,office or cluster,domestic abuse concern,child safeguarding concern,released from custody,review due,assigned inspector';

describe('CSV parsing', () => {
  it('handles quotes, doubled quotes, newlines in quotes, CRLF and a BOM', () => {
    const t = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\r\n');
    expect(t.records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
    ]);
  });

  it('detects semicolon-separated files', () => {
    expect(parseCsv('a;b\n1;2').records[1]!.fields).toEqual(['1', '2']);
  });

  it('an unclosed quote names its line', () => {
    expect(() => parseCsv('a,b\n1,"oops\n2,3')).toThrow('line 2: a quoted field is never closed');
  });

  it('neutralises formulas in cells Fieldwork writes, and round-trips through the parser', () => {
    expect(csvCell('=cmd|"/c calc"!A1')).toBe(`"'=cmd|""/c calc""!A1"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    const rows = [['ref', 'note'], ['A, 1', 'said "no"\nthen left'], ['-2', '=HYPERLINK("x")']];
    expect(parseCsv(toCsv(rows)).records.map((r) => r.fields)).toEqual([['ref', 'note'], ['A, 1', 'said "no"\nthen left'], ["'-2", "'=HYPERLINK(\"x\")"]]);
  });
});

describe('sample CSV', () => {
  it('reads every column into a case', () => {
    const r = readSampleCsv(`${HEAD}\nCase supervision,CS-01,X123456,"Smith, Jo",F,White British,25-34,Community order,High,North,yes,no,no,yes,Inspector A\n`, f);
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([
      {
        line: 2,
        ref: 'CS-01',
        crn: 'X123456',
        name: 'Smith, Jo',
        sample: 'case-supervision',
        assignedInspector: 'Inspector A',
        attributes: { gender: 'female', ethnicity: 'White British', ageBand: '25-34', sentenceType: 'community order', roshLevel: 'high', office: 'North', domesticAbuse: true, childSafeguarding: false, releasedFromCustody: false, reviewDue: true },
      },
    ]);
  });

  it('gives row-level messages and no rows to write when any row is bad', () => {
    const csv = [
      HEAD,
      'Case supervision,CS-01,X1,A,male,,,,,,yes,no,no,yes,',
      'Court reports,CS-02,X2,B,male,,,,,,yes,no,no,yes,',
      'Unpaid work,CS-01,X3,C,robot,,,,extreme,,maybe,no,no,yes,',
      'Through the Gate,,X4,D,male,,,,,,yes,no,yes,yes,',
    ].join('\n');
    const r = readSampleCsv(csv, f, new Set(['OLD']));
    expect(r.errors).toEqual([
      { line: 3, column: 'sample', message: '"Court reports" is not a sample of crc-2018 (Case supervision, Unpaid work, Through the Gate)' },
      { line: 4, column: 'sample ref', message: '"CS-01" is also on line 2' },
      { line: 4, column: 'gender', message: '"robot" should be one of: male, female, non-binary, not recorded' },
      { line: 4, column: 'risk of serious harm level', message: '"extreme" should be one of: low, medium, high, very high' },
      { line: 4, column: 'domestic abuse concern', message: '"maybe" should be yes or no' },
      { line: 5, column: 'sample ref', message: 'missing' },
    ]);
  });

  it('refuses refs already in the inspection, unknown columns and empty files', () => {
    expect(readSampleCsv('sample ref\nOLD\n', f, new Set(['OLD'])).errors[0]?.message).toBe('"OLD" is already in this inspection');
    expect(readSampleCsv('sample ref,shoe size\nA,9\n', f).errors[0]?.message).toBe('unrecognised column: shoe size');
    expect(readSampleCsv('', f).errors[0]?.message).toBe('the file is empty');
    expect(readSampleCsv('crn\nX1\n', f).errors[0]?.message).toMatch(/no "sample ref" column/);
  });
});
