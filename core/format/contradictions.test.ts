import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameworkRegistry } from '../frameworks/load';
import { duplicateJsonKey } from './consistency';
import { pathToString as pathOf } from './issues';
import { parseInspectionText } from './inspection-file';

// Issue 12, item 8: a file that contradicts itself is refused, with the path to fix.

const raw = readFileSync(join(__dirname, '..', '..', 'cli', 'fixtures', 'example-crc.fieldwork.json'), 'utf8');
const registry = new FrameworkRegistry();
type Mutable = { cases: { ref: string; status?: string; answers: Record<string, string>; notes?: Record<string, string> }[]; audit?: unknown[] };
const example = (): Mutable => JSON.parse(raw) as Mutable;
const issues = (data: unknown) => {
  const r = parseInspectionText(typeof data === 'string' ? data : JSON.stringify(data), registry);
  return r.ok ? [] : r.issues;
};

describe('self-contradicting inspection files', () => {
  it('the example itself is consistent', () => {
    expect(issues(example())).toEqual([]);
  });

  it('a case marked complete with an applicable key question unanswered', () => {
    const f = example();
    const c = f.cases.find((x) => Object.keys(x.answers).includes('2.1.1'))!;
    delete c.answers['2.1.1'];
    c.status = 'complete';
    const at = f.cases.indexOf(c);
    expect(issues(f)).toContainEqual({ path: `cases[${at}].status`, message: expect.stringMatching(/marked complete, but key questions? .*2\.1\.1/) });
  });

  it('a case marked complete with a "No" and no evidence note', () => {
    const f = example();
    const keyNo = (x: Mutable['cases'][number]) => Object.entries(x.answers).find(([q, v]) => v === 'no' && /^\d+\.\d+\.\d+$/.test(q));
    const at = f.cases.findIndex((x) => keyNo(x) !== undefined);
    const c = f.cases[at]!;
    const q = keyNo(c)![0];
    c.status = 'complete';
    c.notes = { ...c.notes, [q]: '' };
    expect(issues(f).map((i) => i.path)).toContain(`cases[${at}].notes.${q}`);
  });

  it('audit entries for a case the file does not have, and timestamps that are not dates', () => {
    const f = example();
    f.audit = [
      { caseRef: 'NOPE-1', what: 'answer', item: '2.1.1', oldValue: null, newValue: 'yes', changedBy: 'A', changedAt: '2019-06-03T10:00:00Z' },
      { caseRef: f.cases[0]!.ref, what: 'answer', item: '2.1.1', oldValue: null, newValue: 'yes', changedBy: 'A', changedAt: 'yesterday' },
      { caseRef: f.cases[0]!.ref, what: 'answer', item: '2.1.1', oldValue: null, newValue: 'yes', changedBy: 'A', changedAt: '2019-02-30T10:00:00Z' },
    ];
    expect(issues(f)).toEqual([
      { path: 'audit[0].caseRef', message: 'the file has no case "NOPE-1"' },
      { path: 'audit[1].changedAt', message: expect.stringContaining('"yesterday" is not a date and time') },
      { path: 'audit[2].changedAt', message: expect.stringContaining('is not a date and time') },
    ]);
  });

  it('duplicate JSON keys, named by path', () => {
    const text = raw.replace('"framework": "crc-2018",', '"framework": "crc-2018",\n  "framework": "crc-2018",');
    expect(issues(text)).toEqual([{ path: 'framework', message: expect.stringContaining('appears twice') }]);
    expect(duplicateJsonKey('{"cases":[{"ref":"A","answers":{"2.1.1":"yes","2.1.1":"no"}}]}')).toBe('cases[0].answers.2.1.1');
    expect(duplicateJsonKey('{"a":"x\\"y","b":{"a":1},"c":["a","a"]}')).toBeNull();
    expect(duplicateJsonKey('{"\\u0061":1,"a":2}')).toBe('a');
  });

  it('finds no duplicate in any JSON that JSON.stringify writes, and finds one added anywhere, by path', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, key) => {
        const text = JSON.stringify(value);
        expect(duplicateJsonKey(text)).toBeNull();
        // The same key twice, inside an array inside an object, after the generated value.
        const doubled = `{"v":${text},"w":[{${JSON.stringify(key)}:1,${JSON.stringify(key)}:2}]}`;
        expect(duplicateJsonKey(doubled)).toBe(pathOf(['w', 0, key]));
      }),
      { numRuns: 500 },
    );
  });
});
