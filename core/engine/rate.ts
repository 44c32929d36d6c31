import type { Answer, Rating } from '../domain/ratings';
import type { Framework, KeyQuestion, Standard } from '../frameworks/schema';
import { bandFor, bandIndex, maxPoints, overallRating, yesLost, yesNeeded } from './bands';
import type {
  BandStep,
  CaseRecord,
  Distance,
  InspectionInput,
  InspectionResult,
  KeyQuestionResult,
  OverrideInput,
  QuestionResult,
  RatingWarning,
  StandardResult,
} from './types';
import { RatingTally } from './tally';

/** Counts one question over the cases it could apply to. */
export function tallyQuestion(
  f: Framework,
  id: string,
  cases: readonly CaseRecord[],
  applies: (c: CaseRecord) => boolean,
): QuestionResult {
  let yes = 0;
  let no = 0;
  let notApplicable = 0;
  let unanswered = 0;
  for (const c of cases) {
    if (!applies(c)) {
      notApplicable++;
      continue;
    }
    const a: Answer | undefined = c.answers[id];
    if (a === 'yes') yes++;
    else if (a === 'no') no++;
    else if (a === 'na') notApplicable++;
    else unanswered++;
  }
  return questionResult(f, id, yes, no, notApplicable, unanswered);
}

/** A question's result from its counts (however they were counted: case by case, or kept in a tally). */
export function questionResult(f: Framework, id: string, yes: number, no: number, notApplicable: number, unanswered: number): QuestionResult {
  const applicable = yes + no;
  const bands = f.rules.keyQuestionBands;
  return {
    id,
    yes,
    no,
    notApplicable,
    unanswered,
    applicable,
    percent: applicable === 0 ? null : (yes * 100) / applicable,
    band: bandFor(bands, yes, applicable),
  };
}

function keyQuestionDistance(f: Framework, q: QuestionResult): Distance {
  const bands = f.rules.keyQuestionBands;
  if (q.applicable === 0) return { up: null, down: null };
  const i = bandIndex(bands, q.yes, q.applicable);
  const above = bands[i - 1];
  const current = bands[i]!;
  const below = bands[i + 1];
  const upCases = above ? yesNeeded(q.yes, q.applicable, above.minPercent) : null;
  const downCases = below ? yesLost(q.yes, q.applicable, current.minPercent) : null;
  return {
    up: above && upCases !== null ? { rating: above.rating, cases: upCases, keyQuestions: [{ id: q.id, cases: upCases }] } : null,
    down:
      below && downCases !== null ? { rating: below.rating, cases: downCases, keyQuestions: [{ id: q.id, cases: downCases }] } : null,
  };
}

/** A key question's result from its own counts and its prompts'. */
function keyQuestionResult(f: Framework, k: KeyQuestion, q: QuestionResult, prompts: QuestionResult[]): KeyQuestionResult {
  return { ...q, text: k.text, theme: k.theme ?? null, prompts, distance: keyQuestionDistance(f, q) };
}

/**
 * The lowest-key-question rule: the standard takes the band of its weakest key question.
 * Moving up needs every key question below the next band to reach it; moving down needs any
 * one key question in the current band to fall.
 */
function standardDistance(f: Framework, kqs: KeyQuestionResult[], computed: Rating | null): Distance {
  if (computed === null) return { up: null, down: null };
  const bands = f.rules.keyQuestionBands;
  const i = bands.findIndex((b) => b.rating === computed);
  const rated = kqs.filter((k) => k.applicable > 0);
  let up: BandStep | null = null;
  const above = bands[i - 1];
  if (above) {
    const needs = rated
      .map((k) => ({ id: k.id, cases: yesNeeded(k.yes, k.applicable, above.minPercent) }))
      .filter((n) => n.cases !== 0);
    if (needs.every((n) => n.cases !== null)) {
      const list = needs as { id: string; cases: number }[];
      up = { rating: above.rating, cases: Math.max(...list.map((n) => n.cases)), keyQuestions: list };
    }
  }
  let down: BandStep | null = null;
  const below = bands[i + 1];
  if (below) {
    const drops = rated
      .map((k) => ({ id: k.id, cases: yesLost(k.yes, k.applicable, bands[i]!.minPercent) }))
      .filter((d): d is { id: string; cases: number } => d.cases !== null);
    const fewest = Math.min(...drops.map((d) => d.cases));
    if (drops.length > 0) down = { rating: below.rating, cases: fewest, keyQuestions: drops.filter((d) => d.cases === fewest) };
  }
  return { up, down };
}

