import { describe, expect, it } from 'vitest';
import outcomes from '../testing/published-outcomes.json';
import { allStandards, shippedFrameworks } from '../frameworks/load';
import type { Framework } from '../frameworks/schema';
import { z } from 'zod';
import { ratingSchema, type Answer, type Rating } from '../domain/ratings';
import { buildInspection } from '../testing/build-inspection';
import { rateInspection } from './rate';
import type { CaseRecord } from './types';

const fw = (id: string): Framework => {
  const f = shippedFrameworks().get(id);
  if (!f) throw new Error(id);
  return f;
};

function answersFor(id: string, yes: number, no: number, na = 0): CaseRecord[] {
  const mk = (a: Answer, i: number): CaseRecord => ({ ref: `${a}${i}`, sample: 'case-supervision', attributes: {}, answers: { [id]: a } });
  return [
    ...Array.from({ length: yes }, (_, i) => mk('yes', i)),
    ...Array.from({ length: no }, (_, i) => mk('no', i)),
    ...Array.from({ length: na }, (_, i) => mk('na', i)),
  ];
}

const kq = (f: Framework, cases: CaseRecord[], id: string) => {
  const r = rateInspection(f, { cases, judgements: {}, overrides: {} });
  const k = r.standards.flatMap((s) => s.keyQuestions).find((q) => q.id === id);
  if (!k) throw new Error(id);
  return k;
};

/** Completes `given` with `fill` for every standard not named, to match a published outcome's constraints. */
function complete(f: Framework, given: Record<string, Rating>, fill: Rating, extra: Record<string, Rating> = {}): Record<string, Rating> {
  return Object.fromEntries(allStandards(f).map((s) => [s.id, given[s.id] ?? extra[s.id] ?? fill]));
}

describe('published outcomes (../shared/method/published-outcomes.json)', () => {
  type Outcome = (typeof outcomes.outcomes)[number];
  const byProvider = (p: string, framework: string): Outcome => {
    const o = outcomes.outcomes.find((x) => x.provider === p && x.framework === framework);
    if (!o) throw new Error(p);
    return o;
  };
  const published = (o: Outcome): Record<string, Rating> =>
    typeof o.standards === 'object' ? z.record(z.string(), ratingSchema).parse(o.standards) : {};

  const cases: { provider: string; framework: string; ratings: (f: Framework, o: Outcome) => Record<string, Rating> }[] = [
    // 5 Good and 5 Requires improvement, none Inadequate
    { provider: 'London CRC', framework: 'crc-2018', ratings: (f) => complete(f, {}, 'Requires improvement', { '1.1': 'Good', '1.2': 'Good', '1.3': 'Good', '1.4': 'Good', '4.1': 'Good' }) },
    // two of the remaining five Good
    { provider: 'Norfolk and Suffolk CRC', framework: 'crc-2018', ratings: (f, o) => complete(f, published(o), 'Requires improvement', { '1.2': 'Good', '1.3': 'Good' }) },
    { provider: 'Staffordshire and West Midlands CRC', framework: 'crc-2018', ratings: (f, o) => complete(f, published(o), 'Requires improvement') },
    { provider: 'Derbyshire, Leicestershire, Nottinghamshire and Rutland CRC', framework: 'crc-2018', ratings: (f, o) => complete(f, published(o), 'Requires improvement') },
    // exactly three Good
    { provider: 'Warwickshire and West Mercia CRC', framework: 'crc-2018', ratings: (f, o) => complete(f, published(o), 'Requires improvement', { '1.3': 'Good' }) },
    { provider: 'Essex CRC', framework: 'crc-2018', ratings: (f) => complete(f, {}, 'Requires improvement') },
    // score 2 of 27
    { provider: 'Leicester, Leicestershire and Rutland PDU', framework: 'pdu-2021', ratings: (f) => complete(f, {}, 'Inadequate', { '1.1': 'Requires improvement', '1.2': 'Requires improvement' }) },
    { provider: 'Essex North PDU', framework: 'pdu-2023', ratings: (f, o) => complete(f, published(o), 'Good') },
  ];

  it.each(cases)('$provider ($framework)', ({ provider, framework, ratings }) => {
    const o = byProvider(provider, framework);
    const f = fw(framework);
    const want = ratings(f, o);
    const result = rateInspection(f, buildInspection(f, want));
    // The built answers really produce the intended standard ratings…
    expect(Object.fromEntries(result.standards.map((s) => [s.id, s.rating]))).toEqual(want);
    // …and the overall rating is the published one.
    expect(result.overall.rating).toBe(o.overall);
    if ('overallScore' in o) expect(result.overall.score).toBe(o.overallScore);
    if ('maxScore' in o) expect(result.overall.max).toBe(o.maxScore);
  });

  it('London CRC: one more Good standard would have made it Good (16)', () => {
    const f = fw('crc-2018');
    const want = complete(f, {}, 'Requires improvement', { '1.1': 'Good', '1.2': 'Good', '1.3': 'Good', '1.4': 'Good', '4.1': 'Good', '4.2': 'Good' });
    const r = rateInspection(f, buildInspection(f, want));
    expect(r.overall).toMatchObject({ score: 16, rating: 'Good' });
  });

  it('Essex North PDU 2022: 8 of 9 Inadequate is Inadequate whatever the ninth', () => {
    const f = fw('pdu-2021');
    for (const ninth of ['Outstanding', 'Good', 'Requires improvement', 'Inadequate'] as const) {
      const r = rateInspection(f, buildInspection(f, complete(f, { '1.1': ninth }, 'Inadequate')));
      expect(r.overall.rating).toBe(byProvider('Essex North PDU', 'pdu-2021').overall);
    }
  });
});

