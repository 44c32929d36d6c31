import type { CaseAttributeKey } from '../domain/case-attributes';
import { questionIndex } from '../frameworks/load';
import type { Framework } from '../frameworks/schema';
import { keyQuestionApplies, promptApplies } from './applicability';
import { tallyQuestion } from './rate';
import type { CaseRecord, QuestionResult } from './types';

export const NOT_RECORDED = 'not recorded';

export interface BreakdownGroup {
  value: string;
  cases: number;
  result: QuestionResult;
}

export interface Breakdown {
  questionId: string;
  attribute: CaseAttributeKey;
  groups: BreakdownGroup[];
}

function valueOf(c: CaseRecord, key: CaseAttributeKey): string {
  const v = c.attributes[key];
  if (v === undefined) return NOT_RECORDED;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return v;
}

/** A key question's (or prompt's) result split by one case attribute. */
export function breakdown(f: Framework, cases: readonly CaseRecord[], questionId: string, attribute: CaseAttributeKey): Breakdown {
  const ref = questionIndex(f).get(questionId);
  if (!ref) throw new RangeError(`Unknown question ${questionId} in ${f.id}`);
  const { standard, keyQuestion, prompt } = ref;
  const applies = (c: CaseRecord) =>
    prompt ? promptApplies(standard, keyQuestion, prompt, c) : keyQuestionApplies(standard, keyQuestion, c);
  const inSample = cases.filter((c) => (c.sample ?? 'case-supervision') === standard.sample);
  const groups = new Map<string, CaseRecord[]>();
  for (const c of inSample) {
    const v = valueOf(c, attribute);
    groups.set(v, [...(groups.get(v) ?? []), c]);
  }
  return {
    questionId,
    attribute,
    groups: [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([value, cs]) => ({ value, cases: cs.length, result: tallyQuestion(f, questionId, cs, applies) })),
  };
}

export interface Share {
  count: number;
  total: number;
  percent: number;
  /** "about a third", as reports word it. */
  phrase: string;
}

const FRACTIONS: [number, string][] = [
  [1 / 4, 'a quarter'],
  [1 / 3, 'a third'],
  [1 / 2, 'half'],
  [2 / 3, 'two-thirds'],
  [3 / 4, 'three-quarters'],
];

export function describeShare(count: number, total: number): string {
  if (total === 0 || count === 0) return 'none';
  if (count === total) return 'all';
  const r = count / total;
  for (const [v, word] of FRACTIONS) {
    if (Math.abs(r - v) < 1e-9) return word;
    if (Math.abs(r - v) <= 0.04) return `about ${word}`;
  }
  if (r < 0.2) return 'a small minority';
  if (r > 0.8) return 'a large majority';
  return `${Math.round(r * 100)}%`;
}

/** Share of cases where a yes/no attribute is true, e.g. domestic abuse concerns. */
export function attributeShare(cases: readonly CaseRecord[], key: CaseAttributeKey): Share {
  const count = cases.filter((c) => c.attributes[key] === true).length;
  const total = cases.length;
  return { count, total, percent: total === 0 ? 0 : (count / total) * 100, phrase: describeShare(count, total) };
}
