import { z } from 'zod';
import { ratingSchema } from '../domain/ratings';
import { THEMES } from '../frameworks/schema';
import type { InspectionResult } from '../engine/types';

const questionResult = z.object({
  id: z.string(),
  yes: z.number().int(),
  no: z.number().int(),
  notApplicable: z.number().int(),
  unanswered: z.number().int(),
  applicable: z.number().int(),
  percent: z.number().nullable(),
  band: ratingSchema.nullable(),
});
const step = z.object({ rating: ratingSchema, cases: z.number().int(), keyQuestions: z.array(z.object({ id: z.string(), cases: z.number().int() })) }).nullable();
const distance = z.object({ up: step, down: step });

/** The rating engine's result as it crosses IPC; checked against the engine's own type. */
export const inspectionResultSchema: z.ZodType<InspectionResult> = z.object({
  framework: z.object({ id: z.string(), revision: z.string() }),
  standards: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      domainId: z.string(),
      kind: z.enum(['cases', 'judgement']),
      sample: z.string().nullable(),
      rating: ratingSchema.nullable(),
      computedRating: ratingSchema.nullable(),
      override: z.object({ rating: ratingSchema, reason: z.string() }).nullable(),
      rationale: z.string().nullable(),
      drivingKeyQuestion: z.string().nullable(),
      casesInSample: z.number().int(),
      keyQuestions: z.array(questionResult.extend({ text: z.string(), theme: z.enum(THEMES).nullable(), prompts: z.array(questionResult), distance })),
      distance,
      explanation: z.array(z.string()),
    }),
  ),
  overall: z.object({ score: z.number(), max: z.number(), rating: ratingSchema.nullable(), missing: z.array(z.string()) }),
  warnings: z.array(
    z.object({
      code: z.enum(['missing-rating', 'leadership-and-inadequate-cases', 'no-applicable-cases', 'unanswered-questions', 'override']),
      message: z.string(),
      standardId: z.string().optional(),
    }),
  ),
});
