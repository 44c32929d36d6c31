import { z } from 'zod';

/** The four ratings, best first. The strings are exactly those the inspectorate prints. */
export const RATINGS = ['Outstanding', 'Good', 'Requires improvement', 'Inadequate'] as const;
export const ratingSchema = z.enum(RATINGS);
export type Rating = z.infer<typeof ratingSchema>;

export const ANSWERS = ['yes', 'no', 'na'] as const;
export const answerSchema = z.enum(ANSWERS);
export type Answer = z.infer<typeof answerSchema>;

export const ANSWER_LABELS: Record<Answer, string> = { yes: 'Yes', no: 'No', na: 'Not applicable' };

/** Ids the method uses: standards "2.1", key questions "2.1.3", prompts "2.1.3.a". */
export const STANDARD_ID = /^\d+\.\d+$/;
export const KEY_QUESTION_ID = /^\d+\.\d+\.\d+$/;
export const PROMPT_ID = /^\d+\.\d+\.\d+\.[a-z]$/;
export const QUESTION_ID = /^\d+\.\d+\.\d+(\.[a-z])?$/;

/**
 * How a printed report shows each rating: a fill with text in a contrasting colour, always with the
 * rating's word beside or inside it, so colour is never the only cue (the published reports' scheme).
 */
export const RATING_PRINT: Record<Rating, { fill: string; text: string }> = {
  Outstanding: { fill: '#1B5E20', text: '#FFFFFF' },
  Good: { fill: '#7CB342', text: '#000000' },
  'Requires improvement': { fill: '#F9A825', text: '#000000' },
  Inadequate: { fill: '#B3261E', text: '#FFFFFF' },
};
