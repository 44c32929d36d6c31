import { CASE_ATTRIBUTES, type CaseAttributeKey } from '../domain/case-attributes';
import { breakdown } from '../engine/breakdown';
import type { CaseRecord, KeyQuestionResult, QuestionResult, StandardResult } from '../engine/types';
import { questionIndex } from '../frameworks/load';
import type { Framework, KeyQuestion } from '../frameworks/schema';

export const pct = (p: number | null) => (p === null ? '–' : `${Math.round(p)}%`);

/** "fewer than 5": what a report prints instead of a figure whose base is under the threshold. */
export const fewerThan = (threshold: number) => `fewer than ${threshold}`;

/** The question as a statement: the framework's own `finding` wording, or the question quoted. */
export function findingClause(kq: Pick<KeyQuestion, 'text' | 'finding'>): string {
  return kq.finding ?? `the answer to "${kq.text}" was yes`;
}

/**
 * One findings sentence per key question, in the inspectorate's style:
 * "In 42% of cases, assessment focused sufficiently on keeping other people safe."
 * A base under the small-cell threshold prints no percentage.
 */
export function findingSentence(f: Framework, k: KeyQuestionResult, threshold: number): string {
  const kq = questionIndex(f).get(k.id)?.keyQuestion;
  const clause = kq ? findingClause(kq) : k.text;
  const pending = k.unanswered > 0 ? ` (${k.unanswered} ${k.unanswered === 1 ? 'case' : 'cases'} not yet answered)` : '';
  if (k.applicable === 0) return `No case in the sample could yet be assessed on whether ${clause}${pending}.`;
  if (k.applicable < threshold) return `${capitalise(fewerThan(threshold))} cases could be assessed on whether ${clause}, so no percentage is given${pending}.`;
  return `In ${pct(k.percent)} of cases, ${clause}${pending}.`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The strongest and weakest prompts of a standard, among those with a base at or over the threshold. */
export function promptHighlights(f: Framework, s: StandardResult, threshold: number): string | null {
  const index = questionIndex(f);
  const prompts = s.keyQuestions.flatMap((k) => k.prompts).filter((p) => p.applicable >= threshold && p.percent !== null);
  if (prompts.length < 2) return null;
  const strongest = prompts.reduce((a, b) => (b.percent! > a.percent! ? b : a));
  const weakest = prompts.reduce((a, b) => (b.percent! < a.percent! ? b : a));
  if (strongest.percent === weakest.percent) return `Every prompt with enough cases to report was met in ${pct(strongest.percent)} of cases.`;
  const quote = (p: QuestionResult) => `"${index.get(p.id)?.prompt?.text ?? p.id}" (${p.id}, ${pct(p.percent)})`;
  return `Of the prompts, the strongest result was ${quote(strongest)} and the weakest ${quote(weakest)}.`;
}

/**
 * Domestic abuse and child safeguarding contrasts on the standard's keeping-other-people-safe question:
 * "Where there were domestic abuse concerns, assessment focused sufficiently on keeping other people
 * safe in 36% of cases, against 55% where there were none."
 */
export function subgroupContrasts(f: Framework, cases: readonly CaseRecord[], s: StandardResult, threshold: number): string[] {
  const k = s.keyQuestions.find((x) => x.theme === 'keeping-others-safe');
  const kq = k ? questionIndex(f).get(k.id)?.keyQuestion : undefined;
  if (!k || !kq) return [];
  const out: string[] = [];
  for (const key of ['domesticAbuse', 'childSafeguarding'] as CaseAttributeKey[]) {
    const phrase = CASE_ATTRIBUTES.find((a) => a.key === key)!.subgroupPhrase!;
    const split = breakdown(f, cases, k.id, key);
    const yes = split.groups.find((g) => g.value === 'yes')?.result;
    const no = split.groups.find((g) => g.value === 'no')?.result;
    if (!yes || yes.applicable === 0) continue;
    if (yes.applicable < threshold || !no || no.applicable < threshold) {
      out.push(`Cases where ${phrase} are not compared with the rest on keeping other people safe: one of the two groups has ${fewerThan(threshold)} cases.`);
      continue;
    }
    out.push(`Where ${phrase}, ${findingClause(kq)} in ${pct(yes.percent)} of cases, against ${pct(no.percent)} where there were none.`);
  }
  return out;
}
