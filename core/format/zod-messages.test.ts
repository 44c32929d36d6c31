import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FrameworkRegistry, contract, parseInspectionData } from '..';

const messages = (r: { success: boolean; error?: z.ZodError }) => (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
const ZOD_WORDING = /Invalid input|expected \w+, received|Too (small|big)|Unrecognized key|Invalid option/;

describe("zod's own wording never reaches an inspector", () => {
  it('words the checks that have no message of their own', () => {
    const r = contract['qa.dip.draw'].input.safeParse({ inspectionId: '0b7d8e0c-1111-4a2b-9c3d-000000000003', rule: { per: 'half', value: Number.NaN, weightByNoAnswers: true, weightByRosh: 1 }, extra: 1 });
    expect(messages(r)).toEqual(['rule.per: should be one of "number", "share"', 'rule.value: should be a number', 'rule.weightByRosh: should be yes or no (true or false)', ': has a field Fieldwork does not know: "extra"']);
  });

  it.each([
    [z.object({ a: z.string().min(1) }), { a: '' }, 'a: should not be empty'],
    [z.object({ a: z.string().max(3) }), { a: 'abcd' }, 'a: should be at most 3 characters'],
    [z.object({ a: z.number().int().min(1) }), { a: 0 }, 'a: should be 1 or more'],
    [z.object({ a: z.number().positive() }), { a: 0 }, 'a: should be more than 0'],
    [z.object({ a: z.number().max(10_000) }), { a: 20_000 }, 'a: should be 10,000 or less'],
    [z.object({ a: z.number().int() }), { a: 1.5 }, 'a: should be a whole number'],
    [z.object({ a: z.array(z.string()).min(2) }), { a: ['x'] }, 'a: should have at least 2 items'],
    [z.object({ a: z.string() }), {}, 'a: is missing'],
    [z.object({ a: z.uuid() }), { a: 'nope' }, 'a: should be an id such as 0b7d8e0c-1111-4a2b-9c3d-000000000003'],
    [z.object({ a: z.literal('x') }), { a: 'y' }, 'a: should be "x"'],
  ])('%#: %j is worded plainly', (schema, input, expected) => {
    const m = messages(schema.safeParse(input));
    expect(m).toEqual([expected]);
    expect(m.join(' ')).not.toMatch(ZOD_WORDING);
  });

  it("keeps a schema's own message", () => {
    expect(messages(z.object({ a: z.string().min(1, 'Enter the case reference') }).safeParse({ a: '' }))).toEqual(['a: Enter the case reference']);
  });

  it('words an inspection file with a misnamed section', () => {
    const text = readFileSync(join(__dirname, '..', '..', 'cli', 'fixtures', 'example-crc.fieldwork.json'), 'utf8');
    const r = parseInspectionData(JSON.parse(text.replace('"cases"', '"kases"')), new FrameworkRegistry());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([{ path: 'cases', message: 'is missing' }, { path: '(root)', message: 'has a field Fieldwork does not know: "kases"' }]);
  });
});
