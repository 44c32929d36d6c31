import { z } from 'zod';
import type { CaseAttributes } from '../domain/case-attributes';
import type { Framework } from '../frameworks/schema';

/**
 * The rule a quality lead draws a dip sample by: a number or a share of each marker's completed
 * cases, optionally weighted towards cases with many No answers and/or a high risk of serious harm.
 */
export const dipSampleRuleSchema = z
  .object({
    per: z.enum(['number', 'share']),
    /** A whole number of cases (per: number) or a share 0–1 (per: share) of each marker's completed cases. */
    value: z.number().positive().max(10_000),
    weightByNoAnswers: z.boolean(),
    weightByRosh: z.boolean(),
  })
  .strict()
  .refine((r) => r.per === 'number' ? Number.isInteger(r.value) : r.value <= 1, { message: 'give a whole number of cases, or a share between 0 and 1' });
export type DipSampleRule = z.infer<typeof dipSampleRuleSchema>;

export interface DipCandidate {
  ref: string;
  /** Who marked the case (its assigned inspector or local assessor); null when unassigned. */
  marker: string | null;
  completed: boolean;
  noAnswers: number;
  roshLevel?: CaseAttributes['roshLevel'];
}

export interface DipPick {
  ref: string;
  marker: string | null;
  weight: number;
}

export interface DipSampleDraw {
  seed: string;
  rule: DipSampleRule;
  /** The weights used, copied from the framework so the draw can be checked later. */
  weights: Framework['qa']['dipSample']['weights'];
  minimumPerMarker: number;
  picks: DipPick[];
  perMarker: { marker: string | null; completed: number; drawn: number }[];
  /** Markers named on the team list with no completed case to draw from. */
  withoutCompletedCases: string[];
}

/** A 128-bit hash of the seed text (cyrb128), so any text seeds the generator. */
function hashSeed(seed: string): [number, number, number, number] {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/** sfc32: a small, well-tested generator; the same seed gives the same stream on every machine. */
export function seededRandom(seed: string): () => number {
  let [a, b, c, d] = hashSeed(seed);
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export function dipWeight(c: DipCandidate, rule: DipSampleRule, weights: DipSampleDraw['weights']): number {
  let w = weights.base;
  if (rule.weightByNoAnswers) w += weights.perNoAnswer * c.noAnswers;
  if (rule.weightByRosh && c.roshLevel) w += weights.roshLevel[c.roshLevel] ?? 0;
  return w;
}

/** How many of a marker's completed cases the rule draws. */
export function dipCount(completed: number, rule: DipSampleRule, minimum: number): number {
  const wanted = rule.per === 'number' ? rule.value : Math.ceil(rule.value * completed - 1e-9);
  return Math.min(completed, Math.max(minimum, wanted));
}

/**
 * Draws the dip sample: for each marker, the rule's number of their completed cases, at least the
 * framework's minimum, by weighted sampling without replacement (Efraimidis and Spirakis: each case
 * keyed by u^(1/weight), the largest keys taken). Candidates are ordered by reference first, so the
 * same seed and cases give the same draw whatever order they arrive in.
 */
export function drawDipSample(f: Framework, candidates: readonly DipCandidate[], rule: DipSampleRule, seed: string, team: readonly string[] = []): DipSampleDraw {
  const { weights, minimumPerMarker } = f.qa.dipSample;
  const byMarker = new Map<string | null, DipCandidate[]>();
  const sorted = [...candidates].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  for (const c of sorted) {
    if (!c.completed) continue;
    const key = c.marker?.trim() || null;
    byMarker.set(key, [...(byMarker.get(key) ?? []), c]);
  }
  const markers = [...byMarker.keys()].sort((a, b) => (a ?? '\uffff').localeCompare(b ?? '\uffff'));
  const picks: DipPick[] = [];
  const perMarker: DipSampleDraw['perMarker'] = [];
  for (const marker of markers) {
    const cases = byMarker.get(marker)!;
    // One stream per marker, so adding a marker's cases never changes another marker's draw.
    const random = seededRandom(`${seed}\u0000${marker ?? ''}`);
    const keyed = cases.map((c) => {
      const weight = dipWeight(c, rule, weights);
      return { c, weight, key: Math.log(1 - random()) / weight };
    });
    keyed.sort((a, b) => b.key - a.key);
    const n = dipCount(cases.length, rule, minimumPerMarker);
    for (const k of keyed.slice(0, n)) picks.push({ ref: k.c.ref, marker, weight: k.weight });
    perMarker.push({ marker, completed: cases.length, drawn: n });
  }
  const withCases = new Set(markers.filter((m): m is string => m !== null).map((m) => m.toLowerCase()));
  const withoutCompletedCases = team.filter((name) => !withCases.has(name.trim().toLowerCase()));
  return { seed, rule, weights, minimumPerMarker, picks, perMarker, withoutCompletedCases };
}
