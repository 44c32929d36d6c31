import { describe, expect, it } from 'vitest';
import { shippedFrameworks } from '../frameworks/load';
import { attributeShare, breakdown, describeShare } from './breakdown';
import type { CaseRecord } from './types';

const f = shippedFrameworks().get('crc-2018')!;
const cases: CaseRecord[] = Array.from({ length: 30 }, (_, i) => ({
  ref: `C${i}`,
  attributes: { domesticAbuse: i % 3 === 0, gender: i % 2 === 0 ? 'female' : 'male', ...(i === 29 ? { domesticAbuse: undefined } : {}) },
  answers: { '2.1.3': i % 3 === 0 ? (i < 15 ? 'no' : 'yes') : 'yes' },
}));

describe('breakdowns', () => {
  it('splits a key question by a yes/no attribute', () => {
    const b = breakdown(f, cases, '2.1.3', 'domesticAbuse');
    const g = Object.fromEntries(b.groups.map((x) => [x.value, x]));
    // Domestic abuse cases: i = 0,3,…,27 → 10 cases, those under 15 (0,3,6,9,12) answered No.
    expect(g.yes).toMatchObject({ cases: 10, result: { yes: 5, no: 5, percent: 50, band: 'Requires improvement' } });
    expect(g.no!.result).toMatchObject({ yes: 19, no: 0 });
    expect(g['not recorded']!.cases).toBe(1);
  });

  it('splits by an enumerated attribute and leaves other samples out', () => {
    const withUpw: CaseRecord[] = [...cases, { ref: 'U', sample: 'unpaid-work', attributes: { gender: 'female' }, answers: { '4.1.1': 'yes' } }];
    const b = breakdown(f, withUpw, '2.1.3', 'gender');
    expect(b.groups.map((g) => [g.value, g.cases])).toEqual([['female', 15], ['male', 15]]);
  });

  it('describes shares as reports do', () => {
    expect(attributeShare(cases, 'domesticAbuse')).toMatchObject({ count: 10, total: 30, phrase: 'a third' });
    expect(describeShare(11, 30)).toBe('about a third');
    expect(describeShare(15, 30)).toBe('half');
    expect(describeShare(0, 30)).toBe('none');
    expect(describeShare(30, 30)).toBe('all');
    expect(describeShare(2, 30)).toBe('a small minority');
    expect(describeShare(13, 30)).toBe('43%');
  });

  it('an unknown question id is an error, not an empty result', () => {
    expect(() => breakdown(f, cases, '9.9.9', 'gender')).toThrow(/Unknown question/);
  });
});
