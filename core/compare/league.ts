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

/** Each provider's latest inspection, best first by share of the maximum score. */
export function leagueTable(inspections: readonly ComparableInspection[]): LeagueRow[] {
  const latest = new Map<string, ComparableInspection>();
  for (const i of inspections) {
    const key = i.provider.trim().toLowerCase();
    const seen = latest.get(key);
    if (!seen || (i.date ?? '') > (seen.date ?? '')) latest.set(key, i);
  }
  return [...latest.values()]
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
