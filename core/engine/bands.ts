import type { Rating } from '../domain/ratings';
import type { Framework } from '../frameworks/schema';

type Bands = Framework['rules']['keyQuestionBands'];

/** Integer comparison so that 13/20 is exactly 65% (inclusive lower bound), never 64.999…%. */
export function meets(yes: number, applicable: number, minPercent: number): boolean {
  return yes * 100 >= minPercent * applicable - 1e-9;
}

export function bandIndex(bands: Bands, yes: number, applicable: number): number {
  const i = bands.findIndex((b) => meets(yes, applicable, b.minPercent));
  return i === -1 ? bands.length - 1 : i;
}

export function bandFor(bands: Bands, yes: number, applicable: number): Rating | null {
  if (applicable === 0) return null;
  return bands[bandIndex(bands, yes, applicable)]?.rating ?? null;
}

/** Fewest extra Yes answers (from No) to reach `minPercent`; null when even all-Yes falls short. */
export function yesNeeded(yes: number, applicable: number, minPercent: number): number | null {
  for (let k = 0; yes + k <= applicable; k++) if (meets(yes + k, applicable, minPercent)) return k;
  return null;
}

/** Fewest Yes answers lost (to No) to fall below `minPercent`; null when it cannot fall below. */
export function yesLost(yes: number, applicable: number, minPercent: number): number | null {
  for (let j = 0; j <= yes; j++) if (!meets(yes - j, applicable, minPercent)) return j;
  return null;
}

export function ratingRank(r: Rating, bands: Bands): number {
  return bands.findIndex((b) => b.rating === r);
}

export function overallRating(f: Framework, score: number): Rating {
  const band = f.rules.overallBands.find((b) => score >= b.minScore);
  return (band ?? f.rules.overallBands[f.rules.overallBands.length - 1]!).rating;
}

export function maxPoints(f: Framework): number {
  return Math.max(...Object.values(f.rules.points));
}
