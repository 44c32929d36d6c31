import type { Condition, Framework, KeyQuestion, Standard } from '../frameworks/schema';
import { conditionHolds } from './applicability';
import type { CaseRecord } from './types';

// What the rating engine counts, kept as running totals: for every key question and prompt of every
// case-rated standard, how many cases in the standard's sample answered Yes, No, N/A (or are excluded
// by the framework's applicability rules) and how many have not answered. Every rating, band, distance
// and warning follows from these totals (rateFromTally, ./rate.ts), so a case that changes is taken
// out with its old answers and put back with its new ones: after a save the totals move by one case
// rather than being counted again over thousands. Counts are integers, so the totals are exactly the
// ones a full count gives, whatever the order of the changes.

const DEFAULT_SAMPLE = 'case-supervision';

/** The four counts of a question, in this order at `slot * 4`. */
const YES = 0;
const NO = 1;
const NOT_APPLICABLE = 2;
const UNANSWERED = 3;

export interface PromptPlan {
  id: string;
  when: Condition | undefined;
  slot: number;
}

export interface KeyQuestionPlan {
  keyQuestion: KeyQuestion;
  slot: number;
  prompts: PromptPlan[];
}

export interface StandardPlan {
  standard: Standard;
  /** Position among the case-rated standards: where its count of cases in the sample is kept. */
  index: number;
  keyQuestions: KeyQuestionPlan[];
}

interface Plan {
  byStandard: Map<Standard, StandardPlan>;
  /** The standards each sample's cases are counted in. */
  bySample: Map<string, StandardPlan[]>;
  standards: number;
  slots: number;
}

const plans = new WeakMap<Framework, Plan>();

function planOf(f: Framework): Plan {
  let plan = plans.get(f);
  if (plan) return plan;
  let slots = 0;
  const byStandard = new Map<Standard, StandardPlan>();
  const bySample = new Map<string, StandardPlan[]>();
  for (const s of f.domains.flatMap((d) => d.standards).filter((x) => x.ratedBy === 'cases')) {
    const sp: StandardPlan = {
      standard: s,
      index: byStandard.size,
      keyQuestions: s.keyQuestions.map((k) => ({ keyQuestion: k, slot: slots++, prompts: k.prompts.map((p) => ({ id: p.id, when: p.appliesWhen, slot: slots++ })) })),
    };
    byStandard.set(s, sp);
    // A case-rated standard always names its sample (the framework schema checks it).
    if (s.sample !== undefined) bySample.set(s.sample, [...(bySample.get(s.sample) ?? []), sp]);
  }
  plan = { byStandard, bySample, standards: byStandard.size, slots };
  plans.set(f, plan);
  return plan;
}

/** The counts of one inspection's cases under one framework, kept as cases are added and removed. */
export class RatingTally {
  private readonly plan: Plan;
  private readonly counts: Int32Array;
  private readonly inSample: Int32Array;

  constructor(readonly framework: Framework) {
    this.plan = planOf(framework);
    this.counts = new Int32Array(this.plan.slots * 4);
    this.inSample = new Int32Array(this.plan.standards);
  }

  add(c: CaseRecord): void {
    this.count(c, 1);
  }

  /** Takes out a case added before, with the answers and attributes it was added with. */
  remove(c: CaseRecord): void {
    this.count(c, -1);
  }

  /** How the standard's cases are counted (every case-rated standard of the framework has a plan). */
  standardPlan(s: Standard): StandardPlan {
    const sp = this.plan.byStandard.get(s);
    if (!sp) throw new RangeError(`${s.id} is not a case-rated standard of ${this.framework.id}`);
    return sp;
  }

  casesInSample(sp: StandardPlan): number {
    return this.inSample[sp.index]!;
  }

  /** Yes, No, N/A (answered, or excluded by the applicability rules) and unanswered, for the question at `slot`. */
  question(slot: number): [yes: number, no: number, notApplicable: number, unanswered: number] {
    const at = slot * 4;
    const c = this.counts;
    return [c[at + YES]!, c[at + NO]!, c[at + NOT_APPLICABLE]!, c[at + UNANSWERED]!];
  }

  private count(c: CaseRecord, by: 1 | -1): void {
    const standards = this.plan.bySample.get(c.sample ?? DEFAULT_SAMPLE);
    if (!standards) return;
    const { attributes, answers } = c;
    const counts = this.counts;
    for (const sp of standards) {
      this.inSample[sp.index]! += by;
      // The same three-valued rules as keyQuestionApplies and promptApplies (./applicability.ts), each
      // condition evaluated once per case rather than once per question that shares it.
      const standardApplies = conditionHolds(sp.standard.appliesWhen, attributes);
      for (const kp of sp.keyQuestions) {
        const applies = standardApplies && conditionHolds(kp.keyQuestion.appliesWhen, attributes);
        counts[kp.slot * 4 + outcome(applies, answers[kp.keyQuestion.id])]! += by;
        for (const pp of kp.prompts) counts[pp.slot * 4 + outcome(applies && conditionHolds(pp.when, attributes), answers[pp.id])]! += by;
      }
    }
  }
}

/** Which count a case adds to: as tallyQuestion counts it (./rate.ts). */
function outcome(applies: boolean, a: string | undefined): number {
  if (!applies) return NOT_APPLICABLE;
  if (a === 'yes') return YES;
  if (a === 'no') return NO;
  if (a === 'na') return NOT_APPLICABLE;
  return UNANSWERED;
}
