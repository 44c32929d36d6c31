import type { Framework } from '../frameworks/schema';
import type { StandardResult } from './types';

export interface CaseState {
  sample: string;
  status: 'not-started' | 'in-progress' | 'complete';
}

/** How firm a case-rated standard's rating is: final only once every sampled case of its sample is complete. */
export interface Firmness {
  provisional: boolean;
  complete: number;
  sampled: number;
  /** The framework's minimum base, and whether the rating rests on fewer cases than it. */
  minimumBase: number | null;
  belowMinimum: boolean;
}

export function firmnessOf(f: Framework, s: StandardResult, cases: readonly CaseState[]): Firmness | null {
  if (s.kind !== 'cases') return null;
  const sampled = cases.filter((c) => c.sample === s.sample);
  const complete = sampled.filter((c) => c.status === 'complete').length;
  const minimumBase = f.rules.sampling.minimumBase ?? null;
  return { provisional: sampled.length === 0 || complete < sampled.length, complete, sampled: sampled.length, minimumBase, belowMinimum: minimumBase !== null && s.rating !== null && s.casesInSample < minimumBase };
}

/** "provisional: 8 of 24 cases scored", or null when the rating is final. */
export function provisionalLabel(x: Firmness | null): string | null {
  return x?.provisional ? `Provisional: ${x.complete} of ${x.sampled} ${x.sampled === 1 ? 'case' : 'cases'} scored` : null;
}
