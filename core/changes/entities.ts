import { z } from 'zod';
import { teamRoleSchema } from '../domain/team';
import { caseStateSchema } from '../team/case-fields';
import { CONFLICT_RESOLUTIONS, FIELD_KEY, PACKAGE_DIRECTIONS } from '../team/file-sections';
import { caseAttributesSchema } from '../domain/case-attributes';
import { INSPECTION_KINDS, type Entity, inspectionStatusSchema, providerTypeSchema, recommendationProgressSchema } from '../domain/enums';
import { KEY_QUESTION_ID, QUESTION_ID, STANDARD_ID, answerSchema, ratingSchema } from '../domain/ratings';
import { CONTEXT_FACT_KEYS, REPORT_SECTION_KEYS } from '../domain/report-text';
import { COMMENT_STATES } from '../qa/comments';
import { dipSampleRuleSchema } from '../qa/dip-sample';
import { qaStatusSchema } from '../qa/status';

/**
 * What every entity is made of, declared once: `keys` are fixed when the row is created (its parent
 * and natural key), `fields` are what later changes may set, each with the schema its value must
 * meet. applyChanges validates every change against these; the db layer maps them to columns.
 *
 * To add a field: add it here, add its column (a migration) and its column name in the entity's
 * table descriptor in db/repositories/. Nothing else changes: the write path, the change log, the
 * audit trail and the file format pick it up.
 */
const uuid = z.string().min(1).max(100);
const shortText = z.string().trim().min(1).max(200);
const text200 = z.string().max(200);
const longText = z.string().max(20000);
const isoDate = z.iso.date();
const instant = z.string().min(1).max(40);

export const ENTITY_SPECS = {
  'team-member': {
    keys: { inspectionId: uuid },
    fields: { name: shortText, role: teamRoleSchema },
  },
  'work-package': {
    keys: { inspectionId: uuid, direction: z.enum(PACKAGE_DIRECTIONS) },
    fields: {
      inspector: shortText,
      issuedAt: instant,
      issuedBy: text200,
      /** Case ref → the values the lead and the inspector last agreed on (core/team/merge.ts). */
      base: z.record(z.string().max(64), caseStateSchema),
      takenBack: z.array(z.string().max(64)).max(100_000),
      lastReturnAt: instant.nullable(),
      /** Case ref → field → its revision at issue, moved on as merges apply (core/team/merge.ts). */
      revisions: z.record(z.string().max(64), z.record(z.string().regex(FIELD_KEY), z.string().max(100))).default({}),
    },
  },
  'merge-conflict': {
    keys: { inspectionId: uuid, packageId: uuid, caseId: uuid, field: z.string().regex(FIELD_KEY) },
    fields: { base: longText.nullable(), incoming: longText.nullable(), changedBy: text200, changedAt: instant.nullable(), resolution: z.enum(CONFLICT_RESOLUTIONS).nullable() },
  },
  provider: {
    keys: {},
    fields: { name: shortText, type: providerTypeSchema, owner: text200, region: text200 },
  },
  inspection: {
    keys: { frameworkId: z.string().regex(/^[a-z0-9-]+$/).max(64), frameworkRevision: z.string().max(64), kind: z.enum(INSPECTION_KINDS) },
    fields: {
      providerId: uuid,
      fieldworkStart: isoDate,
      fieldworkEnd: isoDate,
      caseloadSize: z.number().int().min(0).max(10_000_000).nullable(),
      status: inspectionStatusSchema,
      recordedOverall: ratingSchema.nullable(),
      recordedScore: z.number().int().min(0).nullable(),
    },
  },
  case: {
    keys: { inspectionId: uuid, ref: z.string().trim().min(1).max(64) },
    fields: {
      crn: z.string().max(64),
      name: text200,
      sample: z.string().regex(/^[a-z-]+$/).max(64),
      attributes: caseAttributesSchema,
      assignedInspector: text200,
      /** When the case was marked complete; null while it is not. */
      completedAt: instant.nullable(),
      /** Why a complete case went back to in progress (set by the invariants, cleared on completion). */
      reopenReason: z.string().max(1000).nullable(),
      /** Quality assurance status (core/qa/status.ts); changed only as its state machine allows. */
      qaStatus: qaStatusSchema.default('draft'),
    },
  },
  answer: {
    keys: { caseId: uuid, questionId: z.string().regex(QUESTION_ID) },
    fields: { value: answerSchema.nullable(), note: longText },
  },
  judgement: {
    keys: { inspectionId: uuid, standardId: z.string().regex(STANDARD_ID) },
    fields: { rating: ratingSchema.nullable(), rationale: longText },
  },
  'judgement-note': {
    keys: { inspectionId: uuid, keyQuestionId: z.string().regex(KEY_QUESTION_ID) },
    fields: { text: longText },
  },
  override: {
    keys: { inspectionId: uuid, standardId: z.string().regex(STANDARD_ID) },
    fields: { rating: ratingSchema, reason: z.string().trim().min(1).max(20000) },
  },
  'report-text': {
    keys: { inspectionId: uuid, standardId: z.string().regex(STANDARD_ID) },
    /** narrative and practiceExamples came later: creations logged before them read as empty. */
    fields: { strengths: longText, improvements: longText, narrative: longText.default(''), practiceExamples: longText.default('') },
  },
  recommendation: {
    keys: { inspectionId: uuid },
    /** addressee: '' for the provider; creations logged before it existed read as ''. */
    fields: { position: z.number().finite(), text: z.string().trim().min(1).max(20000), addressee: z.string().trim().max(200).default('') },
  },
  'recommendation-progress': {
    /** recommendationId: the previous inspection's recommendation judged (null for one known only by text). */
    keys: { inspectionId: uuid, recommendationId: uuid.nullable() },
    fields: { position: z.number().finite(), text: z.string().trim().min(1).max(20000), progress: recommendationProgressSchema.nullable(), note: longText },
  },
  'recorded-rating': {
    keys: { inspectionId: uuid, standardId: z.string().regex(STANDARD_ID) },
    fields: { rating: ratingSchema },
  },
  'recorded-key-question': {
    keys: { inspectionId: uuid, keyQuestionId: z.string().regex(KEY_QUESTION_ID) },
    fields: { percent: z.number().min(0).max(100), base: z.number().int().min(0).nullable() },
  },
  /** An import of an inspection file: which file, how, and what it changed. Written once, never edited. */
  import: {
    keys: { inspectionId: uuid },
    fields: {
      fileName: z.string().min(1).max(500),
      fileSha256: z.string().regex(/^[0-9a-f]{64}$/),
      formatVersion: z.number().int().min(1),
      mode: z.enum(['new', 'replace', 'keep-both']),
      /** Changes taken from the file's own log (who and when kept). */
      fromFile: z.number().int().min(0),
      /** Changes the import made, as the importing user, to bring the store in line with the file. */
      toMatch: z.number().int().min(0),
      /** The backup taken before a replace. */
      backup: z.string().max(500).nullable(),
    },
  },
  /** The report's narrative of the whole inspection (foreword, overall findings, background, …), one row per section. */
  'report-section': {
    keys: { inspectionId: uuid, section: z.enum(REPORT_SECTION_KEYS) },
    fields: { text: longText },
  },
  /** A provider-level contextual figure (caseload, staff, workloads); cleared by deleting the row. */
  'report-fact': {
    keys: { inspectionId: uuid, fact: z.enum(CONTEXT_FACT_KEYS) },
    fields: { value: z.number().finite().min(0).max(10_000_000) },
  },
  /** A quality lead's comment on a case, a key question or a prompt (questionId null: the whole case). Never in the report. */
  'qa-comment': {
    keys: { caseId: uuid, questionId: z.string().regex(QUESTION_ID).nullable(), author: shortText },
    fields: { text: z.string().trim().min(1).max(5000), reply: z.string().max(5000), repliedBy: text200, state: z.enum(COMMENT_STATES), resolvedBy: text200 },
  },
  /** One answer of a blind second marking: stored apart from the case's answers, never rated. */
  'second-answer': {
    keys: { caseId: uuid, questionId: z.string().regex(QUESTION_ID) },
    fields: { value: answerSchema.nullable(), markedBy: shortText },
  },
  /** A dip sample as drawn: its seed, rule and picks, recorded once. */
  'dip-sample': {
    keys: { inspectionId: uuid },
    fields: {
      seed: z.string().min(1).max(200),
      rule: dipSampleRuleSchema,
      picks: z.array(z.object({ ref: z.string().max(64), marker: z.string().max(200).nullable(), weight: z.number() }).strict()).max(100_000),
      drawnBy: shortText,
    },
  },
} as const satisfies Record<Entity, { keys: Record<string, z.ZodType>; fields: Record<string, z.ZodType> }>;

