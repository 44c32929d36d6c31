import { z } from 'zod';
import { QUESTION_ID, answerSchema, type Answer } from '../domain/ratings';

/**
 * A blind second marking of a case: who marked it and their answers, kept apart from the case's
 * own answers (it never changes the case's ratings). In inspection files as `cases[].secondMarking`.
 */
export const secondMarkingSchema = z
  .object({
    by: z.string().trim().min(1, 'a second marking needs the name of who marked it').max(200),
    answers: z.record(z.string().regex(QUESTION_ID, 'question ids look like 2.1.3 or 2.1.3.a'), answerSchema),
  })
  .strict();

export type SecondMarking = z.infer<typeof secondMarkingSchema>;

export interface DoubleMarkedCase {
  ref: string;
  /** The first (the case's own) marking. */
  answers: Readonly<Record<string, Answer>>;
  secondMarking?: SecondMarking | null;
}
