import { describe, expect, it } from 'vitest';
import { keyQuestionApplies, promptApplies } from '../engine/applicability';
import { allStandards, shippedFrameworks } from '../frameworks/load';
import { realisticInspection } from './build-inspection';

const f = shippedFrameworks().get('crc-2018')!;

describe('realisticInspection: the data the benchmarks and scale tests use', () => {
  const insp = realisticInspection(f, 300, 11);

  it('answers every applicable key question and prompt, and nothing else', () => {
    for (const c of insp.cases) {
      const expected = allStandards(f).flatMap((s) =>
        s.keyQuestions.flatMap((k) => (keyQuestionApplies(s, k, c) ? [k.id, ...k.prompts.filter((p) => promptApplies(s, k, p, c)).map((p) => p.id)] : [])),
      );
      expect(Object.keys(c.answers).sort()).toEqual(expected.sort());
      if (expected.length > 0) expect(expected.some((q) => q.split('.').length === 4)).toBe(true);
    }
    const supervision = insp.cases.filter((c) => c.sample === 'case-supervision');
    expect(supervision.every((c) => Object.keys(c.answers).length >= 40)).toBe(true);
  });

  it('answers about 70% Yes, 20% No and 10% N/A, with an evidence note on every No and only there', () => {
    const all = insp.cases.flatMap((c) => Object.values(c.answers));
    const share = (v: string) => all.filter((a) => a === v).length / all.length;
    expect(share('yes')).toBeGreaterThan(0.66);
    expect(share('yes')).toBeLessThan(0.74);
    expect(share('no')).toBeGreaterThan(0.17);
    expect(share('no')).toBeLessThan(0.23);
    expect(share('na')).toBeGreaterThan(0.07);
    expect(share('na')).toBeLessThan(0.13);
    for (const c of insp.cases) {
      const noes = Object.entries(c.answers).filter(([, v]) => v === 'no').map(([q]) => q);
      expect(Object.keys(c.notes).sort()).toEqual(noes.sort());
      for (const q of noes) expect(c.notes[q]!.trim().length).toBeGreaterThan(20);
    }
  });

  it('spreads cases over the samples, rates every judgement standard, and is the same for the same seed', () => {
    expect(new Set(insp.cases.map((c) => c.sample))).toEqual(new Set(f.samples.map((s) => s.id)));
    expect(Object.keys(insp.judgements).sort()).toEqual(allStandards(f).filter((s) => s.ratedBy === 'judgement').map((s) => s.id).sort());
    expect(realisticInspection(f, 300, 11)).toEqual(insp);
    expect(realisticInspection(f, 300, 12)).not.toEqual(insp);
  });
});
