import { describe, expect, it } from 'vitest';
import { shippedFrameworks } from '../frameworks/load';
import type { InspectionFile } from '../format/inspection-file';
import { comparableFromFile, compareInspections, overallHeadline, standardHeadline } from './compare';
import { leagueTable } from './league';
import { compareProportions, normalQuantile } from './statistics';

describe('sampling noise', () => {
  it('normal quantiles', () => {
    expect(normalQuantile(0.9)).toBeCloseTo(1.2816, 4);
    expect(normalQuantile(0.975)).toBeCloseTo(1.96, 3);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
  });

  it('58% to 62% on 40 cases is no clear change at 80% confidence; 40% to 70% is', () => {
    expect(compareProportions(58, 40, 62, 40, 0.8).verdict).toBe('no clear change');
    expect(compareProportions(40, 40, 70, 40, 0.8)).toMatchObject({ verdict: 'improved', change: 30 });
    expect(compareProportions(70, 60, 50, 65, 0.8).verdict).toBe('declined');
    expect(compareProportions(58, null, 62, 40, 0.8).verdict).toBe('base unknown');
  });

  it('the noise shrinks as samples grow', () => {
    const small = compareProportions(50, 20, 60, 20, 0.8).noise!;
    const large = compareProportions(50, 200, 60, 200, 0.8).noise!;
    expect(large).toBeLessThan(small);
    expect(compareProportions(50, 200, 60, 200, 0.8).verdict).toBe('improved');
  });
});

const answers = (ids: string[], yes: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ ref: `C${i}`, answers: Object.fromEntries(ids.map((q) => [q, i < yes ? 'yes' : 'no'])) as Record<string, 'yes' | 'no'> }));

describe('comparing inspections', () => {
  const crc: InspectionFile = {
    formatVersion: 1,
    framework: 'crc-2018',
    provider: { name: 'London CRC', type: 'CRC' },
    inspection: { fieldworkStart: '2019-04-01' },
    cases: answers(['2.1.1', '2.1.2', '2.1.3'], 23, 40),
    judgements: {},
    recommendations: [{ text: 'Improve risk assessment.' }],
  };
  const pdu: InspectionFile = {
    formatVersion: 1,
    framework: 'pdu-2021',
    provider: { name: 'London CRC', type: 'PDU' },
    inspection: { fieldworkStart: '2022-05-01' },
    cases: answers(['2.2.1', '2.2.2', '2.2.3'], 25, 40),
    judgements: {},
  };

  it('across framework versions pairs by area and theme, and lists what has no counterpart', () => {
    const c = compareInspections(comparableFromFile(crc, shippedFrameworks().get('crc-2018')!), comparableFromFile(pdu, shippedFrameworks().get('pdu-2021')!));
    expect(c.byTheme).toBe(true);
    const assessment = c.standards.find((s) => s.match === 'assessment')!;
    expect(assessment).toMatchObject({ old: { id: '2.1' }, new: { id: '2.2' } });
    const kos = c.keyQuestions.find((k) => k.match === 'assessment/keeping-others-safe')!;
    expect(kos).toMatchObject({ oldId: '2.1.3', newId: '2.2.3', old: 57.5, new: 62.5, oldBase: 40, newBase: 40, verdict: 'no clear change' });
    expect(c.standards.find((s) => s.match === 'court-reports')).toMatchObject({ old: null, new: { id: '2.1' }, direction: 'not comparable' });
    expect(c.standards.find((s) => s.match === 'unpaid-work')).toMatchObject({ old: { id: '4.1' }, new: null });
    expect(c.previousRecommendations).toEqual(['Improve risk assessment.']);
  });

  it('a ratings-only previous inspection compares by rating and known percentages', () => {
    const old: InspectionFile = {
      formatVersion: 1,
      framework: 'crc-2018',
      provider: { name: 'London CRC', type: 'CRC' },
      inspection: { fieldworkStart: '2018-03-01' },
      cases: [],
      judgements: {},
      ratingsOnly: { standards: { '2.1': 'Inadequate' }, overall: { rating: 'Requires improvement', score: 9 }, keyQuestions: { '2.1.3': { percent: 30, base: 40 } } },
    };
    const c = compareInspections(comparableFromFile(old, shippedFrameworks().get('crc-2018')!), comparableFromFile(crc, shippedFrameworks().get('crc-2018')!));
    expect(c.byTheme).toBe(false);
    expect(c.standards.find((s) => s.match === '2.1')).toMatchObject({ old: { rating: 'Inadequate' }, new: { rating: 'Requires improvement' }, direction: 'better' });
    expect(c.keyQuestions.find((k) => k.match === '2.1.3')).toMatchObject({ old: 30, new: 57.5, verdict: 'improved' });
    expect(c.overall.old).toMatchObject({ rating: 'Requires improvement', score: 9, max: 30, share: 0.3 });
  });

  it('the league table takes each provider\'s latest inspection and ranks by share of the maximum', () => {
    const f = (id: string) => shippedFrameworks().get(id)!;
    const table = leagueTable([
      comparableFromFile({ ...crc, cases: [], ratingsOnly: { standards: {}, overall: { rating: 'Good', score: 18 } } }, f('crc-2018')),
      comparableFromFile({ ...crc, inspection: { fieldworkStart: '2017-01-01' }, cases: [], ratingsOnly: { standards: {}, overall: { rating: 'Inadequate', score: 2 } } }, f('crc-2018')),
      comparableFromFile({ ...pdu, provider: { name: 'Essex North PDU', type: 'PDU' }, cases: [], ratingsOnly: { standards: {}, overall: { rating: 'Requires improvement', score: 13 } } }, f('pdu-2021')),
    ]);
    expect(table.map((r) => [r.provider, r.score, r.max])).toEqual([
      ['London CRC', 18, 30],
      ['Essex North PDU', 13, 27],
    ]);
  });
});

describe('headlines agree with the key questions', () => {
  const file = (start: string, yes: number, n: number): InspectionFile => ({
    formatVersion: 1,
    framework: 'crc-2018',
    provider: { name: 'London CRC', type: 'CRC' },
    inspection: { fieldworkStart: start },
    cases: answers(['2.1.1', '2.1.2', '2.1.3'], yes, n),
    judgements: {},
  });
  const f = () => shippedFrameworks().get('crc-2018')!;

  it('a rating that moved while every key question shows no clear change is not called better', () => {
    // 24 of 40 (60%, Requires improvement) to 26 of 40 (65%, Good): within sampling noise at 80% confidence on 40 cases.
    const c = compareInspections(comparableFromFile(file('2018-04-01', 24, 40), f()), comparableFromFile(file('2019-04-01', 26, 40), f()));
    const s = c.standards.find((x) => x.match === '2.1')!;
    expect(s.direction).toBe('better');
    expect(c.keyQuestions.filter((k) => k.newId.startsWith('2.1.')).every((k) => k.verdict === 'no clear change')).toBe(true);
    expect(standardHeadline(s, c.keyQuestions)).toBe('rating up, but no key question changed beyond sampling noise');
    expect(overallHeadline(c)).toMatch(/no key question changed beyond sampling noise/i);
  });

  it('a clear change keeps its word', () => {
    const c = compareInspections(comparableFromFile(file('2018-04-01', 8, 40), f()), comparableFromFile(file('2019-04-01', 34, 40), f()));
    const s = c.standards.find((x) => x.match === '2.1')!;
    expect(standardHeadline(s, c.keyQuestions)).toBe('better');
    expect(overallHeadline(c)).toBe('3 of 3 key questions improved and 0 declined beyond sampling noise.');
  });
});
