import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../core/api/contract';
import { describeProgress } from './long-work';

const p = (phase: JobProgress['phase'], done: number | null = null, total: number | null = null, cancelled = false): JobProgress => ({ phase, done, total, cancellable: !cancelled, cancelled });

describe('what the progress panel says', () => {
  it('counts cases as an import writes them, with thousands separated as in British English', () => {
    expect(describeProgress('import', p('writing', 120, 300))).toBe('Importing 120 of 300 cases…');
    expect(describeProgress('import', p('writing', 1200, 3000))).toBe('Importing 1,200 of 3,000 cases…');
    expect(describeProgress('import', p('reading'))).toBe('Reading the file…');
    expect(describeProgress('import', p('checking'))).toBe('Checking the file…');
    expect(describeProgress('import', p('waiting', 0, 300))).toBe('Waiting for other work on the data file to finish…');
  });
  it('counts cases as a sample is added to the inspection (not written to a file)', () => {
    expect(describeProgress('sample', p('checking'))).toBe('Checking the file…');
    expect(describeProgress('sample', p('writing', 1500, 10000))).toBe('Adding 1,500 of 10,000 cases…');
  });
  it('names each phase of an export and a report, and says a cancelled job changes nothing', () => {
    expect(describeProgress('export', p('reading'))).toBe('Reading the inspection…');
    expect(describeProgress('export', p('writing', 300, 300))).toBe('Writing 300 cases to the file…');
    expect(describeProgress('export', p('saving', 300, 300))).toBe('Saving the file…');
    expect(describeProgress('report', p('rendering'))).toBe('Laying out the report…');
    expect(describeProgress('merge', p('working'))).toBe('Merging the return…');
    expect(describeProgress('merge', null)).toBe('Merging the return…');
    expect(describeProgress('import', p('writing', 10, 300, true))).toBe('Cancelling: nothing will be changed…');
  });
});
