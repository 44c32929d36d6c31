import type { Rating } from '../domain/ratings';
import { rateInspection } from '../engine/rate';
import { allStandards } from '../frameworks/load';
import { THEME_LABELS, type Area, type Framework, type Theme } from '../frameworks/schema';
import { type InspectionFile, toInspectionInput } from '../format/inspection-file';
import type { InspectionInput } from '../engine/types';
import { compareProportions, type ProportionChange } from './statistics';

/** What comparison needs of an inspection, whether scored from cases or recorded from a published report. */
export interface ComparableInspection {
  id: string | null;
  provider: string;
  label: string;
  date: string | null;
  framework: Framework;
  ratingsOnly: boolean;
  standards: { id: string; name: string; area: Area; rating: Rating | null }[];
  keyQuestions: { id: string; standardId: string; area: Area; theme: Theme | null; percent: number | null; base: number | null }[];
  overall: { rating: Rating | null; score: number | null; max: number };
  recommendations: string[];
}

/** From an inspection file: scored inspections through the engine, ratings-only ones as recorded. */
export function comparableFromFile(file: InspectionFile, f: Framework): ComparableInspection {
  const label = `${file.provider?.name ?? 'Inspection'}${file.inspection?.fieldworkStart ? ` (${file.inspection.fieldworkStart.slice(0, 7)})` : ''}`;
  const std = allStandards(f);
  const common = {
    id: file.id ?? null,
    provider: file.provider?.name ?? 'Unnamed provider',
    label,
    date: file.inspection?.fieldworkStart ?? null,
    framework: f,
    recommendations: (file.recommendations ?? []).map((r) => r.text),
  };
  const max = std.length * Math.max(...Object.values(f.rules.points));
  if (file.ratingsOnly) {
    const ro = file.ratingsOnly;
    const known = std.map((s) => ro.standards[s.id]).filter((r): r is Rating => r !== undefined);
    const computedScore = known.length === std.length ? known.reduce((n, r) => n + f.rules.points[r], 0) : null;
    return {
      ...common,
      ratingsOnly: true,
      standards: std.map((s) => ({ id: s.id, name: s.name, area: s.area, rating: ro.standards[s.id] ?? null })),
      keyQuestions: std.flatMap((s) =>
        s.keyQuestions.map((k) => ({ id: k.id, standardId: s.id, area: s.area, theme: k.theme ?? null, percent: ro.keyQuestions?.[k.id]?.percent ?? null, base: ro.keyQuestions?.[k.id]?.base ?? null })),
      ),
      overall: { rating: ro.overall?.rating ?? null, score: ro.overall?.score ?? computedScore, max },
    };
  }
  return comparableFromInput(common, f, toInspectionInput(file));
}

/** What comparison keeps of an inspection beyond who and when: its ratings, key question results and recommendations. */
export type ComparableRatings = Omit<ComparableInspection, 'id' | 'provider' | 'label' | 'date' | 'framework'>;

/** Who and when, from the inspection as it is now (a provider renamed later shows its new name). */
export function comparableHeader(i: { id: string | null; provider: string; fieldworkStart: string | null }, f: Framework): Pick<ComparableInspection, 'id' | 'provider' | 'label' | 'date' | 'framework'> {
  return { id: i.id, provider: i.provider, label: `${i.provider}${i.fieldworkStart ? ` (${i.fieldworkStart.slice(0, 7)})` : ''}`, date: i.fieldworkStart, framework: f };
}

/** A scored inspection from the rating engine's input (what the store reads without exporting the whole inspection). */
export function comparableFromInput(common: Omit<ComparableInspection, 'ratingsOnly' | 'standards' | 'keyQuestions' | 'overall'>, f: Framework, input: InspectionInput): ComparableInspection {
  const std = allStandards(f);
  const r = rateInspection(f, input);
  return {
    ...common,
    ratingsOnly: false,
    standards: r.standards.map((s) => ({ id: s.id, name: s.name, area: std.find((x) => x.id === s.id)!.area, rating: s.rating })),
    keyQuestions: r.standards.flatMap((s) =>
      s.keyQuestions.map((k) => ({ id: k.id, standardId: s.id, area: std.find((x) => x.id === s.id)!.area, theme: k.theme, percent: k.percent, base: k.applicable || null })),
    ),
    overall: { rating: r.overall.rating, score: r.overall.score, max: r.overall.max },
  };
}

export interface StandardComparison {
  /** What the two sides share: the standard id in one framework, or the area across frameworks. */
  match: string;
  label: string;
  old: { id: string; rating: Rating | null } | null;
  new: { id: string; rating: Rating | null } | null;
  direction: 'better' | 'worse' | 'same' | 'not comparable';
}

export interface KeyQuestionComparison extends ProportionChange {
  match: string;
  label: string;
  oldId: string;
  newId: string;
  old: number;
  new: number;
  oldBase: number | null;
  newBase: number | null;
}

