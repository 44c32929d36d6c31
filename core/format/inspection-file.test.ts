import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FrameworkRegistry } from '../frameworks/load';
import { findUnsafeKey, inspectionFileJsonSchema, parseInspectionData, parseInspectionText } from './inspection-file';

const registry = new FrameworkRegistry();
const example = readFileSync(join(__dirname, '..', '..', 'cli', 'fixtures', 'example-crc.fieldwork.json'), 'utf8');

describe('inspection file format', () => {
  it('the published JSON Schema in docs/ is the one generated from the code (npm run schema)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'inspection-file.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(inspectionFileJsonSchema())));
  });

  it('parses the example and defaults the sample to case-supervision', () => {
    const r = parseInspectionText(example, registry);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.framework.revision).toBe('2019-07');
  });

  it('a minimal file needs only formatVersion, framework and cases', () => {
    expect(parseInspectionData({ formatVersion: 1, framework: 'pdu-2023', cases: [] }, registry).ok).toBe(true);
  });

  it('reads a file scored under an earlier revision without the prompts added later', () => {
    const data = { formatVersion: 1, framework: 'crc-2018', frameworkRevision: '2018-04', cases: [{ ref: 'A', answers: { '2.1.1.d': 'yes' } }] };
    const r = parseInspectionData(data, registry);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toEqual({ path: 'cases[0].answers.2.1.1.d', message: 'crc-2018 has no question 2.1.1.d' });
    expect(parseInspectionData({ ...data, frameworkRevision: '2019-07' }, registry).ok).toBe(true);
  });

  it('an unknown revision is named', () => {
    const r = parseInspectionData({ formatVersion: 1, framework: 'crc-2018', frameworkRevision: '2030-01', cases: [] }, registry);
    expect(r).toEqual({ ok: false, issues: [{ path: 'frameworkRevision', message: 'framework crc-2018 has no revision 2030-01' }] });
  });

  it.each([
    [[], '(root)'],
    ['text', '(root)'],
    [{ formatVersion: 1, framework: 'crc-2018', cases: [], judgements: { '2.1': { rating: 'Good', rationale: '' } } }, 'judgements.2.1'],
    [{ formatVersion: 1, framework: 'crc-2018', cases: [], overrides: { '1.1': { rating: 'Good', reason: 'x' } } }, 'overrides.1.1'],
    [{ formatVersion: 1, framework: 'crc-2018', cases: [{ ref: 'A', sample: 'victim-work', answers: {} }] }, 'cases[0].sample'],
    [{ formatVersion: 1, framework: 'crc-2018', cases: [{ ref: 'A', answers: {}, attributes: { gender: 'robot' } }] }, 'cases[0].attributes.gender'],
    [{ formatVersion: 1, framework: 'crc-2018', cases: [{ ref: 'A', answers: {} }], extra: true }, '(root)'],
  ])('rejects %j at %s', (data, path) => {
    const r = parseInspectionData(data, registry);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toContain(path);
  });

  it('finds prototype-pollution keys and hostile nesting without recursion', () => {
    expect(findUnsafeKey(JSON.parse('{"a":[{"b":{"__proto__":1}}]}'))).toBe('a[0].b.__proto__');
    expect(findUnsafeKey({ a: { constructor: 1 } })).toBe('a.constructor');
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafeKey(deep)).toMatch(/^\[0\]/);
    expect(findUnsafeKey({ fine: [1, 2, { x: 'y' }] })).toBeNull();
    const r = parseInspectionData({ formatVersion: 1, framework: 'crc-2018', cases: [], judgements: { x: deep } }, registry);
    expect(r.ok === false && r.issues[0]!.message).toMatch(/nested more than 64 levels deep/);
    const p = parseInspectionText('{"formatVersion":1,"framework":"crc-2018","cases":[],"__proto__":{"x":1}}', registry);
    expect(p.ok === false && p.issues[0]).toEqual({ path: '__proto__', message: 'this key is not allowed (it could alter objects it is copied into)' });
  });
});
