import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(__dirname, '..', 'bin', 'fieldwork.cjs');
const EXAMPLE = join(__dirname, 'fixtures', 'example-crc.fieldwork.json');
const dir = mkdtempSync(join(tmpdir(), 'fieldwork-qa-'));

function fieldwork(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Case = { ref: string; answers: Record<string, string>; secondMarking?: unknown };
function withSecondMarkings(marks: Record<string, Record<string, string>>) {
  const file = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { cases: Case[] };
  for (const c of file.cases) if (marks[c.ref]) c.secondMarking = { by: 'Quinn QA', answers: marks[c.ref] };
  return file;
}
function write(name: string, data: unknown) {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(data));
  return p;
}

// Each test runs the real binary (tsx compiles on load): seconds per spawn on a loaded machine.
describe('fieldwork qa', { timeout: 120_000 }, () => {
  it('prints agreement per key question and overall, and the disagreements, in exactly the documented shape', () => {
    const file = withSecondMarkings({
      'CS-01': { '2.1.1': 'yes', '2.1.2': 'no', '2.1.3': 'yes' },
      'CS-02': { '2.1.1': 'yes', '2.1.2': 'yes' },
      'CS-03': { '2.1.1': 'no' },
    });
    const first = Object.fromEntries(file.cases.slice(0, 3).map((c) => [c.ref, c.answers]));
    const r = fieldwork('qa', write('three.fieldwork.json', file));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['keyQuestions', 'overall', 'disagreements']);
    expect(out.keyQuestions.map((k: { id: string }) => k.id)).toEqual(['2.1.1', '2.1.2', '2.1.3']);
    const kq = out.keyQuestions[0];
    expect(Object.keys(kq)).toEqual(['id', 'cases', 'agreement', 'kappa']);
    expect(kq.cases).toBe(3);
    // Worked from the fixture's own first markings so the test reads the real file.
    const pairs = ['CS-01', 'CS-02', 'CS-03'].map((ref) => [first[ref]!['2.1.1'], ({ 'CS-01': 'yes', 'CS-02': 'yes', 'CS-03': 'no' } as Record<string, string>)[ref]]);
    expect(kq.agreement).toBeCloseTo(pairs.filter(([a, b]) => a === b).length / 3, 12);
    expect(out.overall.cases).toBe(3);
    const expectedDisagreements = file.cases
      .filter((c): c is Case & { secondMarking: { answers: Record<string, string> } } => !!c.secondMarking)
      .flatMap((c) => Object.entries(c.secondMarking.answers).filter(([q, a]) => c.answers[q] && c.answers[q] !== a).map(([q, a]) => ({ ref: c.ref, id: q, first: c.answers[q], second: a })));
    expect(out.disagreements).toEqual(expectedDisagreements);
  });

  it('kappa is null when there is no variation', () => {
    const file = withSecondMarkings({});
    for (const ref of ['CS-01', 'CS-02']) {
      const c = file.cases.find((x) => x.ref === ref)!;
      c.answers['2.2.1'] = 'yes';
      c.secondMarking = { by: 'Quinn QA', answers: { '2.2.1': 'yes' } };
    }
    const out = JSON.parse(fieldwork('qa', write('flat.fieldwork.json', file)).stdout);
    expect(out.keyQuestions).toEqual([{ id: '2.2.1', cases: 2, agreement: 1, kappa: null }]);
    expect(out.overall).toEqual({ cases: 2, agreement: 1, kappa: null });
  });

  it('nothing double-marked prints empty figures', () => {
    const none = fieldwork('qa', EXAMPLE);
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual({ keyQuestions: [], overall: { cases: 0, agreement: null, kappa: null }, disagreements: [] });
  });

  it('a second marking naming a question the framework lacks, or without a marker, exits 2 naming the path', () => {
    const bad = withSecondMarkings({ 'CS-01': { '2.1.9': 'yes' } });
    const r = fieldwork('qa', write('bad.fieldwork.json', bad));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cases[0].secondMarking.answers.2.1.9: crc-2018 has no question 2.1.9');
    const nameless = withSecondMarkings({ 'CS-01': { '2.1.1': 'yes' } });
    (nameless.cases[0]!.secondMarking as { by: string }).by = ' ';
    const r2 = fieldwork('qa', write('nameless.fieldwork.json', nameless));
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('cases[0].secondMarking.by: a second marking needs the name of who marked it');
    expect(r2.stderr).not.toMatch(/\n\s+at /);
  });

  it('no file, or a missing one, exits 2', () => {
    expect(fieldwork('qa').code).toBe(2);
    expect(fieldwork('qa', join(dir, 'missing.json')).stderr).toContain('no such file');
  });
});
