import type { CaseAttributes } from '../domain/case-attributes';
import { ANSWER_LABELS, type Answer } from '../domain/ratings';
import { conditionKnownTrue, keyQuestionApplies, promptApplies, standardsForCase } from '../engine/applicability';
import type { ConsistencyRule, Framework } from '../frameworks/schema';

export interface ConsistencyCase {
  ref: string;
  sample?: string;
  attributes: CaseAttributes;
  answers: Readonly<Record<string, Answer>>;
  notes?: Readonly<Record<string, string>>;
}

export interface ConsistencyWarning {
  ruleId: string;
  ref: string;
  /** The question the warning is about. */
  questionId: string;
  message: string;
}

export function wordCount(text: string): number {
  const t = text.trim();
  return t === '' ? 0 : t.split(/\s+/).length;
}

function fill(rule: ConsistencyRule, values: Record<string, string | number>): string {
  return rule.message.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/**
 * The framework's consistency rules over one case. They warn and never block: the app shows them on
 * the case form as the inspector marks, and lists them per inspection.
 */
export function checkConsistency(f: Framework, c: ConsistencyCase): ConsistencyWarning[] {
  const out: ConsistencyWarning[] = [];
  const standards = standardsForCase(f, c);
  for (const rule of f.qa.consistencyRules) {
    const warn = (questionId: string, extra: Record<string, string | number> = {}) =>
      out.push({ ruleId: rule.id, ref: c.ref, questionId, message: fill(rule, { question: questionId, ...extra }) });
    for (const s of standards)
      for (const k of s.keyQuestions) {
        const answer = c.answers[k.id];
        if (rule.check === 'key-question-against-prompts') {
          if (answer !== rule.keyQuestion || !keyQuestionApplies(s, k, c)) continue;
          // Applicable prompts the marker did not call Not applicable; every one must be answered and opposite.
          const prompts = k.prompts.filter((p) => promptApplies(s, k, p, c) && c.answers[p.id] !== 'na');
          if (prompts.length > 0 && prompts.every((p) => c.answers[p.id] === rule.everyPrompt))
            warn(k.id, { answer: ANSWER_LABELS[answer] });
        } else if (rule.check === 'short-note') {
          if (answer !== rule.answer) continue;
          const words = wordCount(c.notes?.[k.id] ?? '');
          if (words > 0 && words < rule.minWords) warn(k.id, { answer: ANSWER_LABELS[answer], words, minWords: rule.minWords });
        } else if (rule.check === 'answered-when') {
          if (s.area !== rule.area || !conditionKnownTrue(rule.when, c.attributes)) continue;
          for (const id of [k.id, ...k.prompts.map((p) => p.id)]) {
            const a = c.answers[id];
            if (a === 'yes' || a === 'no') warn(id, { answer: ANSWER_LABELS[a] });
          }
        }
      }
  }
  return out;
}

/** Every case's warnings, case by case in the order given. */
export function checkInspectionConsistency(f: Framework, cases: readonly ConsistencyCase[]): ConsistencyWarning[] {
  return cases.flatMap((c) => checkConsistency(f, c));
}
