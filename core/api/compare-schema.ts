import { z } from 'zod';
import { ratingSchema } from '../domain/ratings';
import type { Comparison } from '../compare/compare';
import type { LeagueRow } from '../compare/league';

const side = z.object({ id: z.string().nullable(), label: z.string(), framework: z.string(), ratingsOnly: z.boolean() });
const overall = z.object({ rating: ratingSchema.nullable(), score: z.number().nullable(), max: z.number(), share: z.number().nullable() });
const stdSide = z.object({ id: z.string(), rating: ratingSchema.nullable() }).nullable();

export const comparisonSchema: z.ZodType<Comparison> = z.object({
  old: side,
  new: side,
  byTheme: z.boolean(),
  confidence: z.number(),
  overall: z.object({ old: overall, new: overall }),
  standards: z.array(z.object({ match: z.string(), label: z.string(), old: stdSide, new: stdSide, direction: z.enum(['better', 'worse', 'same', 'not comparable']) })),
  keyQuestions: z.array(
    z.object({
      match: z.string(),
      label: z.string(),
      oldId: z.string(),
      newId: z.string(),
      old: z.number(),
      new: z.number(),
      oldBase: z.number().nullable(),
      newBase: z.number().nullable(),
      change: z.number(),
      noise: z.number().nullable(),
      verdict: z.enum(['improved', 'declined', 'no clear change', 'base unknown']),
    }),
  ),
  unmatchedKeyQuestions: z.array(z.object({ side: z.enum(['old', 'new']), id: z.string() })),
  previousRecommendations: z.array(z.string()),
});

export const leagueRowSchema: z.ZodType<LeagueRow> = z.object({
  provider: z.string(),
  inspectionId: z.string().nullable(),
  date: z.string().nullable(),
  framework: z.string(),
  rating: ratingSchema.nullable(),
  score: z.number().nullable(),
  max: z.number(),
  share: z.number().nullable(),
});
