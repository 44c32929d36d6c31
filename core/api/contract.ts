import { z } from 'zod';
import '../format/zod-messages';
import { caseAttributesSchema } from '../domain/case-attributes';
import { QUESTION_ID, STANDARD_ID, answerSchema, ratingSchema } from '../domain/ratings';
import { CONTEXT_FACT_INFO, CONTEXT_FACT_KEYS, ELIGIBILITY_KEYS, REPORT_SECTION_KEYS } from '../domain/report-text';
import { inspectionResultSchema } from './ratings-schema';
import { AUDIT_KINDS, INSPECTION_STATUSES, RECOMMENDATION_PROGRESS, providerTypeSchema } from '../domain/enums';
import { teamContract } from './team-contract';
import { CASE_STATUSES } from '../domain/case-status';
import { actorSchema } from '../changes/change';
import { comparisonSchema, leagueRowSchema } from './compare-schema';
import { caseloadLoadedSchema, drawInputSchema, drawRecordSchema, drawViewSchema, eliminateSavedInputSchema, eliminateSavedResultSchema, sampleDefaultsSchema } from './sampling-schema';
import { qaStatusSchema } from '../qa/status';
import { qaContract } from './qa-contract';
import { jobContract, jobIdSchema } from './job-contract';

/**
 * The one IPC contract between the renderer and the main process. Every command is declared
 * here once, with zod schemas for its input and output; the main side implements a handler map
 * checked against it, and the one channel validates every message with it.
 */

const id = z.string().uuid('not a valid id');
const name = z.string().trim().min(1, 'required').max(200, 'at most 200 characters');
const optionalText = z.string().trim().max(200, 'at most 200 characters').default('');
const isoDate = z.iso.date('enter a date');

export const providerSchema = z.object({
  id,
  name: z.string(),
  type: providerTypeSchema,
  owner: z.string(),
  region: z.string(),
});
export type Provider = z.infer<typeof providerSchema>;

export const providerInputSchema = z.object({
  name,
  type: providerTypeSchema,
  owner: optionalText,
  region: optionalText,
});

export const inspectionSummarySchema = z.object({
  id,
  provider: providerSchema,
  frameworkId: z.string(),
  frameworkRevision: z.string(),
  fieldworkStart: z.string(),
  fieldworkEnd: z.string(),
  caseloadSize: z.number().int().nullable(),
  status: z.enum(INSPECTION_STATUSES),
  caseCount: z.number().int(),
  completeCount: z.number().int(),
  updatedAt: z.string(),
});
export type InspectionSummary = z.infer<typeof inspectionSummarySchema>;

/** Who and when, shared by creating an inspection and recording a past one. */
const inspectionBasics = {
  providerId: id.optional(),
  newProvider: providerInputSchema.optional(),
  frameworkId: z.string().min(1, 'choose a framework'),
  fieldworkStart: isoDate,
  fieldworkEnd: isoDate,
};

function checkBasics(v: { providerId?: string | undefined; newProvider?: unknown; fieldworkStart: string; fieldworkEnd: string }, ctx: z.RefinementCtx): void {
  if ((v.providerId === undefined) === (v.newProvider === undefined))
    ctx.addIssue({ code: 'custom', path: ['providerId'], message: 'choose an existing provider or enter a new one' });
  if (v.fieldworkEnd < v.fieldworkStart) ctx.addIssue({ code: 'custom', path: ['fieldworkEnd'], message: 'fieldwork cannot end before it starts' });
}

export const inspectionCreateSchema = z
  .object({
    ...inspectionBasics,
    caseloadSize: z.number().int('a whole number').min(0, 'cannot be negative').max(10_000_000).nullable().default(null),
  })
  .superRefine(checkBasics);

