import { normalQuantile } from '../compare/statistics';

/** The proportion assumed when sizing: 0.5 gives the largest variance, so the size holds for any result. */
export const ASSUMED_PROPORTION = 0.5;

export interface SampleSize {
  /** Eligible cases, N. */
  population: number;
  confidence: number;
  margin: number;
  p: number;
  /** Two-sided z for the confidence level. */
  z: number;
  /** Size for an unlimited population, before the finite-population correction. */
  n0: number;
  /** The sample size: n0 corrected for N, rounded up, never more than N. */
  n: number;
  /** The formula with its numbers, one line per step, for showing to the lead. */
  working: string[];
}

const num = (x: number, digits: number) => x.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** n0 = z²·p(1−p)/e²; n = ⌈n0 / (1 + (n0 − 1)/N)⌉, capped at N. */
export function sampleSize(population: number, confidence: number, margin: number): SampleSize {
  if (!Number.isInteger(population) || population < 0) throw new RangeError('the population must be a whole number of cases');
  if (!(confidence > 0 && confidence < 1)) throw new RangeError('the confidence level must be between 0 and 1');
  if (!(margin > 0 && margin < 1)) throw new RangeError('the margin of error must be between 0 and 1');
  const p = ASSUMED_PROPORTION;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const n0 = (z * z * p * (1 - p)) / (margin * margin);
  const corrected = population === 0 ? 0 : n0 / (1 + (n0 - 1) / population);
  // A hair of tolerance so a result like 63.0000000001 from floating point is not rounded up to 64.
  const rounded = population === 0 ? 0 : Math.ceil(corrected - 1e-9);
  const n = Math.min(population, rounded);
  const working = [
    `n₀ = z² × p(1 − p) ÷ e² = ${num(z, 4)}² × ${num(p, 1)} × ${num(1 - p, 1)} ÷ ${num(margin, 2)}² = ${num(n0, 2)}`,
    `(z = ${num(z, 4)} for ${num(confidence * 100, 0)}% confidence, two-sided; e = ±${num(margin * 100, 1)}%; p = ${num(p, 1)})`,
    population === 0
      ? 'N = 0: no eligible cases, so no sample'
      : `n = ⌈n₀ ÷ (1 + (n₀ − 1) ÷ N)⌉ = ⌈${num(n0, 2)} ÷ (1 + ${num(n0 - 1, 2)} ÷ ${population.toLocaleString('en-GB')})⌉ = ⌈${num(corrected, 2)}⌉ = ${rounded.toLocaleString('en-GB')}${n < rounded ? `, capped at N = ${population.toLocaleString('en-GB')}` : ''}`,
  ];
  return { population, confidence, margin, p, z, n0, n, working };
}
