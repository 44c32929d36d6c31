import type { CaseAttributes } from '../domain/case-attributes';
import { attributeLabel } from '../domain/case-attributes';
import type { Condition, Framework, KeyQuestion, Prompt, Standard } from '../frameworks/schema';

/**
 * Three-valued: an attribute that was not recorded makes a condition unknown, and an unknown
 * condition does not exclude the question. Only recorded facts remove a question from a case,
 * so missing data never silently shrinks a denominator.
 */
function evaluate(c: Condition, a: CaseAttributes): boolean | undefined {
  if ('attribute' in c) {
    const v = a[c.attribute];
    return v === undefined ? undefined : v === c.equals;
  }
  if ('all' in c) {
    const r = c.all.map((x) => evaluate(x, a));
    if (r.includes(false)) return false;
    return r.includes(undefined) ? undefined : true;
  }
  if ('any' in c) {
    const r = c.any.map((x) => evaluate(x, a));
    if (r.includes(true)) return true;
    return r.includes(undefined) ? undefined : false;
  }
  const inner = evaluate(c.not, a);
  return inner === undefined ? undefined : !inner;
}

export function conditionHolds(c: Condition | undefined, a: CaseAttributes): boolean {
  return c === undefined || evaluate(c, a) !== false;
}

export interface CaseLike {
  sample?: string;
  attributes: CaseAttributes;
}

export function standardApplies(s: Standard, c: CaseLike): boolean {
  return s.ratedBy === 'cases' && s.sample === (c.sample ?? 'case-supervision') && conditionHolds(s.appliesWhen, c.attributes);
}

export function keyQuestionApplies(s: Standard, k: KeyQuestion, c: CaseLike): boolean {
  return standardApplies(s, c) && conditionHolds(k.appliesWhen, c.attributes);
}

export function promptApplies(s: Standard, k: KeyQuestion, p: Prompt, c: CaseLike): boolean {
  return keyQuestionApplies(s, k, c) && conditionHolds(p.appliesWhen, c.attributes);
}

/** The case's sample standards, for showing in the case form. */
export function standardsForCase(f: Framework, c: CaseLike): Standard[] {
  const sample = c.sample ?? 'case-supervision';
  return f.domains.flatMap((d) => d.standards).filter((s) => s.ratedBy === 'cases' && s.sample === sample);
}

/** True only when the case's recorded attributes show the condition holds (unknown is not true). */
export function conditionKnownTrue(c: Condition, a: CaseAttributes): boolean {
  return evaluate(c, a) === true;
}

function describe(c: Condition): string {
  if ('attribute' in c) {
    const label = attributeLabel(c.attribute);
    return typeof c.equals === 'boolean' ? `${label.toLowerCase()} is ${c.equals ? 'yes' : 'no'}` : `${label.toLowerCase()} is ${c.equals}`;
  }
  if ('all' in c) return c.all.map(describe).join(' and ');
  if ('any' in c) return c.any.map(describe).join(' or ');
  return `not (${describe(c.not)})`;
}

/**
 * Why no key question applies to a case, in words from the framework's own conditions; null when
 * some question applies. E.g. "4.2 Through the Gate applies only when released from custody is yes."
 */
export function whyNothingApplies(f: Framework, c: CaseLike): string | null {
  const standards = standardsForCase(f, c);
  if (standards.some((s) => s.keyQuestions.some((k) => keyQuestionApplies(s, k, c)))) return null;
  if (standards.length === 0) return `The framework has no standard for this case's sample (${c.sample ?? 'case-supervision'}).`;
  const reasons = standards.map((s) => (s.appliesWhen && !conditionHolds(s.appliesWhen, c.attributes) ? `${s.id} ${s.name} applies only when ${describe(s.appliesWhen)}` : `none of the key questions of ${s.id} ${s.name} apply to this case's attributes`));
  return `${reasons.join('; ')}.`;
}
