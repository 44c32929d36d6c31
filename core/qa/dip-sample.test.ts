import { describe, expect, it } from 'vitest';
import { shippedFrameworks } from '../frameworks/load';
import { dipCount, dipWeight, drawDipSample, seededRandom, type DipCandidate, type DipSampleRule } from './dip-sample';

const crc = shippedFrameworks().get('crc-2018')!;
const candidates: DipCandidate[] = [
  ...Array.from({ length: 12 }, (_, i) => ({ ref: `A-${String(i).padStart(2, '0')}`, marker: 'Ana', completed: i < 10, noAnswers: i % 4 })),
  ...Array.from({ length: 5 }, (_, i) => ({ ref: `B-${i}`, marker: 'Bo', completed: true, noAnswers: 0 })),
  { ref: 'L-1', marker: 'Lou (local assessor)', completed: true, noAnswers: 1 },
];
const share: DipSampleRule = { per: 'share', value: 0.2, weightByNoAnswers: false, weightByRosh: false };

describe('dip sample', () => {
  it('takes a share of each marker’s completed cases, at least one each, and records the draw', () => {
    const d = drawDipSample(crc, candidates, share, 'qa-2026-12', ['Ana', 'Bo', 'Lou (local assessor)', 'Pat']);
    expect(d.perMarker).toEqual([
      { marker: 'Ana', completed: 10, drawn: 2 },
      { marker: 'Bo', completed: 5, drawn: 1 },
      { marker: 'Lou (local assessor)', completed: 1, drawn: 1 },
    ]);
    expect(d.picks).toHaveLength(4);
    // Only completed cases are drawn.
    expect(d.picks.map((p) => p.ref)).not.toContain('A-10');
    expect(d.picks.map((p) => p.ref)).not.toContain('A-11');
    expect(d.seed).toBe('qa-2026-12');
    expect(d.rule).toEqual(share);
    expect(d.weights).toEqual(crc.qa.dipSample.weights);
    expect(d.withoutCompletedCases).toEqual(['Pat']);
  });

  it('is reproducible from its seed, whatever order the cases come in, and changes with the seed', () => {
    const a = drawDipSample(crc, candidates, share, 'seed-1');
    const b = drawDipSample(crc, [...candidates].reverse(), share, 'seed-1');
    expect(b.picks).toEqual(a.picks);
    const seeds = Array.from({ length: 10 }, (_, i) => drawDipSample(crc, candidates, share, `seed-${i}`).picks.map((p) => p.ref).join());
    expect(new Set(seeds).size).toBeGreaterThan(3);
  });

  it('takes a number per marker, capped at what they completed', () => {
    const d = drawDipSample(crc, candidates, { per: 'number', value: 3, weightByNoAnswers: false, weightByRosh: false }, 's');
    expect(d.perMarker.map((m) => m.drawn)).toEqual([3, 3, 1]);
    expect(dipCount(10, { ...share, value: 0.25 }, 1)).toBe(3);
    expect(dipCount(10, { ...share, value: 0.01 }, 1)).toBe(1);
    expect(dipCount(0, share, 1)).toBe(0);
  });

  it('weighting by No answers and RoSH draws heavy cases far more often, with the weights from the framework', () => {
    const pool: DipCandidate[] = [
      { ref: 'heavy', marker: 'Ana', completed: true, noAnswers: 6, roshLevel: 'very high' },
      ...Array.from({ length: 9 }, (_, i) => ({ ref: `light-${i}`, marker: 'Ana', completed: true, noAnswers: 0, roshLevel: 'low' as const })),
    ];
    const rule = (weighted: boolean): DipSampleRule => ({ per: 'number', value: 1, weightByNoAnswers: weighted, weightByRosh: weighted });
    const count = (weighted: boolean) =>
      Array.from({ length: 400 }, (_, i) => drawDipSample(crc, pool, rule(weighted), `s${i}`).picks[0]!.ref).filter((r) => r === 'heavy').length;
    // weight 1 + 6 + 5 = 12 against nine cases of weight 1: drawn with probability 12/21 ≈ 0.57, against 1/10 unweighted.
    expect(dipWeight(pool[0]!, rule(true), crc.qa.dipSample.weights)).toBe(12);
    expect(dipWeight(pool[1]!, rule(true), crc.qa.dipSample.weights)).toBe(1);
    expect(dipWeight(pool[0]!, rule(false), crc.qa.dipSample.weights)).toBe(1);
    const weighted = count(true);
    const plain = count(false);
    expect(weighted).toBeGreaterThan(180);
    expect(plain).toBeLessThan(80);
  });

  it('the generator gives the same stream for the same seed', () => {
    const a = seededRandom('x');
    const b = seededRandom('x');
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});
