import { describe, expect, it } from 'vitest';
import { shippedFrameworks } from '../frameworks/load';
import type { Framework } from '../frameworks/schema';
import { checkConsistency, wordCount, type ConsistencyCase } from './consistency';

const crc = shippedFrameworks().get('crc-2018')!;
const kq = crc.domains[1]!.standards[0]!.keyQuestions[0]!; // 2.1.1 and its prompts
const prompts = kq.prompts.map((p) => p.id);
const c = (over: Partial<ConsistencyCase>): ConsistencyCase => ({ ref: 'CS-1', attributes: { reviewDue: true }, answers: {}, notes: {}, ...over });
const ids = (f: Framework, x: ConsistencyCase) => checkConsistency(f, x).map((w) => `${w.ruleId}:${w.questionId}`);

describe('consistency checks from the framework data', () => {
  it('every shipped framework carries the four documented rules', () => {
    for (const f of shippedFrameworks().values())
      expect(f.qa.consistencyRules.map((r) => r.id)).toEqual(['yes-but-every-prompt-no', 'no-but-every-prompt-yes', 'short-no-note', 'reviewing-without-review-due']);
  });

  it('a key question answered Yes while every applicable prompt under it is No', () => {
    const answers = { [kq.id]: 'yes' as const, ...Object.fromEntries(prompts.map((p) => [p, 'no' as const])) };
    const w = checkConsistency(crc, c({ answers }));
    expect(w).toEqual([
      { ruleId: 'yes-but-every-prompt-no', ref: 'CS-1', questionId: '2.1.1', message: 'Key question 2.1.1 is answered Yes, but every applicable prompt under it is answered No.' },
    ]);
    // One prompt Yes, or one unanswered: not "every".
    expect(ids(crc, c({ answers: { ...answers, [prompts[0]!]: 'yes' } }))).toEqual([]);
    const oneUnanswered = Object.fromEntries(Object.entries(answers).filter(([k]) => k !== prompts[0]));
    expect(ids(crc, c({ answers: oneUnanswered }))).toEqual([]);
    // A prompt the marker called Not applicable is left out of "every".
    expect(ids(crc, c({ answers: { ...answers, [prompts[0]!]: 'na' } }))).toEqual(['yes-but-every-prompt-no:2.1.1']);
  });

  it('a key question answered No while every prompt is Yes (with a full note)', () => {
    const answers = { [kq.id]: 'no' as const, ...Object.fromEntries(prompts.map((p) => [p, 'yes' as const])) };
    expect(ids(crc, c({ answers, notes: { [kq.id]: 'The assessment did not consider the victim at all.' } }))).toEqual(['no-but-every-prompt-yes:2.1.1']);
  });

  it('a No whose evidence note is shorter than the framework minimum (an empty note is left to completeness)', () => {
    const w = checkConsistency(crc, c({ answers: { '2.2.1': 'no' }, notes: { '2.2.1': 'Not done.' } }));
    expect(w).toEqual([
      { ruleId: 'short-no-note', ref: 'CS-1', questionId: '2.2.1', message: 'The evidence note for the No on 2.2.1 is shorter than 5 words; say what was missing.' },
    ]);
    expect(ids(crc, c({ answers: { '2.2.1': 'no' }, notes: { '2.2.1': 'No plan for the victim recorded.' } }))).toEqual([]);
    expect(ids(crc, c({ answers: { '2.2.1': 'no' }, notes: {} }))).toEqual([]);
    expect(ids(crc, c({ answers: { '2.2.1': 'yes' }, notes: { '2.2.1': 'ok' } }))).toEqual([]);
    expect(wordCount('  two   words\n')).toBe(2);
  });

  it('a reviewing question answered on a case with no review due; unknown review status never warns', () => {
    const answers = { '2.4.1': 'yes' as const, '2.4.1.a': 'no' as const, '2.4.2': 'na' as const };
    expect(ids(crc, c({ attributes: { reviewDue: false }, answers }))).toEqual(['reviewing-without-review-due:2.4.1', 'reviewing-without-review-due:2.4.1.a']);
    expect(ids(crc, c({ attributes: {}, answers }))).toEqual([]);
    expect(ids(crc, c({ attributes: { reviewDue: true }, answers }))).toEqual([]);
  });

  it('the rules and their messages are data: a framework without them warns about nothing, an edited message is used', () => {
    const answers = { '2.2.1': 'no' as const };
    const notes = { '2.2.1': 'Not done.' };
    expect(ids({ ...crc, qa: { ...crc.qa, consistencyRules: [] } }, c({ answers, notes }))).toEqual([]);
    const edited: Framework = { ...crc, qa: { ...crc.qa, consistencyRules: [{ id: 'terse', check: 'short-note', answer: 'no', minWords: 3, message: '{question}: {words} word(s), want {minWords}' }] } };
    expect(checkConsistency(edited, c({ answers, notes }))[0]!.message).toBe('2.2.1: 2 word(s), want 3');
  });
});
