import { toCsv } from '../format/csv';
import { SAMPLE_CSV_COLUMNS } from '../format/sample-csv';
import { reportRules } from '../frameworks/load';
import type { Framework } from '../frameworks/schema';
import { monthsBefore } from './caseload';
import type { SampleDraw, SampleSettings } from './draw';

const yesNo = (v: boolean | undefined) => (v === undefined ? '' : v ? 'yes' : 'no');

/** The drawn sample (eliminated cases left out) as a sample CSV the app imports. */
export function sampleCsvText(draw: SampleDraw, sampleName: string): string {
  const rows = draw.cases
    .filter((c) => c.status === 'sampled')
    .map((c) => {
      const a = c.attributes;
      const byColumn: Record<string, string> = {
        sample: sampleName,
        'sample ref': c.ref,
        CRN: c.crn,
        name: c.name,
        gender: a.gender ?? '',
        ethnicity: a.ethnicity ?? '',
        'age band': a.ageBand ?? '',
        'sentence type': a.sentenceType ?? '',
        'risk of serious harm level': a.roshLevel ?? '',
        'office or cluster': a.office ?? '',
        'domestic abuse concern': yesNo(a.domesticAbuse),
        'child safeguarding concern': yesNo(a.childSafeguarding),
        'released from custody': yesNo(a.releasedFromCustody),
        'review due': '',
        'assigned inspector': c.assignedInspector,
      };
      return SAMPLE_CSV_COLUMNS.map((h) => byColumn[h] ?? '');
    });
  return toCsv([[...SAMPLE_CSV_COLUMNS], ...rows]);
}

/** The eligibility window the framework sets for fieldwork starting on this day (YYYY-MM-DD). */
export function defaultWindow(f: Framework, fieldworkStart: string): { start: string; end: string } {
  const w = f.rules.sampling.eligibilityWindow;
  return { start: monthsBefore(fieldworkStart, w.fromMonthsBeforeFieldwork), end: monthsBefore(fieldworkStart, w.toMonthsBeforeFieldwork) };
}

/** A draw's settings as the framework sets them; the lead edits from here. */
export function defaultSettings(f: Framework, fieldworkStart: string | null, seed: number): SampleSettings {
  return {
    confidence: f.rules.sampling.confidence,
    margin: f.rules.sampling.marginOfError,
    window: fieldworkStart ? defaultWindow(f, fieldworkStart) : null,
    exclusions: [],
    // The stratification Annex 1 states is the one a draw uses by default: one list, in the framework's report data.
    strata: [...reportRules(f).sampleStrata],
    size: null,
    seed,
  };
}