export const caseSummarySchema = z.object({
  id,
  inspectionId: id,
  ref: z.string(),
  sample: z.string(),
  assignedInspector: z.string(),
  attributes: caseAttributesSchema,
  status: z.enum(CASE_STATUSES),
  answeredCount: z.number().int(),
  /** Applicable key questions not yet answered. */
  unansweredCount: z.number().int(),
  /** Key questions answered No without an evidence note. */
  missingNoteCount: z.number().int(),
  /** Quality assurance status and the QA comments not yet resolved (docs/qa.md). */
  qaStatus: qaStatusSchema,
  openComments: z.number().int(),
  /** Why a complete case went back to in progress, until it is completed again. */
  reopenReason: z.string().nullable(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const savedAnswerSchema = z.object({
  questionId: z.string(),
  value: answerSchema.nullable(),
  note: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type SavedAnswer = z.infer<typeof savedAnswerSchema>;

export const caseDetailSchema = caseSummarySchema.extend({
  /** Personal data: shown to the inspector in the app, never printed in any output. */
  crn: z.string(),
  name: z.string(),
  frameworkId: z.string(),
  frameworkRevision: z.string(),
  answers: z.array(savedAnswerSchema),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

export const caseAddSchema = z.object({
  inspectionId: id,
  ref: z.string().trim().min(1, 'required').max(64, 'at most 64 characters'),
  crn: z.string().trim().max(64, 'at most 64 characters').default(''),
  name: optionalText,
  sample: z.string().regex(/^[a-z-]+$/).default('case-supervision'),
  assignedInspector: optionalText,
  attributes: caseAttributesSchema.default({}),
});

const questionId = z.string().regex(QUESTION_ID, 'not a question id');
const standardId = z.string().regex(STANDARD_ID, 'not a standard id');

export const THEME_CHOICES = ['light', 'dark'] as const;
export const TEXT_SIZES = ['standard', 'large', 'larger'] as const;
export const settingsSchema = z.object({
  inspectorName: z.string().trim().max(200, 'at most 200 characters'),
  theme: z.enum(THEME_CHOICES),
  textSize: z.enum(TEXT_SIZES),
  /** Y/N/A, J/K, E and the other one-key shortcuts; off for speech input users (WCAG 2.1.4). Absent means on. */
  singleKeyShortcuts: z.boolean().optional(),
});
export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = { inspectorName: '', theme: 'light', textSize: 'standard', singleKeyShortcuts: true };

const csvText = z.string().max(5_000_000, 'the file is larger than 5 MB');
/** What a re-imported sample does with rows already in the inspection (as REDCap's import asks). */
export const EXISTING_ROWS = ['refuse', 'add-new', 'update'] as const;
export type ExistingRows = (typeof EXISTING_ROWS)[number];
export const importPreviewSchema = z.object({
  rows: z.array(z.object({ line: z.number().int(), ref: z.string(), sample: z.string(), assignedInspector: z.string(), attributes: caseAttributesSchema })),
  errors: z.array(z.object({ line: z.number().int(), column: z.string().optional(), message: z.string() })),
  /** Rows whose sample ref is already in the inspection, left as they are ("add new cases only"). */
  known: z.array(z.object({ line: z.number().int(), ref: z.string() })).default([]),
  /** Known rows that "update existing" changes, with what changes (CRN, name, an attribute...). */
  updates: z.array(z.object({ line: z.number().int(), ref: z.string(), fields: z.array(z.string()) })).default([]),
  /** Rows that import but will have nothing to score (e.g. Through the Gate, not released). */
  warnings: z.array(z.object({ line: z.number().int(), message: z.string() })).default([]),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const judgementSchema = z.object({
  standardId: z.string(),
  rating: ratingSchema.nullable(),
  rationale: z.string(),
  /** Rationale per key question, by key question id. */
  notes: z.record(z.string(), z.string()),
});
export type Judgement = z.infer<typeof judgementSchema>;

export const questionCaseSchema = z.object({ caseId: id, ref: z.string(), value: answerSchema.nullable(), note: z.string() });
export type QuestionCase = z.infer<typeof questionCaseSchema>;

export const subgroupSchema = z.object({
  questionId: z.string(),
  standardId: z.string(),
  groups: z.array(z.object({ value: z.string(), cases: z.number().int(), yes: z.number().int(), applicable: z.number().int(), percent: z.number().nullable() })),
});
export type Subgroup = z.infer<typeof subgroupSchema>;
const reportText = z.string().max(20000, 'at most 20,000 characters');
const passphrase = z.string().min(10, 'use at least 10 characters').max(1000);
const fileText = z.string().max(50 * 1024 * 1024, 'the file is larger than 50 MB');

export const providerChoiceSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('auto') }).strict(),
  z.object({ mode: z.literal('existing'), id }).strict(),
  z.object({ mode: z.literal('new') }).strict(),
]);
export type ProviderChoice = z.infer<typeof providerChoiceSchema>;

export const importCheckSchema = z.object({
  summary: z.object({
    id: z.string().nullable(),
    provider: z.string(),
    framework: z.string(),
    fieldworkStart: z.string().nullable(),
    cases: z.number().int(),
    ratingsOnly: z.boolean(),
  }),
  duplicate: z.object({ id, provider: z.string(), fieldworkStart: z.string() }).nullable(),
  providerMatch: providerSchema.nullable(),
  providerCandidates: z.array(providerSchema),
  /** No checksum and not sealed: damage to the file cannot be detected, so importing needs a confirmation. */
  unchecked: z.boolean(),
});
export type ImportCheck = z.infer<typeof importCheckSchema>;

export const backupSchema = z.object({ name: z.string(), createdAt: z.string(), reason: z.string(), bytes: z.number().int() });
export type BackupView = z.infer<typeof backupSchema>;

/** A line of the audit trail: a view of one change in the change log, with its values as JSON. */
export const auditEntrySchema = z.object({
  caseRef: z.string().nullable(),
  what: z.enum(AUDIT_KINDS),
  item: z.string(),
  field: z.string(),
  oldValue: z.json(),
  newValue: z.json(),
  changedBy: z.string(),
  changedAt: z.string(),
  clock: z.string(),
  reason: z.string().nullable(),
  /** The file the change arrived with (an import); null for a change made in this store. */
  source: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const progressItemSchema = z.object({
  text: z.string().trim().min(1).max(20000),
  progress: z.enum(RECOMMENDATION_PROGRESS).nullable(),
  note: z.string().max(20000),
});
export type ProgressItem = z.infer<typeof progressItemSchema>;

/** Progress on one of the previous inspection's recommendations, keyed by that recommendation's id. */
export const progressViewSchema = progressItemSchema.extend({
  /** This judgement's own id; null until it is first saved. */
  id: z.string().nullable(),
  /** The previous inspection's recommendation judged; null for one known only by its text. */
  recommendationId: z.string().nullable(),
});
export type ProgressView = z.infer<typeof progressViewSchema>;

/** A recommendation with its stable id: edited one at a time. */
/** Whom a recommendation is addressed to: '' for the provider, else one of the framework's addressees. */
const addressee = z.string().trim().max(200, 'at most 200 characters');
export const recommendationItemSchema = z.object({ id: z.string(), position: z.number(), text: z.string(), addressee: z.string() });
export type RecommendationItem = z.infer<typeof recommendationItemSchema>;
const recommendationText = z.string().trim().min(1, 'a recommendation needs some text').max(20000, 'at most 20,000 characters');

export const recordRatingsSchema = z
  .object({
    ...inspectionBasics,
    standards: z.record(standardId, ratingSchema),
    overall: ratingSchema.nullable(),
    keyQuestions: z.record(z.string().regex(/^\d+\.\d+\.\d+$/), z.object({ percent: z.number().min(0).max(100), base: z.number().int().min(0).nullable() }).strict()).default({}),
    recommendations: z.array(z.string().trim().max(20000)).max(200).default([]),
  })
  .strict()
  .superRefine(checkBasics);
export const standardTextSchema = z.object({ strengths: z.string(), improvements: z.string(), narrative: z.string(), practiceExamples: z.string() });
export type StandardText = z.infer<typeof standardTextSchema>;
/** A recommendation with whom it is addressed to ('' for the provider), as the whole list carries it. */
export const addressedRecommendationSchema = z.object({ text: reportText, addressee: addressee });
/** The report's narrative for the whole inspection and the provider-level figures. */
export const reportNarrativeSchema = z.object({
  sections: z.partialRecord(z.enum(REPORT_SECTION_KEYS), z.string()),
  facts: z.partialRecord(z.enum(CONTEXT_FACT_KEYS), z.number()),
});
export type ReportNarrative = z.infer<typeof reportNarrativeSchema>;
const reportSectionSet = z
  .object({ inspectionId: id, key: z.enum(REPORT_SECTION_KEYS), text: reportText })
  .strict()
  .refine((v) => !(ELIGIBILITY_KEYS as readonly string[]).includes(v.key) || v.text === '' || z.iso.date().safeParse(v.text).success, { path: ['text'], message: 'use a date like 2019-06-03' });
const reportFactSet = z
  .object({ inspectionId: id, fact: z.enum(CONTEXT_FACT_KEYS), value: z.number({ error: 'enter a number' }).min(0, 'cannot be negative').nullable() })
  .strict()
  .refine((v) => v.value === null || v.value <= CONTEXT_FACT_INFO[v.fact].max, { path: ['value'], message: 'that figure is too large' });

export const SUBGROUP_ATTRIBUTES = ['domesticAbuse', 'childSafeguarding', 'gender', 'roshLevel', 'sentenceType', 'ethnicity', 'office'] as const;

const def = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });
const empty = z.object({}).strict();

export const contract = {
  'system.ping': def(empty, z.object({ pong: z.literal(true) })),
  ...teamContract,
  'app.info': def(empty, z.object({ version: z.string(), dataPath: z.string(), schemaVersion: z.number().int(), notices: z.array(z.string()) })),
  'framework.list': def(
    empty,
    z.array(z.object({ id: z.string(), revision: z.string(), name: z.string(), providerTypes: z.array(z.string()) })),
  ),
  'provider.list': def(empty, z.array(providerSchema)),
  'provider.create': def(providerInputSchema.strict(), providerSchema),
  'inspection.list': def(empty, z.array(inspectionSummarySchema)),
  'inspection.get': def(z.object({ id }).strict(), inspectionSummarySchema),
  'inspection.create': def(inspectionCreateSchema, inspectionSummarySchema),
  // Sorted by ref (natural order, as the case list shows them); `offset`/`limit` ask for one page of that order.
  'case.list': def(z.object({ inspectionId: id, offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(10_000).optional() }).strict(), z.array(caseSummarySchema)),
  'case.add': def(caseAddSchema.strict(), caseSummarySchema),
  'case.get': def(z.object({ caseId: id }).strict(), caseDetailSchema),
  'case.answer': def(z.object({ caseId: id, questionId, value: answerSchema.nullable() }).strict(), savedAnswerSchema),
  'case.complete': def(z.object({ caseId: id, complete: z.boolean() }).strict(), caseSummarySchema),
  /**
   * `existing`: what rows already in the inspection mean: a problem (the default), skipped ("add new
   * cases only"), or brought up to date from the file ("update existing"; blank cells change nothing).
   */
  'case.importPreview': def(z.object({ inspectionId: id, csv: csvText, existing: z.enum(EXISTING_ROWS).optional() }).strict(), importPreviewSchema),
  'case.import': def(
    z.object({ inspectionId: id, csv: csvText, existing: z.enum(EXISTING_ROWS).optional(), jobId: jobIdSchema.optional() }).strict(),
    z.object({ imported: z.number().int(), skipped: z.number().int().default(0), updated: z.number().int().default(0) }),
  ),
  'inspection.ratings': def(
    z.object({ inspectionId: id, /** Rate from QA-complete (and final) cases only. */ qaCompleteOnly: z.boolean().default(false) }).strict(),
    inspectionResultSchema,
  ),
  'inspection.questionCases': def(z.object({ inspectionId: id, questionId }).strict(), z.array(questionCaseSchema)),
  'inspection.subgroups': def(z.object({ inspectionId: id, attribute: z.enum(SUBGROUP_ATTRIBUTES) }).strict(), z.array(subgroupSchema)),
  'judgement.list': def(z.object({ inspectionId: id }).strict(), z.array(judgementSchema)),
  'judgement.set': def(
    z.object({ inspectionId: id, standardId, rating: ratingSchema.nullable(), rationale: z.string().max(20000, 'at most 20,000 characters') }).strict(),
    judgementSchema,
  ),
  'judgement.note': def(z.object({ inspectionId: id, keyQuestionId: z.string().regex(/^\d+\.\d+\.\d+$/), text: z.string().max(20000) }).strict(), judgementSchema),
  'override.set': def(
    z
      .object({ inspectionId: id, standardId, rating: ratingSchema.nullable(), reason: z.string().trim().max(20000) })
      .strict()
      .refine((v) => v.rating === null || v.reason.length > 0, { path: ['reason'], message: 'an override needs a reason' }),
    z.object({ standardId: z.string(), rating: ratingSchema, reason: z.string() }).nullable(),
  ),
  'report.text.list': def(z.object({ inspectionId: id }).strict(), z.record(z.string(), standardTextSchema)),
  'report.text.set': def(
    z.object({ inspectionId: id, standardId, strengths: reportText, improvements: reportText, narrative: reportText.optional(), practiceExamples: reportText.optional() }).strict(),
    standardTextSchema,
  ),
  'recommendation.list': def(z.object({ inspectionId: id }).strict(), z.array(z.string())),
  /** The whole numbered list; a plain string is a recommendation to the provider (recommendation.items reads the addressees). */
  'recommendation.set': def(z.object({ inspectionId: id, items: z.array(z.union([reportText, addressedRecommendationSchema])).max(200) }).strict(), z.array(z.string())),
  'report.narrative.get': def(z.object({ inspectionId: id }).strict(), reportNarrativeSchema),
  'report.section.set': def(reportSectionSet, z.object({ key: z.enum(REPORT_SECTION_KEYS), text: z.string() })),
  'report.fact.set': def(reportFactSet, z.object({ fact: z.enum(CONTEXT_FACT_KEYS), value: z.number().nullable() })),
  'report.preview': def(z.object({ inspectionId: id }).strict(), z.object({ html: z.string() })),
  'report.export': def(z.object({ inspectionId: id, format: z.enum(['docx', 'pdf']), jobId: jobIdSchema.optional() }).strict(), z.object({ path: z.string().nullable() })),
  'exchange.export': def(z.object({ inspectionId: id, passphrase: passphrase.optional(), jobId: jobIdSchema.optional() }).strict(), z.object({ path: z.string().nullable() })),
  'exchange.open': def(empty, z.object({ name: z.string(), text: z.string() }).nullable()),
  'exchange.check': def(z.object({ text: fileText, passphrase: z.string().max(1000).optional() }).strict(), importCheckSchema),
  'exchange.import': def(
    z.object({ text: fileText, passphrase: z.string().max(1000).optional(), onDuplicate: z.enum(['replace', 'keep-both']), provider: providerChoiceSchema, acceptUnchecked: z.boolean().optional(), fileName: z.string().trim().min(1).max(500).optional(), jobId: jobIdSchema.optional() }).strict(),
    z.object({ inspectionId: id }),
  ),
  'inspection.recordRatings': def(recordRatingsSchema, z.object({ inspectionId: id })),
  'inspection.previous': def(
    z.object({ inspectionId: id }).strict(),
    z.object({ suggested: id.nullable(), candidates: z.array(z.object({ id, label: z.string(), frameworkId: z.string(), fieldworkStart: z.string(), ratingsOnly: z.boolean() })) }),
  ),
  'inspection.compare': def(z.object({ oldId: id, newId: id }).strict(), comparisonSchema),
  'progress.list': def(z.object({ inspectionId: id }).strict(), z.array(progressViewSchema)),
  'progress.set': def(z.object({ inspectionId: id, items: z.array(progressItemSchema).max(1000) }).strict(), z.array(progressItemSchema)),
  'provider.history': def(
    /** Final inspections only unless drafts are asked for: a draft's numbers are not firm. */
    z.object({ providerId: id, includeDrafts: z.boolean().optional() }).strict(),
    z.array(
      z.object({
        inspectionId: id,
        label: z.string(),
        date: z.string().nullable(),
        frameworkId: z.string(),
        rating: ratingSchema.nullable(),
        score: z.number().nullable(),
        max: z.number(),
        share: z.number().nullable(),
        standards: z.array(z.object({ id: z.string(), name: z.string(), rating: ratingSchema.nullable() })),
      }),
    ),
  ),
  'league.table': def(z.object({ includeDrafts: z.boolean().optional() }).strict(), z.array(leagueRowSchema)),
  'league.exportCsv': def(z.object({ includeDrafts: z.boolean().optional() }).strict(), z.object({ path: z.string().nullable() })),
  'audit.list': def(z.object({ inspectionId: id, caseRef: z.string().max(64).optional() }).strict(), z.array(auditEntrySchema)),
  'backup.list': def(empty, z.array(backupSchema)),
  'backup.create': def(empty, backupSchema),
  'backup.restore': def(z.object({ name: z.string().regex(/^fieldwork-[0-9TZ]+-[a-z-]+\.sqlite$/, 'not a backup name') }).strict(), backupSchema),
  'settings.get': def(empty, settingsSchema),
  'settings.update': def(settingsSchema.partial().strict(), settingsSchema),
  'case.note': def(z.object({ caseId: id, questionId, note: z.string().max(20000, 'at most 20,000 characters') }).strict(), savedAnswerSchema),
  'sampling.defaults': def(z.object({ inspectionId: id }).strict(), sampleDefaultsSchema),
  'sampling.load': def(z.object({ inspectionId: id, csv: fileText }).strict(), caseloadLoadedSchema),
  'sampling.draw': def(drawInputSchema, drawViewSchema),
  'sampling.commit': def(drawInputSchema, z.object({ imported: z.number().int(), drawId: z.string() })),
  'sampling.list': def(z.object({ inspectionId: id }).strict(), z.array(drawRecordSchema)),
  'sampling.eliminate': def(eliminateSavedInputSchema, eliminateSavedResultSchema),
  ...qaContract,
  ...jobContract,
  'identity.get': def(empty, z.object({ installationId: z.string(), user: actorSchema.nullable() })),
  'identity.set': def(z.object({ name: z.string().trim().min(1, 'enter your name').max(200, 'at most 200 characters') }).strict(), actorSchema),
  'inspection.setStatus': def(z.object({ id, status: z.enum(INSPECTION_STATUSES) }).strict(), inspectionSummarySchema),
  'recommendation.items': def(z.object({ inspectionId: id }).strict(), z.array(recommendationItemSchema)),
  'recommendation.add': def(z.object({ inspectionId: id, text: recommendationText, addressee: addressee.optional() }).strict(), recommendationItemSchema),
  /** Text, addressee or both; what is left out keeps its value. */
  'recommendation.edit': def(z.object({ id, text: recommendationText.optional(), addressee: addressee.optional() }).strict(), recommendationItemSchema),
  'recommendation.remove': def(z.object({ id }).strict(), z.object({ removed: z.literal(true) })),
  'progress.judge': def(
    z
      .object({ inspectionId: id, id: id.nullable(), recommendationId: id.nullable(), text: z.string().trim().min(1).max(20000), progress: z.enum(RECOMMENDATION_PROGRESS).nullable(), note: z.string().max(20000) })
      .strict()
      .refine((v) => v.id !== null || v.recommendationId !== null, { path: ['recommendationId'], message: 'name the recommendation judged' }),
    progressViewSchema,
  ),
  /** Cases whose CRN, name or an evidence note contains the text (the list matches refs itself). */
  'case.search': def(
    z.object({ inspectionId: id, text: z.string().trim().min(1, 'required').max(200, 'at most 200 characters') }).strict(),
    z.array(z.object({ caseId: id, found: z.enum(['CRN', 'name', 'evidence note']), questionId: z.string().optional() })),
  ),
  /** Edits a case's details (reassigning is one); its reference stays. Each change logged. */
  'case.update': def(
    z
      .object({
        caseId: id,
        crn: z.string().trim().max(64, 'at most 64 characters').optional(),
        name: z.string().trim().max(200, 'at most 200 characters').optional(),
        sample: z.string().regex(/^[a-z-]+$/).optional(),
        assignedInspector: z.string().trim().max(200, 'at most 200 characters').optional(),
        attributes: caseAttributesSchema.optional(),
      })
      .strict(),
    caseSummarySchema,
  ),
  /** Deletes a case and its answers (logged: the audit trail keeps it). */
  'case.delete': def(z.object({ caseId: id }).strict(), z.object({ ref: z.string(), inspectionId: id })),
  /** Renames (the provider's name), re-dates or re-sizes an inspection; a final one refuses. */
  'inspection.update': def(
    z
      .object({
        id,
        providerName: name.optional(),
        fieldworkStart: isoDate.optional(),
        fieldworkEnd: isoDate.optional(),
        caseloadSize: z.number().int('a whole number').min(0, 'cannot be negative').max(10_000_000).nullable().optional(),
      })
      .strict(),
    inspectionSummarySchema,
  ),
  /** Deletes an inspection and everything in it (logged); a final one refuses until returned to draft. */
  'inspection.delete': def(z.object({ id }).strict(), z.object({ deleted: z.literal(true) })),
} as const;

export type Contract = typeof contract;
export type CommandName = keyof Contract;
export type CommandInput<C extends CommandName> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends CommandName> = z.output<Contract[C]['input']>;
export type CommandOutput<C extends CommandName> = z.output<Contract[C]['output']>;

export const ERROR_CODES = ['VALIDATION', 'IDENTITY_REQUIRED', 'FINAL', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'UNKNOWN_COMMAND', 'PERSONAL_DATA', 'PASSPHRASE_REQUIRED', 'UNAVAILABLE', 'INTERNAL', 'DISK_FULL', 'READ_ONLY', 'STORE_DAMAGED', 'CANCELLED'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Field path (e.g. `newProvider.name`) to message, for showing beside the field. */
  fieldErrors?: Record<string, string>;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export * from './sampling-schema';
export * from './job-contract';
export { IPC_CHANNEL, MENU_ACTIONS, MENU_CHANNEL, type FieldworkBridge, type MenuAction } from './channel';

export function isCommandName(s: unknown): s is CommandName {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(contract, s);
}
