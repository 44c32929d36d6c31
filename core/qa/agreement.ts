import { ANSWERS, type Answer } from '../domain/ratings';
import { caseStandards } from '../frameworks/load';
import type { Framework } from '../frameworks/schema';
import type { DoubleMarkedCase } from './second-marking';

/** Counts of (first, second) answer pairs, rows the first marking, columns the second, in ANSWERS order. */
export type AgreementTable = number[][];

export interface KappaResult {
  /** Pairs counted. */
  n: number;
  /** Share of pairs where both markings gave the same answer, 0–1; null with no pairs. */
  agreement: number | null;
  /** Cohen's kappa; null when it is undefined (no pairs, or both markings used one and the same answer throughout). */
  kappa: number | null;
}

export function emptyTable(): AgreementTable {
  return ANSWERS.map(() => ANSWERS.map(() => 0));
}

export function tableOf(pairs: Iterable<readonly [Answer, Answer]>): AgreementTable {
  const t = emptyTable();
  for (const [a, b] of pairs) t[ANSWERS.indexOf(a)]![ANSWERS.indexOf(b)]! += 1;
  return t;
}

/**
 * Cohen's kappa from a square table of counts: (po − pe) / (1 − pe), with po the observed share of
 * agreement and pe the agreement expected by chance from each marker's own answer shares. Worked in
 * integers, (n·Σ agree − Σ rₖcₖ) / (n² − Σ rₖcₖ), so perfect agreement is exactly 1.
 */
export function cohensKappa(table: AgreementTable): KappaResult {
  const k = table.length;
  let n = 0;
  let agree = 0;
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const v = table[i]![j]!;
      n += v;
      rows[i]! += v;
      cols[j]! += v;
      if (i === j) agree += v;
    }
  if (n === 0) return { n, agreement: null, kappa: null };
  const chance = rows.reduce((s, r, i) => s + r * cols[i]!, 0);
  const denominator = n * n - chance;
  return { n, agreement: agree / n, kappa: denominator === 0 ? null : (n * agree - chance) / denominator };
}

export type AgreementRules = NonNullable<Framework['qa']>['agreement'];

/** The plain-words band for a kappa (e.g. Landis and Koch), from the framework's data; kappa is compared at two decimals as the bands are published. */
export function kappaBand(kappa: number | null, rules: AgreementRules): string | null {
  if (kappa === null) return null;
  const k = Math.round(kappa * 100) / 100;
  return rules.bands.find((b) => k >= b.minKappa)?.label ?? rules.bands.at(-1)?.label ?? null;
}

export interface AgreementStat extends KappaResult {
  /** Double-marked cases counted. */
  cases: number;
  band: string | null;
  /** Fewer cases than the framework's threshold: read the figures with care. */
  caution: boolean;
  table: AgreementTable;
}

export interface KeyQuestionAgreement extends AgreementStat {
  id: string;
  text: string;
}

export interface Disagreement {
  ref: string;
  /** Key question id. */
  id: string;
  first: Answer;
  second: Answer;
  secondBy: string;
}

export interface AgreementResult {
  keyQuestions: KeyQuestionAgreement[];
  /** Every key-question pair pooled; `cases` counts distinct cases. */
  overall: AgreementStat;
  disagreements: Disagreement[];
  doubleMarked: number;
  cautionBelowCases: number;
  source: string;
}

function stat(pairs: (readonly [Answer, Answer])[], cases: number, rules: AgreementRules): AgreementStat {
  const table = tableOf(pairs);
  const k = cohensKappa(table);
  return { ...k, cases, band: kappaBand(k.kappa, rules), caution: cases < rules.cautionBelowCases, table };
}

/**
 * Agreement between the first and the blind second marking, per key question and overall, over
 * Yes / No / Not applicable. A key question counts a case only where both markings answered it.
 * Key questions no double-marked case answered twice are left out; the order is the framework's.
 */
export function agreement(f: Framework, cases: readonly DoubleMarkedCase[]): AgreementResult {
  const rules = f.qa.agreement;
  const marked = cases.filter((c): c is DoubleMarkedCase & { secondMarking: NonNullable<DoubleMarkedCase['secondMarking']> } => !!c.secondMarking);
  const keyQuestions: KeyQuestionAgreement[] = [];
  const disagreements: Disagreement[] = [];
  const allPairs: (readonly [Answer, Answer])[] = [];
  const overallCases = new Set<string>();
  const order: { id: string; text: string }[] = caseStandards(f).flatMap((s) => s.keyQuestions.map((k) => ({ id: k.id, text: k.text })));
  for (const kq of order) {
    const pairs: (readonly [Answer, Answer])[] = [];
    for (const c of marked) {
      const first = c.answers[kq.id];
      const second = c.secondMarking.answers[kq.id];
      if (!first || !second) continue;
      pairs.push([first, second]);
      overallCases.add(c.ref);
    }
    if (pairs.length === 0) continue;
    allPairs.push(...pairs);
    keyQuestions.push({ id: kq.id, text: kq.text, ...stat(pairs, pairs.length, rules) });
  }
  for (const c of marked)
    for (const kq of order) {
      const first = c.answers[kq.id];
      const second = c.secondMarking.answers[kq.id];
      if (first && second && first !== second) disagreements.push({ ref: c.ref, id: kq.id, first, second, secondBy: c.secondMarking.by });
    }
  return {
    keyQuestions,
    overall: stat(allPairs, overallCases.size, rules),
    disagreements,
    doubleMarked: marked.length,
    cautionBelowCases: rules.cautionBelowCases,
    source: rules.source,
  };
}

/** Exactly the JSON `fieldwork qa` prints (documented in the README): stable for other tools. */
export function agreementOutput(r: AgreementResult) {
  return {
    keyQuestions: r.keyQuestions.map((k) => ({ id: k.id, cases: k.cases, agreement: k.agreement, kappa: k.kappa })),
    overall: { cases: r.overall.cases, agreement: r.overall.agreement, kappa: r.overall.kappa },
    disagreements: r.disagreements.map((d) => ({ ref: d.ref, id: d.id, first: d.first, second: d.second })),
  };
}