export interface Comparison {
  old: { id: string | null; label: string; framework: string; ratingsOnly: boolean };
  new: { id: string | null; label: string; framework: string; ratingsOnly: boolean };
  byTheme: boolean;
  confidence: number;
  overall: { old: ComparableInspection['overall'] & { share: number | null }; new: ComparableInspection['overall'] & { share: number | null } };
  standards: StandardComparison[];
  keyQuestions: KeyQuestionComparison[];
  /** Key questions with no counterpart on the other side. */
  unmatchedKeyQuestions: { side: 'old' | 'new'; id: string }[];
  previousRecommendations: string[];
}

const RANK: Record<Rating, number> = { Inadequate: 0, 'Requires improvement': 1, Good: 2, Outstanding: 3 };
const share = (o: ComparableInspection['overall']) => (o.score === null ? null : o.score / o.max);

/**
 * Compares two inspections. Within one framework, standards and key questions pair by id; across
 * framework versions they pair by what frameworks share: the standard's area (assessment, planning, …)
 * and the key question's theme (engagement, desistance, keeping other people safe).
 */
export function compareInspections(a: ComparableInspection, b: ComparableInspection): Comparison {
  const byTheme = a.framework.id !== b.framework.id;
  const stdKey = (s: ComparableInspection['standards'][number]) => (byTheme ? s.area : s.id);
  const keys = [...new Set([...a.standards.map(stdKey), ...b.standards.map(stdKey)])];
  const standards: StandardComparison[] = keys.map((k) => {
    const o = a.standards.find((s) => stdKey(s) === k);
    const n = b.standards.find((s) => stdKey(s) === k);
    const direction: StandardComparison['direction'] =
      o?.rating && n?.rating ? (RANK[n.rating] > RANK[o.rating] ? 'better' : RANK[n.rating] < RANK[o.rating] ? 'worse' : 'same') : 'not comparable';
    return { match: k, label: (n ?? o)!.name, old: o ? { id: o.id, rating: o.rating } : null, new: n ? { id: n.id, rating: n.rating } : null, direction };
  });

  const kqKey = (k: ComparableInspection['keyQuestions'][number]) => (byTheme ? (k.theme ? `${k.area}/${k.theme}` : null) : k.id);
  const confidence = b.framework.rules.sampling.confidence;
  const keyQuestions: KeyQuestionComparison[] = [];
  const unmatched: Comparison['unmatchedKeyQuestions'] = [];
  for (const n of b.keyQuestions) {
    const key = kqKey(n);
    const o = key === null ? undefined : a.keyQuestions.find((x) => kqKey(x) === key);
    if (!o) {
      unmatched.push({ side: 'new', id: n.id });
      continue;
    }
    if (o.percent === null || n.percent === null) continue;
    const std = b.standards.find((s) => s.id === n.standardId)!;
    keyQuestions.push({
      match: key!,
      label: `${std.name}: ${n.theme ? THEME_LABELS[n.theme] : n.id}`,
      oldId: o.id,
      newId: n.id,
      old: o.percent,
      new: n.percent,
      oldBase: o.base,
      newBase: n.base,
      ...compareProportions(o.percent, o.base, n.percent, n.base, confidence),
    });
  }
  for (const o of a.keyQuestions) {
    const key = kqKey(o);
    if (key === null || !b.keyQuestions.some((x) => kqKey(x) === key)) unmatched.push({ side: 'old', id: o.id });
  }
  const side = (c: ComparableInspection) => ({ id: c.id, label: c.label, framework: c.framework.id, ratingsOnly: c.ratingsOnly });
  return {
    old: side(a),
    new: side(b),
    byTheme,
    confidence,
    overall: { old: { ...a.overall, share: share(a.overall) }, new: { ...b.overall, share: share(b.overall) } },
    standards,
    keyQuestions,
    unmatchedKeyQuestions: unmatched,
    previousRecommendations: a.recommendations,
  };
}

/**
 * A standard's change in words that agree with its key questions: a rating that moved while every
 * key question behind it shows no change beyond sampling noise is not called better or worse.
 */
export function standardHeadline(s: StandardComparison, keyQuestions: readonly KeyQuestionComparison[]): string {
  if (s.direction !== 'better' && s.direction !== 'worse') return s.direction;
  const mine = s.new ? keyQuestions.filter((k) => k.newId.startsWith(`${s.new!.id}.`)) : [];
  const clear = mine.filter((k) => k.verdict === 'improved' || k.verdict === 'declined');
  if (mine.length > 0 && clear.length === 0) return `rating ${s.direction === 'better' ? 'up' : 'down'}, but no key question changed beyond sampling noise`;
  return s.direction;
}

/** The overall headline, agreeing with the key questions in the same way. */
export function overallHeadline(c: Comparison): string {
  const o = c.overall.old.rating ? RANK[c.overall.old.rating] : null;
  const n = c.overall.new.rating ? RANK[c.overall.new.rating] : null;
  const clear = c.keyQuestions.filter((k) => k.verdict === 'improved' || k.verdict === 'declined');
  const moved = o !== null && n !== null && o !== n;
  if (c.keyQuestions.length > 0 && clear.length === 0) return moved ? 'The overall rating moved, but no key question changed beyond sampling noise.' : 'No key question changed beyond sampling noise.';
  const up = clear.filter((k) => k.verdict === 'improved').length;
  return clear.length > 0 ? `${up} of ${c.keyQuestions.length} key questions improved and ${clear.length - up} declined beyond sampling noise.` : '';
}
