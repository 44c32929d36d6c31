import { describe, expect, it } from 'vitest';
import type { Answer } from '../domain/ratings';
import { shippedFrameworks } from '../frameworks/load';
import { agreement, agreementOutput, cohensKappa, kappaBand, tableOf } from './agreement';
import type { DoubleMarkedCase } from './second-marking';

const crc = shippedFrameworks().get('crc-2018')!;
const rules = crc.qa.agreement;

function repeat(pair: [Answer, Answer], times: number): [Answer, Answer][] {
  return Array.from({ length: times }, () => pair);
}

describe("Cohen's kappa and percent agreement, worked by hand", () => {
  it('perfect agreement with variation: agreement 1, kappa exactly 1', () => {
    // 3 Yes/Yes, 2 No/No, 1 NA/NA: po = 6/6; pe = (3·3 + 2·2 + 1·1)/36 = 14/36; κ = (1 − 14/36)/(1 − 14/36) = 1.
    const r = cohensKappa(tableOf([...repeat(['yes', 'yes'], 3), ...repeat(['no', 'no'], 2), ['na', 'na']]));
    expect(r).toEqual({ n: 6, agreement: 1, kappa: 1 });
    expect(kappaBand(r.kappa, rules)).toBe('almost perfect agreement');
  });

  it('no variation (both markers said Yes every time): agreement 1, kappa undefined (null)', () => {
    // pe = 5·5/25 = 1, so κ = 0/0.
    const r = cohensKappa(tableOf(repeat(['yes', 'yes'], 5)));
    expect(r).toEqual({ n: 5, agreement: 1, kappa: null });
    expect(kappaBand(r.kappa, rules)).toBeNull();
  });

  it('the textbook 2×2 table (20 Yes/Yes, 5 Yes/No, 10 No/Yes, 15 No/No): po 0.70, pe 0.50, kappa 0.40', () => {
    // Rater A says Yes 25 times of 50, rater B 30 times: pe = 0.5·0.6 + 0.5·0.4 = 0.5; κ = (0.7 − 0.5)/(1 − 0.5) = 0.4.
    const r = cohensKappa(
      tableOf([...repeat(['yes', 'yes'], 20), ...repeat(['yes', 'no'], 5), ...repeat(['no', 'yes'], 10), ...repeat(['no', 'no'], 15)]),
    );
    expect(r.n).toBe(50);
    expect(r.agreement).toBeCloseTo(0.7, 12);
    expect(r.kappa).toBeCloseTo(0.4, 12);
    expect(kappaBand(r.kappa, rules)).toBe('fair agreement');
  });

  it('a 3×3 table over Yes / No / Not applicable: kappa 2250/3160', () => {
    //            B: yes  no  na   (row total)
    //   A: yes      25    2   3   30
    //      no        4   20   1   25
    //      na        1    2  12   15
    //   (column)    30   24  16   n = 70
    // po = 57/70; pe = (30·30 + 25·24 + 15·16)/70² = 1740/4900;
    // κ = (57·70 − 1740)/(4900 − 1740) = 2250/3160 = 0.7120…
    const table = [
      [25, 2, 3],
      [4, 20, 1],
      [1, 2, 12],
    ];
    const r = cohensKappa(table);
    expect(r.n).toBe(70);
    expect(r.agreement).toBeCloseTo(57 / 70, 12);
    expect(r.kappa).toBeCloseTo(2250 / 3160, 12);
    expect(r.kappa).toBeCloseTo(0.712, 3);
    expect(kappaBand(r.kappa, rules)).toBe('substantial agreement');
  });

  it('systematic disagreement is below chance: kappa −1', () => {
    // 1 Yes/No, 1 No/Yes: po = 0; pe = (1·1 + 1·1)/4 = 0.5; κ = −0.5/0.5 = −1.
    const r = cohensKappa(tableOf([['yes', 'no'], ['no', 'yes']]));
    expect(r).toEqual({ n: 2, agreement: 0, kappa: -1 });
    expect(kappaBand(r.kappa, rules)).toBe('poor agreement (less than chance)');
  });

  it('each marker constant but different: kappa 0 (exactly chance), not undefined', () => {
    const r = cohensKappa(tableOf(repeat(['yes', 'no'], 4)));
    expect(r).toEqual({ n: 4, agreement: 0, kappa: 0 });
    expect(kappaBand(0, rules)).toBe('slight agreement');
  });

  it('no pairs: everything null', () => {
    expect(cohensKappa(tableOf([]))).toEqual({ n: 0, agreement: null, kappa: null });
  });

  it('bands come from the framework data and compare at two decimals', () => {
    expect(kappaBand(0.805, rules)).toBe('almost perfect agreement');
    expect(kappaBand(0.804, rules)).toBe('substantial agreement');
    expect(kappaBand(0.2, rules)).toBe('slight agreement');
    const relabelled = { ...rules, bands: [{ minKappa: 0.5, label: 'good enough' }, { minKappa: -1, label: 'talk about it' }] };
    expect(kappaBand(0.4, relabelled)).toBe('talk about it');
  });
});

