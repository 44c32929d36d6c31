import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FrameworkRegistry, drawSample, readCaseloadCsv, readSampleCsv, sampleSize } from '../core';
import { caseloadCsv } from '../core/testing/caseload';

const BIN = join(__dirname, '..', 'bin', 'fieldwork.cjs');
const dir = mkdtempSync(join(tmpdir(), 'fieldwork-sample-'));

/** Runs the real `fieldwork` binary as a user would. */
function fieldwork(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const CASELOAD = file('caseload.csv', caseloadCsv(4171, 11));

describe('fieldwork sample', () => {
  it('draws the sample, writes a sample CSV the app imports and prints the draw as JSON (exit 0)', () => {
    const out = join(dir, 'sample.csv');
    const r = fieldwork('sample', CASELOAD, '--seed', '2019', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { eligible: number; size: number; strata: { key: Record<string, string>; population: number; sample: number }[]; excluded: unknown[] };
    expect(Object.keys(json)).toEqual(['eligible', 'size', 'strata', 'excluded']);
    expect(json.eligible).toBe(4171);
    expect(json.size).toBe(159); // 80% ±5% on 4,171 eligible cases
    expect(json.excluded).toEqual([]);
    expect(Object.keys(json.strata[0]!.key)).toEqual(['gender', 'sentence type', 'risk of serious harm level', 'office or cluster']);
    expect(json.strata.reduce((a, s) => a + s.sample, 0)).toBe(159);
    expect(json.strata.reduce((a, s) => a + s.population, 0)).toBe(4171);

    const fw = new FrameworkRegistry().get('pdu-2023')!;
    const back = readSampleCsv(readFileSync(out, 'utf8'), fw);
    expect(back.errors).toEqual([]);
    expect(back.rows).toHaveLength(159);
    expect(back.rows.every((x) => x.sample === 'case-supervision')).toBe(true);
    // The same code serves the app: the pure draw gives exactly these cases.
    const pure = drawSample(readCaseloadCsv(readFileSync(CASELOAD, 'utf8')).rows, { confidence: 0.8, margin: 0.05, window: null, exclusions: [], strata: ['gender', 'sentenceType', 'roshLevel', 'office'], size: null, seed: 2019 }, { refPrefix: 'CS' });
    expect(back.rows.map((x) => x.crn)).toEqual(pure.cases.map((c) => c.crn));

    // The same seed writes the same file; another seed another sample.
    const again = join(dir, 'again.csv');
    const other = join(dir, 'other.csv');
    expect(fieldwork('sample', CASELOAD, '--seed', '2019', '--out', again).code).toBe(0);
    expect(fieldwork('sample', CASELOAD, '--seed', '2020', '--out', other).code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
    expect(readFileSync(other, 'utf8')).not.toBe(readFileSync(out, 'utf8'));
  });

  it('applies the window, exclusions, strata, confidence, margin, size and inspectors', () => {
    const out = join(dir, 'window.csv');
    const r = fieldwork(
      'sample', CASELOAD, '--seed', '1', '--out', out,
      '--window-start', '2018-01-01', '--window-end', '2018-06-30',
      '--exclude', 'sentence type=post-sentence supervision',
      '--strata', 'gender, office or cluster',
      '--confidence', '0.9', '--margin', '0.1',
      '--inspectors', 'Ann Ames,Bo Berry',
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { eligible: number; size: number; strata: { key: Record<string, string> }[]; excluded: { crn: string; reason: string }[] };
    const rows = readCaseloadCsv(readFileSync(CASELOAD, 'utf8')).rows;
    const eligible = rows.filter((x) => x.startDate >= '2018-01-01' && x.startDate <= '2018-06-30' && x.attributes.sentenceType !== 'post-sentence supervision');
    expect(json.eligible).toBe(eligible.length);
    expect(json.size).toBe(sampleSize(eligible.length, 0.9, 0.1).n);
    expect(Object.keys(json.strata[0]!.key)).toEqual(['gender', 'office or cluster']);
    expect(json.excluded).toHaveLength(4171 - eligible.length);
    expect(new Set(json.excluded.map((e) => e.reason))).toEqual(new Set(['started before 01/01/2018', 'started after 30/06/2018', 'sentence type is post-sentence supervision']));
    const back = readSampleCsv(readFileSync(out, 'utf8'), new FrameworkRegistry().get('pdu-2023')!);
    const per = ['Ann Ames', 'Bo Berry'].map((n) => back.rows.filter((x) => x.assignedInspector === n).length);
    expect(Math.abs(per[0]! - per[1]!)).toBeLessThanOrEqual(1);

    const sized = fieldwork('sample', CASELOAD, '--seed', '1', '--out', out, '--size', '65');
    expect(JSON.parse(sized.stdout).size).toBe(65);
  });

  it('refuses a caseload with bad rows, naming each line and column, and writes nothing (exit 2)', () => {
    const bad = file('bad.csv', 'CRN,name,gender,sentence type,start date,risk of serious harm level,office or cluster\nX1,A,male,licence,2019-01-01,low,North\nX2,B,alien,licence,31/02/2019,low,North\n,C,female,co,2019-01-01,medium,South\n');
    const out = join(dir, 'never.csv');
    const r = fieldwork('sample', bad, '--seed', '1', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('nothing was drawn: 3 problems in the caseload');
    expect(r.stderr).toContain('line 3, start date: "31/02/2019" is not a date: write 2019-06-03 or 03/06/2019');
    expect(r.stderr).toContain('line 3, gender: "alien" should be one of: male, female, non-binary, not recorded');
    expect(r.stderr).toContain('line 4, CRN: missing');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(() => readFileSync(out)).toThrow();
  });

  it.each([
    [['--out', 'x.csv'], 'give --seed N'],
    [['--seed', 'abc', '--out', 'x.csv'], '--seed must be a whole number'],
    [['--seed', '1', '--out', 'x.csv', '--confidence', '80'], '--confidence must be a number between 0 and 1'],
    [['--seed', '1', '--out', 'x.csv', '--strata', 'gender,shoe size'], '"shoe size" is not a caseload column'],
    [['--seed', '1', '--out', 'x.csv', '--window-start', '2019-01-01'], 'give both --window-start and --window-end'],
    [['--seed', '1', '--out', 'x.csv', '--window-start', '2019-02-01', '--window-end', '2019-01-01'], '--window-end is before --window-start'],
    [['--seed', '1', '--out', 'x.csv', '--colour', 'red'], "Unknown option '--colour'"],
  ])('refuses bad options %j with a message (exit 2)', (args, message) => {
    const r = fieldwork('sample', CASELOAD, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('reports a missing caseload (exit 2) and an unwritable output (exit 1)', () => {
    const missing = fieldwork('sample', join(dir, 'nope.csv'), '--seed', '1', '--out', join(dir, 'x.csv'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.csv: no such file');
    const folder = fieldwork('sample', CASELOAD, '--seed', '1', '--out', dir);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toContain(`could not write ${dir} (EISDIR)`);
  });
});
