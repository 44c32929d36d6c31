import type { Rating } from '../domain/ratings';
import type { ComparableInspection } from './compare';

export interface LeagueRow {
  provider: string;
  inspectionId: string | null;
  date: string | null;
  framework: string;
  rating: Rating | null;
  score: number | null;
  max: number;
  /** Score as a share of the framework's maximum, so frameworks of different sizes compare. */
  share: number | null;
}

/** What the league table needs of an inspection (a ComparableInspection has it; so does a kept overall result). */
export interface LeagueEntry {
  id: string | null;
  provider: string;
  date: string | null;
  framework: { id: string };
  overall: ComparableInspection['overall'];
}

/**
 * Each provider's latest inspection (providers matched by name, ignoring case and spaces around it;
 * the first of two on the same date): the ones the league table shows. The store uses it to read the
 * overall results of those inspections only.
 */
export function latestPerProvider<T>(items: readonly T[], provider: (t: T) => string, date: (t: T) => string | null): T[] {
  const latest = new Map<string, T>();
  for (const i of items) {
    const key = provider(i).trim().toLowerCase();
    const seen = latest.get(key);
    if (!seen || (date(i) ?? '') > (date(seen) ?? '')) latest.set(key, i);
  }
  return [...latest.values()];
}

/** Each provider's latest inspection, best first by share of the maximum score. */
export function leagueTable(inspections: readonly LeagueEntry[]): LeagueRow[] {
  return latestPerProvider(inspections, (i) => i.provider, (i) => i.date)
    .map((i) => ({
      provider: i.provider,
      inspectionId: i.id,
      date: i.date,
      framework: i.framework.id,
      rating: i.overall.rating,
      score: i.overall.score,
      max: i.overall.max,
      share: i.overall.score === null ? null : i.overall.score / i.overall.max,
    }))
    .sort((a, b) => (b.share ?? -1) - (a.share ?? -1) || a.provider.localeCompare(b.provider, 'en-GB'));
}
