import { z } from 'zod';
import { caseAttributesSchema } from '../domain/case-attributes';
import { QUESTION_ID, answerSchema } from '../domain/ratings';
import { COMMENT_STATES } from '../qa/comments';
import { dipSampleRuleSchema } from '../qa/dip-sample';
import { QA_ACTIONS, QA_STATUSES, qaActionSchema, qaStatusSchema } from '../qa/status';

/** The IPC commands of quality assurance (docs/qa.md), spread into the one contract in contract.ts. */

const id = z.string().uuid('not a valid id');
const questionId = z.string().regex(QUESTION_ID, 'not a question id');
const def = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const qaCommentSchema = z.object({
  id,
  caseId: id,
  ref: z.string(),
  questionId: z.string().nullable(),
  author: z.string(),
  text: z.string(),
  reply: z.string(),
  repliedBy: z.string(),
  state: z.enum(COMMENT_STATES),
  resolvedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type QaCommentView = z.infer<typeof qaCommentSchema>;

export const qaCaseSchema = z.object({
  caseId: id,
  status: qaStatusSchema,
  /** Every action, whether the current user may take it now, and if not why. */
  actions: z.array(z.object({ action: qaActionSchema, allowed: z.boolean(), reason: z.string().nullable() })),
  comments: z.array(qaCommentSchema),
  /** The current user may comment and resolve (lead or quality lead). */
  reviewer: z.boolean(),
  user: z.string(),
});
export type QaCaseView = z.infer<typeof qaCaseSchema>;

const stat = z.object({ cases: z.number().int(), n: z.number().int(), agreement: z.number().nullable(), kappa: z.number().nullable(), band: z.string().nullable(), caution: z.boolean(), table: z.array(z.array(z.number().int())) });
export const agreementViewSchema = z.object({
  keyQuestions: z.array(stat.extend({ id: z.string(), text: z.string() })),
  overall: stat,
  disagreements: z.array(z.object({ caseId: id, ref: z.string(), id: z.string(), first: answerSchema, second: answerSchema, secondBy: z.string() })),
  doubleMarked: z.number().int(),
  cautionBelowCases: z.number().int(),
  source: z.string(),
});
export type AgreementView = z.infer<typeof agreementViewSchema>;

export const secondMarkingViewSchema = z.object({
  caseId: id,
  inspectionId: id,
  ref: z.string(),
  sample: z.string(),
  attributes: caseAttributesSchema,
  frameworkId: z.string(),
  frameworkRevision: z.string(),
  /** The second marking only: the first marking is never sent here. */
  answers: z.record(z.string(), answerSchema),
  by: z.string().nullable(),
  /** Why the current user may not second-mark this case (they marked it), or null. */
  blocked: z.string().nullable(),
});
export type SecondMarkingView = z.infer<typeof secondMarkingViewSchema>;

export const consistencyViewSchema = z.array(z.object({ caseId: id, ref: z.string(), ruleId: z.string(), questionId: z.string(), message: z.string() }));

export const dipSampleViewSchema = z.object({
  id,
  seed: z.string(),
  rule: dipSampleRuleSchema,
  picks: z.array(z.object({ ref: z.string(), marker: z.string().nullable(), weight: z.number() })),
  perMarker: z.array(z.object({ marker: z.string().nullable(), completed: z.number().int(), drawn: z.number().int() })).optional(),
  drawnBy: z.string(),
  createdAt: z.string(),
});
export type DipSampleView = z.infer<typeof dipSampleViewSchema>;

export const qaStatusCountsSchema = z.record(z.enum(QA_STATUSES), z.number().int());

export const qaContract = {
  'qa.case': def(z.object({ caseId: id }).strict(), qaCaseSchema),
  'qa.transition': def(z.object({ caseId: id, action: z.enum(QA_ACTIONS) }).strict(), qaCaseSchema),
  'qa.comment.add': def(z.object({ caseId: id, questionId: questionId.nullable(), text: z.string().trim().min(1, 'write the comment').max(5000, 'at most 5,000 characters') }).strict(), qaCaseSchema),
  'qa.comment.reply': def(z.object({ commentId: id, text: z.string().trim().min(1, 'write the answer').max(5000, 'at most 5,000 characters') }).strict(), qaCaseSchema),
  'qa.comment.resolve': def(z.object({ commentId: id, resolved: z.boolean() }).strict(), qaCaseSchema),
  'qa.comments': def(z.object({ inspectionId: id }).strict(), z.array(qaCommentSchema)),
  'qa.second.get': def(z.object({ caseId: id }).strict(), secondMarkingViewSchema),
  'qa.second.answer': def(z.object({ caseId: id, questionId, value: answerSchema.nullable() }).strict(), secondMarkingViewSchema),
  'qa.agreement': def(z.object({ inspectionId: id }).strict(), agreementViewSchema),
  'qa.consistency': def(z.object({ inspectionId: id }).strict(), consistencyViewSchema),
  'qa.dip.list': def(z.object({ inspectionId: id }).strict(), z.array(dipSampleViewSchema)),
  'qa.dip.draw': def(z.object({ inspectionId: id, rule: dipSampleRuleSchema, seed: z.string().trim().min(1).max(200).optional() }).strict(), dipSampleViewSchema),
} as const;