export type EntitySpecs = typeof ENTITY_SPECS;
export type FieldOf<E extends Entity> = keyof EntitySpecs[E]['fields'] & string;
export type KeysOf<E extends Entity> = { [K in keyof EntitySpecs[E]['keys']]: z.output<EntitySpecs[E]['keys'][K]> };
export type FieldsOf<E extends Entity> = { [K in keyof EntitySpecs[E]['fields']]: z.output<EntitySpecs[E]['fields'][K]> };
/** A whole row as a creation carries it: keys and every field. */
export type RecordOf<E extends Entity> = KeysOf<E> & FieldsOf<E>;

/** Pseudo-fields: a row's creation (value: the whole row) and deletion (previous: the whole row). */
export const CREATE = '$create';
export const DELETE = '$delete';

const recordSchemas = new Map<string, z.ZodType>(
  Object.entries(ENTITY_SPECS).map(([e, s]) => [e, z.object({ ...s.keys, ...s.fields }).strict()]),
);

/** The schema of a change's value: a field's own, a whole row's for a creation, null for a deletion. */
export function valueSchema(entity: Entity, field: string): z.ZodType | undefined {
  if (field === CREATE) return recordSchemas.get(entity);
  if (field === DELETE) return z.null();
  const fields = ENTITY_SPECS[entity].fields as Record<string, z.ZodType>;
  return Object.prototype.hasOwnProperty.call(fields, field) ? fields[field] : undefined;
}

export function fieldNames(entity: Entity): string[] {
  return Object.keys(ENTITY_SPECS[entity].fields);
}

export function keyNames(entity: Entity): string[] {
  return Object.keys(ENTITY_SPECS[entity].keys);
}
