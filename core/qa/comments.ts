import { z } from 'zod';
import { QUESTION_ID } from '../domain/ratings';

/**
 * A QA comment's life: a quality lead opens it, the inspector answers it, the quality lead (or the
 * lead) resolves it. Open means not yet resolved: a case cannot be QA complete while one is open.
 */
export const COMMENT_STATES = ['open', 'answered', 'resolved'] as const;
export type CommentState = (typeof COMMENT_STATES)[number];

export const COMMENT_STATE_LABELS: Record<CommentState, string> = { open: 'Open', answered: 'Answered', resolved: 'Resolved' };

export function isOpen(state: CommentState): boolean {
  return state !== 'resolved';
}

/**
 * A QA comment as inspection files carry it (`cases[].comments[]`, docs/qa.md): who wrote it, on what
 * (a question id, or null for the whole case), the answer and its state. Files never put comments in a report.
 */
export const fileCommentSchema = z
  .object({
    id: z.string().min(1).max(100).optional(),
    questionId: z.string().regex(QUESTION_ID, 'question ids look like 2.1.3 or 2.1.3.a').nullable(),
    author: z.string().trim().min(1, 'a comment needs the name of who wrote it').max(200),
    text: z.string().trim().min(1, 'a comment needs its text').max(5000),
    reply: z.string().max(5000).optional(),
    repliedBy: z.string().max(200).optional(),
    state: z.enum(COMMENT_STATES),
    resolvedBy: z.string().max(200).optional(),
    createdAt: z.string().min(1).max(40).optional(),
  })
  .strict();
export type FileComment = z.infer<typeof fileCommentSchema>;