export function formatPercent(p: number | null): string {
  return p === null ? 'no applicable cases' : `${Math.round(p)}%`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function describeDistance(d: Distance): string[] {
  const out: string[] = [];
  if (d.up) {
    const where = d.up.keyQuestions.map((k) => `${k.cases} on ${k.id}`).join(', ');
    out.push(
      `${plural(d.up.cases, 'more sufficient case', 'more sufficient cases')} would lift this to ${d.up.rating}` +
        (d.up.keyQuestions.length > 0 ? ` (${where}).` : '.'),
    );
  }
  if (d.down) {
    out.push(
      `${plural(d.down.cases, 'fewer', 'fewer')} would drop it to ${d.down.rating} (on ${d.down.keyQuestions.map((k) => k.id).join(' or ')}).`,
    );
  }
  return out;
}

/** A case-rated standard from its key questions' results and the number of cases in its sample. */
function caseStandardResult(f: Framework, s: Standard, kqs: KeyQuestionResult[], casesInSample: number, override: OverrideInput | undefined): StandardResult {
  const bands = f.rules.keyQuestionBands;
  const rated = kqs.filter((k) => k.band !== null);
  let driving: KeyQuestionResult | null = null;
  for (const k of rated) {
    if (
      !driving ||
      bandIndex(bands, k.yes, k.applicable) > bandIndex(bands, driving.yes, driving.applicable) ||
      (k.band === driving.band && (k.percent ?? 0) < (driving.percent ?? 0))
    )
      driving = k;
  }
  const computed = driving?.band ?? null;
  const explanation: string[] = [];
  if (driving && computed) {
    explanation.push(
      `Rated ${computed} because its lowest key question, ${driving.id}, was sufficient in ${driving.yes} of ${driving.applicable} cases (${formatPercent(driving.percent)}).`,
    );
  } else {
    explanation.push(`Not yet rated: no case in the ${s.sample} sample has an applicable answer.`);
  }
  const distance = standardDistance(f, kqs, computed);
  explanation.push(...describeDistance(distance));
  if (override) explanation.push(`Overridden to ${override.rating} by the ratings panel: ${override.reason}`);
  return {
    id: s.id,
    name: s.name,
    domainId: s.id.split('.')[0]!,
    kind: 'cases',
    sample: s.sample ?? null,
    rating: override?.rating ?? computed,
    computedRating: computed,
    override: override ?? null,
    rationale: null,
    drivingKeyQuestion: driving?.id ?? null,
    casesInSample,
    keyQuestions: kqs,
    distance,
    explanation,
  };
}

function rateJudgementStandard(s: Standard, input: Pick<InspectionInput, 'judgements'>): StandardResult {
  const j = input.judgements[s.id];
  const rating = j?.rating ?? null;
  return {
    id: s.id,
    name: s.name,
    domainId: s.id.split('.')[0]!,
    kind: 'judgement',
    sample: null,
    rating,
    computedRating: rating,
    override: null,
    rationale: j?.rationale ?? null,
    drivingKeyQuestion: null,
    casesInSample: 0,
    keyQuestions: [],
    distance: { up: null, down: null },
    explanation: rating ? [`Rated ${rating} by inspector judgement.`] : ['Not yet rated: the lead inspector has not entered a judgement.'],
  };
}

/**
 * Rates a whole inspection. Pure: same input, same output; case order never matters. The cases are
 * counted into a tally (./tally.ts), which the answer index also keeps up to date case by case, so a
 * rating after a save need not count every case again.
 */
export function rateInspection(f: Framework, input: InspectionInput): InspectionResult {
  const tally = new RatingTally(f);
  for (const c of input.cases) tally.add(c);
  return rateFromTally(tally, input);
}

/** The inspection's ratings from its cases' counts (kept in `tally`), its judgements and its overrides. */
export function rateFromTally(tally: RatingTally, input: Pick<InspectionInput, 'judgements' | 'overrides'>): InspectionResult {
  const f = tally.framework;
  const question = (id: string, slot: number) => questionResult(f, id, ...tally.question(slot));
  const standards = f.domains.flatMap((d) =>
    d.standards.map((s) => {
      if (s.ratedBy !== 'cases') return rateJudgementStandard(s, input);
      const sp = tally.standardPlan(s);
      const kqs = sp.keyQuestions.map((kp) =>
        keyQuestionResult(
          f,
          kp.keyQuestion,
          question(kp.keyQuestion.id, kp.slot),
          kp.prompts.map((pp) => question(pp.id, pp.slot)),
        ),
      );
      return caseStandardResult(f, s, kqs, tally.casesInSample(sp), input.overrides[s.id]);
    }),
  );
  const warnings: RatingWarning[] = [];
  const missing = standards.filter((s) => s.rating === null).map((s) => s.id);
  for (const s of standards) {
    if (s.rating === null)
      warnings.push({
        code: s.kind === 'judgement' ? 'missing-rating' : 'no-applicable-cases',
        standardId: s.id,
        message:
          s.kind === 'judgement'
            ? `${s.id} ${s.name} has no rating yet, so there is no overall rating.`
            : `${s.id} ${s.name} has no applicable answers yet, so there is no overall rating.`,
      });
    const unanswered = s.keyQuestions.reduce((n, k) => n + k.unanswered, 0);
    if (unanswered > 0)
      warnings.push({
        code: 'unanswered-questions',
        standardId: s.id,
        message: `${s.id} ${s.name}: ${plural(unanswered, 'key question answer is', 'key question answers are')} still missing; they are not counted.`,
      });
    if (s.override)
      warnings.push({
        code: 'override',
        standardId: s.id,
        message: `${s.id} ${s.name}: computed ${s.computedRating ?? 'no rating'}, overridden to ${s.override.rating}.`,
      });
  }
  warnings.push(...leadershipWarnings(f, standards));
  const points = f.rules.points;
  const score = standards.reduce((n, s) => n + (s.rating ? points[s.rating] : 0), 0);
  const max = standards.length * maxPoints(f);
  return {
    framework: { id: f.id, revision: f.revision },
    standards,
    overall: { score, max, rating: missing.length === 0 ? overallRating(f, score) : null, missing },
    warnings,
  };
}

const GOOD_OR_BETTER: ReadonlySet<Rating> = new Set<Rating>(['Outstanding', 'Good']);

/** METHOD.md 4.4: since 2019 leadership must take the case results into account. Warn, never block. */
function leadershipWarnings(f: Framework, standards: StandardResult[]): RatingWarning[] {
  const leadershipIds = new Set(f.domains.flatMap((d) => d.standards).filter((s) => s.area === 'leadership').map((s) => s.id));
  const inadequate = standards.filter((s) => s.kind === 'cases' && s.rating === 'Inadequate');
  if (inadequate.length === 0) return [];
  return standards
    .filter((s) => leadershipIds.has(s.id) && s.rating && GOOD_OR_BETTER.has(s.rating))
    .map((s) => ({
      code: 'leadership-and-inadequate-cases' as const,
      standardId: s.id,
      message: `${s.name} is rated ${s.rating} while ${inadequate.map((c) => `${c.id} ${c.name}`).join(', ')} ${inadequate.length === 1 ? 'is' : 'are'} Inadequate: check that the leadership judgement takes the case results into account.`,
    }));
}
