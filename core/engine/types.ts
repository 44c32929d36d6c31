import type { CaseAttributes } from '../domain/case-attributes';
import type { Answer, Rating } from '../domain/ratings';
import type { Theme } from '../frameworks/schema';

export interface CaseRecord {
  ref: string;
  /** Sample id; absent means `case-supervision`. */
  sample?: string;
  attributes: CaseAttributes;
  answers: Readonly<Record<string, Answer>>;
}

export interface JudgementInput {
  rating: Rating | null;
  rationale: string;
}

export interface OverrideInput {
  rating: Rating;
  reason: string;
}

export interface InspectionInput {
  cases: readonly CaseRecord[];
  judgements: Readonly<Record<string, JudgementInput>>;
  overrides: Readonly<Record<string, OverrideInput>>;
}

export interface QuestionResult {
  id: string;
  yes: number;
  no: number;
  /** Answered N/A, or excluded by the framework's applicability rules for the case. */
  notApplicable: number;
  unanswered: number;
  /** Yes + No: the denominator. */
  applicable: number;
  /** Exact, unrounded; null when no case applies. */
  percent: number | null;
  band: Rating | null;
}

export interface BandStep {
  rating: Rating;
  /** Yes answers to gain (up) or lose (down) on the questions named. */
  cases: number;
  keyQuestions: { id: string; cases: number }[];
}

export interface Distance {
  up: BandStep | null;
  down: BandStep | null;
}

export interface KeyQuestionResult extends QuestionResult {
  text: string;
  theme: Theme | null;
  prompts: QuestionResult[];
  distance: Distance;
}

export interface StandardResult {
  id: string;
  name: string;
  domainId: string;
  kind: 'cases' | 'judgement';
  sample: string | null;
  /** The rating that counts: the override where there is one, else the computed or entered rating. */
  rating: Rating | null;
  computedRating: Rating | null;
  override: OverrideInput | null;
  rationale: string | null;
  drivingKeyQuestion: string | null;
  casesInSample: number;
  keyQuestions: KeyQuestionResult[];
  distance: Distance;
  /** Sentences an inspector can read: why this rating. */
  explanation: string[];
}

export type WarningCode =
  | 'missing-rating'
  | 'leadership-and-inadequate-cases'
  | 'no-applicable-cases'
  | 'unanswered-questions'
  | 'override';

export interface RatingWarning {
  code: WarningCode;
  message: string;
  standardId?: string;
}

export interface OverallResult {
  score: number;
  max: number;
  rating: Rating | null;
  /** Standards without a rating yet; the overall rating waits for them. */
  missing: string[];
}

export interface InspectionResult {
  framework: { id: string; revision: string };
  standards: StandardResult[];
  overall: OverallResult;
  warnings: RatingWarning[];
}