describe('key question bands on exact fractions', () => {
  const f = fw('crc-2018');
  it.each([
    [13, 7, 'Good'],
    [12, 8, 'Requires improvement'],
    [4, 1, 'Outstanding'],
    [16, 4, 'Outstanding'],
    [15, 5, 'Good'],
    [10, 10, 'Requires improvement'],
    [9, 11, 'Inadequate'],
    [0, 3, 'Inadequate'],
  ] as const)('%i yes of %i no is %s', (yes, no, band) => {
    const q = kq(f, answersFor('2.1.1', yes, no), '2.1.1');
    expect(q.band).toBe(band);
    expect(q.percent).toBe((yes * 100) / (yes + no));
  });

  it('N/A leaves the denominator; unanswered is counted, not treated as No', () => {
    const cases = [...answersFor('2.1.1', 13, 7, 5), { ref: 'blank', sample: 'case-supervision', attributes: {}, answers: {} }];
    const q = kq(f, cases, '2.1.1');
    expect(q).toMatchObject({ yes: 13, no: 7, notApplicable: 5, unanswered: 1, applicable: 20, band: 'Good' });
    const r = rateInspection(f, { cases, judgements: {}, overrides: {} });
    expect(r.warnings.some((w) => w.code === 'unanswered-questions' && w.standardId === '2.1')).toBe(true);
  });

  it('a reviewing question does not apply where no review was due', () => {
    const cases: CaseRecord[] = [
      { ref: 'a', attributes: { reviewDue: false }, answers: { '2.4.1': 'no' } },
      { ref: 'b', attributes: { reviewDue: true }, answers: { '2.4.1': 'yes' } },
      { ref: 'c', attributes: {}, answers: { '2.4.1': 'yes' } },
    ];
    expect(kq(f, cases, '2.4.1')).toMatchObject({ yes: 2, no: 0, notApplicable: 1, percent: 100 });
  });
});