describe('agreement over double-marked cases', () => {
  const base: Record<string, Answer> = { '2.1.1': 'yes', '2.1.2': 'no', '2.1.3': 'yes', '2.2.1': 'yes' };
  const cases: DoubleMarkedCase[] = [
    { ref: 'A', answers: base, secondMarking: { by: 'Sam', answers: { '2.1.1': 'yes', '2.1.2': 'no', '2.1.3': 'no' } } },
    { ref: 'B', answers: { ...base, '2.1.1': 'no' }, secondMarking: { by: 'Sam', answers: { '2.1.1': 'no', '2.1.2': 'na', '2.2.1': 'yes' } } },
    // 2.1.1 unanswered in the first marking: that key question does not count this case.
    { ref: 'C', answers: { '2.1.2': 'yes' }, secondMarking: { by: 'Kim', answers: { '2.1.1': 'yes', '2.1.2': 'yes' } } },
    // Not double-marked: ignored.
    { ref: 'D', answers: base },
  ];
  const r = agreement(crc, cases);

  it('counts a case for a key question only where both markings answered it', () => {
    const by = Object.fromEntries(r.keyQuestions.map((k) => [k.id, k]));
    expect(r.keyQuestions.map((k) => k.id)).toEqual(['2.1.1', '2.1.2', '2.1.3', '2.2.1']);
    expect(by['2.1.1']).toMatchObject({ cases: 2, agreement: 1, kappa: 1 });
    // 2.1.2: A no/no, B no/na, C yes/yes → po 2/3; rows (yes 1, no 2, na 0), cols (yes 1, no 1, na 1): pe = (1 + 2)/9; κ = (6 − 3)/(9 − 3) = 0.5.
    expect(by['2.1.2']!.cases).toBe(3);
    expect(by['2.1.2']!.agreement).toBeCloseTo(2 / 3, 12);
    expect(by['2.1.2']!.kappa).toBeCloseTo(0.5, 12);
    expect(by['2.1.3']).toMatchObject({ cases: 1, agreement: 0, kappa: 0 });
    expect(by['2.2.1']).toMatchObject({ cases: 1, agreement: 1, kappa: null });
  });

  it('pools every pair overall, counting distinct cases, with a caution under the framework threshold', () => {
    // Pairs: 2.1.1 (y/y, n/n), 2.1.2 (n/n, n/na, y/y), 2.1.3 (y/n), 2.2.1 (y/y): 7 pairs, 5 agree.
    expect(r.overall.cases).toBe(3);
    expect(r.overall.n).toBe(7);
    expect(r.overall.agreement).toBeCloseTo(5 / 7, 12);
    // rows yes 4, no 3, na 0; cols yes 3, no 3, na 1: chance = 12 + 9 = 21; κ = (35 − 21)/(49 − 21) = 0.5.
    expect(r.overall.kappa).toBeCloseTo(0.5, 12);
    expect(r.overall.caution).toBe(true);
    expect(r.cautionBelowCases).toBe(10);
    expect(r.doubleMarked).toBe(3);
  });

  it('lists disagreements case by case, in framework order', () => {
    expect(r.disagreements).toEqual([
      { ref: 'A', id: '2.1.3', first: 'yes', second: 'no', secondBy: 'Sam' },
      { ref: 'B', id: '2.1.2', first: 'no', second: 'na', secondBy: 'Sam' },
    ]);
  });

  it('no caution from ten cases on', () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ ref: `R${i}`, answers: { '2.1.1': i % 2 ? 'yes' : 'no' } as Record<string, Answer>, secondMarking: { by: 'Sam', answers: { '2.1.1': 'yes' as Answer } } }));
    const out = agreement(crc, ten);
    expect(out.keyQuestions[0]!.caution).toBe(false);
    expect(out.overall.caution).toBe(false);
    expect(agreement(crc, ten.slice(0, 9)).overall.caution).toBe(true);
  });

  it('the CLI shape has exactly the documented keys', () => {
    const out = agreementOutput(r);
    expect(Object.keys(out)).toEqual(['keyQuestions', 'overall', 'disagreements']);
    expect(Object.keys(out.keyQuestions[0]!)).toEqual(['id', 'cases', 'agreement', 'kappa']);
    expect(Object.keys(out.overall)).toEqual(['cases', 'agreement', 'kappa']);
    expect(out.disagreements[0]).toEqual({ ref: 'A', id: '2.1.3', first: 'yes', second: 'no' });
  });
});