describe('standard ratings', () => {
  const f = fw('crc-2018');
  const make = (yes: [number, number, number], n = 20): CaseRecord[] =>
    Array.from({ length: n }, (_, i) => ({
      ref: `c${i}`,
      attributes: {},
      answers: { '2.1.1': i < yes[0] ? 'yes' : 'no', '2.1.2': i < yes[1] ? 'yes' : 'no', '2.1.3': i < yes[2] ? 'yes' : 'no' },
    }));

  it('the lowest key question decides, and is named', () => {
    const r = rateInspection(f, { cases: make([18, 17, 11]), judgements: {}, overrides: {} });
    const s = r.standards.find((x) => x.id === '2.1')!;
    expect(s.rating).toBe('Requires improvement');
    expect(s.drivingKeyQuestion).toBe('2.1.3');
    expect(s.explanation[0]).toContain('2.1.3');
  });

  it('says how far the rating sits from the band edges', () => {
    // 2.1.3 at 11/20 (55%): 2 more Yes reach 13/20 = 65% Good; 2 fewer leaves 9/20 = 45% Inadequate.
    const s = rateInspection(f, { cases: make([18, 17, 11]), judgements: {}, overrides: {} }).standards.find((x) => x.id === '2.1')!;
    expect(s.distance.up).toEqual({ rating: 'Good', cases: 2, keyQuestions: [{ id: '2.1.3', cases: 2 }] });
    expect(s.distance.down).toEqual({ rating: 'Inadequate', cases: 2, keyQuestions: [{ id: '2.1.3', cases: 2 }] });
    expect(s.explanation).toContain('2 more sufficient cases would lift this to Good (2 on 2.1.3).');
  });

  it('an override needs a reason and keeps the computed rating visible', () => {
    const r = rateInspection(f, {
      cases: make([18, 17, 11]),
      judgements: {},
      overrides: { '2.1': { rating: 'Good', reason: 'Panel agreed the sample under-represented the new team.' } },
    });
    const s = r.standards.find((x) => x.id === '2.1')!;
    expect(s).toMatchObject({ rating: 'Good', computedRating: 'Requires improvement' });
    expect(r.warnings.some((w) => w.code === 'override')).toBe(true);
  });

  it('warns when leadership is Good while a case standard is Inadequate', () => {
    const ratings = Object.fromEntries(allStandards(f).map((s) => [s.id, 'Good' as Rating]));
    ratings['2.3'] = 'Inadequate';
    const r = rateInspection(f, buildInspection(f, ratings));
    expect(r.warnings.filter((w) => w.code === 'leadership-and-inadequate-cases').map((w) => w.standardId)).toEqual(['1.1']);
    ratings['1.1'] = 'Requires improvement';
    expect(rateInspection(f, buildInspection(f, ratings)).warnings.some((w) => w.code === 'leadership-and-inadequate-cases')).toBe(false);
  });

  it('a missing judgement leaves the overall rating open and says so', () => {
    const ratings = Object.fromEntries(allStandards(f).map((s) => [s.id, 'Good' as Rating]));
    const input = buildInspection(f, ratings);
    const r = rateInspection(f, { ...input, judgements: { ...input.judgements, '1.4': { rating: null, rationale: '' } } });
    expect(r.overall.rating).toBeNull();
    expect(r.overall.missing).toEqual(['1.4']);
    expect(r.warnings.find((w) => w.code === 'missing-rating')?.message).toContain('1.4');
  });
});

describe('overall score bands', () => {
  it.each([
    ['crc-2018', 10, [5, 6, 15, 16, 25, 26]],
    ['pdu-2021', 9, [4, 5, 13, 14, 22, 23]],
    ['pdu-2023', 7, [3, 4, 10, 11, 17, 18]],
  ] as const)('%s (%i standards) band edges', (id, n, edges) => {
    const f = fw(id);
    expect(allStandards(f)).toHaveLength(n);
    const expected: Rating[] = ['Inadequate', 'Requires improvement', 'Requires improvement', 'Good', 'Good', 'Outstanding'];
    edges.forEach((score, i) => {
      // Reach the score with whole ratings: as many Outstanding (3) as fit, then one remainder.
      const ratings: Rating[] = [];
      let left = score;
      for (let k = 0; k < n; k++) {
        const p = Math.min(3, left);
        left -= p;
        ratings.push((['Inadequate', 'Requires improvement', 'Good', 'Outstanding'] as const)[p]!);
      }
      const want = Object.fromEntries(allStandards(f).map((s, k) => [s.id, ratings[k]!]));
      const r = rateInspection(f, buildInspection(f, want));
      expect(r.overall).toMatchObject({ score, max: n * 3, rating: expected[i] });
    });
  });
});
