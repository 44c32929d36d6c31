import { z } from 'zod';
import './zod-messages';
import { contradictions, duplicateJsonKey } from './consistency';
import { caseAttributesSchema } from '../domain/case-attributes';
import { AUDIT_KINDS, INSPECTION_STATUSES, RECOMMENDATION_PROGRESS, providerTypeSchema } from '../domain/enums';
import { QUESTION_ID, STANDARD_ID, answerSchema, ratingSchema } from '../domain/ratings';
import { CONTEXT_FACT_INFO, CONTEXT_FACT_KEYS, INSPECTION_TEXT_KEYS, type ContextFactKey } from '../domain/report-text';
import { DEFAULT_SAMPLE, type FrameworkRegistry, allStandards, questionIndex } from '../frameworks/load';
import type { Framework } from '../frameworks/schema';
import type { InspectionInput } from '../engine/types';
import { secondMarkingSchema } from '../qa/second-marking';
import { fileCommentSchema } from '../qa/comments';
import { qaStatusSchema } from '../qa/status';
import { formatIssues, pathToString, type PathIssue } from './issues';
import { CASE_STATUSES } from '../domain/case-status';
import { MAX_CASES_PER_INSPECTION } from '../domain/limits';
import { packageSectionSchema, teamSectionSchema } from '../team/file-sections';
import { changeSchema } from '../changes/change';

export const INSPECTION_FILE_FORMAT = 'fieldwork-inspection';
/**
 * Bump when a reader of the previous version could misread a file; older readers then refuse it.
 * Version 2 carries ids, the change log (who changed what, when, on which clock) and who exported it;
 * version 1 files are still read, and upgraded on import.
 */
export const INSPECTION_FILE_VERSION = 2;
export const READABLE_FILE_VERSIONS = [1, 2] as const;

export { PROVIDER_TYPES, providerTypeSchema, INSPECTION_STATUSES, RECOMMENDATION_PROGRESS } from '../domain/enums';
export { CASE_STATUSES } from '../domain/case-status';

const shortText = z.string().trim().min(1).max(200);
const longText = z.string().max(20000);
const isoDate = z.iso.date('use a date like 2019-06-03');

export const fileProviderSchema = z
  .object({
    id: z.string().min(1).max(100).optional(),
    name: shortText,
    type: providerTypeSchema,
    owner: z.string().max(200).optional(),
    region: z.string().max(200).optional(),
  })
  .strict();

const rowId = z.string().min(1).max(100);

export const fileCaseSchema = z
  .object({
    /** Version 2: the case's id, kept through export and import. */
    id: rowId.optional(),
    ref: z.string().trim().min(1).max(64),
    crn: z.string().max(64).optional(),
    name: z.string().max(200).optional(),
    sample: z.string().regex(/^[a-z-]+$/).max(64).optional(),
    status: z.enum(CASE_STATUSES).optional(),
    assignedInspector: z.string().max(200).optional(),
    attributes: caseAttributesSchema.optional(),
    answers: z.record(z.string().regex(QUESTION_ID, 'question ids look like 2.1.3 or 2.1.3.a'), answerSchema),
    notes: z.record(z.string().regex(QUESTION_ID, 'question ids look like 2.1.3 or 2.1.3.a'), longText).optional(),
    /** A blind second marking, kept apart from `answers` (never rated); see docs/qa.md. */
    secondMarking: secondMarkingSchema.optional(),
    /** The case's QA status (docs/qa.md); absent means Draft. */
    qaStatus: qaStatusSchema.optional(),
    /** QA comments on the case, its key questions and prompts, oldest first (docs/qa.md). Never in the report. */
    comments: z.array(fileCommentSchema).max(1000).optional(),
    /** Version 2: when the case was marked complete. */
    completedAt: z.string().min(1).max(40).optional(),
    /** Version 2: why a complete case went back to in progress. */
    reopenReason: z.string().max(1000).optional(),
  })
  .strict();

/** A change of the log as a file carries it: the change, and what it was about (case, item) and why. */
export const fileChangeSchema = changeSchema
  .extend({ caseId: z.string().max(100).nullable().optional(), item: z.string().max(200).nullable().optional(), reason: z.string().max(1000).nullable().optional() })
  .strict();

export const inspectionFileSchema = z
  .object({
    format: z.literal(INSPECTION_FILE_FORMAT).optional(),
    formatVersion: z.union([z.literal(1), z.literal(2)]),
    id: z.string().uuid('the inspection id must be a UUID').optional(),
    framework: z.string().regex(/^[a-z0-9-]+$/).max(64),
    frameworkRevision: z.string().max(64).optional(),
    provider: fileProviderSchema.optional(),
    inspection: z
      .object({
        title: z.string().max(200).optional(),
        fieldworkStart: isoDate.optional(),
        fieldworkEnd: isoDate.optional(),
        caseloadSize: z.number().int().min(0).max(10_000_000).optional(),
        status: z.enum(INSPECTION_STATUSES).optional(),
        /** The sample's eligibility window: sentences or licences that started between these dates. */
        eligibilityStart: isoDate.optional(),
        eligibilityEnd: isoDate.optional(),
      })
      .strict()
      .optional(),
    cases: z.array(fileCaseSchema).max(MAX_CASES_PER_INSPECTION),
    judgements: z
      .record(z.string().regex(STANDARD_ID, 'standard ids look like 1.1'), z.object({ rating: ratingSchema.nullable(), rationale: longText }).strict())
      .default({}),
    overrides: z
      .record(z.string().regex(STANDARD_ID, 'standard ids look like 2.1'), z.object({ rating: ratingSchema, reason: z.string().trim().min(1, 'an override needs a reason').max(20000) }).strict())
      .optional(),
    recommendations: z
      .array(z.object({ id: rowId.optional(), text: z.string().trim().min(1).max(20000), addressee: z.string().trim().max(200).optional() }).strict())
      .max(1000)
      .optional(),
    /** Domain 1 rationale per key question. */
    judgementNotes: z.record(z.string().regex(/^\d+\.\d+\.\d+$/, 'key question ids look like 1.1.2'), longText).optional(),
    /**
     * A previous inspection known only from its published report: standard ratings (and key question
     * percentages where known) recorded by hand, without cases.
     */
    ratingsOnly: z
      .object({
        standards: z.record(z.string().regex(STANDARD_ID, 'standard ids look like 2.1'), ratingSchema),
        overall: z.object({ rating: ratingSchema, score: z.number().int().min(0).optional() }).strict().optional(),
        keyQuestions: z
          .record(z.string().regex(/^\d+\.\d+\.\d+$/, 'key question ids look like 2.1.3'), z.object({ percent: z.number().min(0).max(100), base: z.number().int().min(0).optional() }).strict())
          .optional(),
      })
      .strict()
      .optional(),
    /** This inspection's judgement of progress on the previous inspection's recommendations. */
    previousRecommendations: z
      .array(
        z
          .object({
            id: rowId.optional(),
            /** Version 2: the id of the previous inspection's recommendation judged (null: known only by its text). */
            recommendationId: rowId.nullable().optional(),
            text: z.string().trim().min(1).max(20000),
            progress: z.enum(RECOMMENDATION_PROGRESS).nullable(),
            note: longText,
          })
          .strict(),
      )
      .max(1000)
      .optional(),
    /**
     * How each sample was drawn by the sample builder (seed and settings, to reproduce it) and the cases
     * eliminated, each with its reason and replacement (Annex 1 states them). CRNs here are personal data.
     */
    sampleDraws: z
      .array(
        z
          .object({
            id: rowId,
            sample: z.string().regex(/^[a-z-]+$/).max(64),
            seed: z.number().int().min(0),
            settings: z.json(),
            inspectors: z.array(z.string().max(200)).max(100),
            caseloadRows: z.number().int().min(0),
            eligible: z.number().int().min(0),
            size: z.number().int().min(0),
            drawnBy: z.string().max(200),
            drawnAt: z.string().min(1).max(40),
            eliminations: z
              .array(z.object({ ref: z.string().min(1).max(64), crn: z.string().max(64), reason: z.string().trim().min(1).max(1000), replacementRef: z.string().max(64).nullable() }).strict())
              .max(10_000),
          })
          .strict(),
      )
      .max(100)
      .optional(),
    /** Version 2: every change to the inspection, in clock order: what the store's change log holds. */
    changes: z.array(fileChangeSchema).max(2_000_000).optional(),
    /** Version 2: when the file was written. */
    exportedAt: z.string().min(1).max(40).optional(),
    /** Version 1 only: every change to answers, notes, judgements and overrides as text (version 2 carries `changes`). */
    audit: z
      .array(
        z
          .object({
            caseRef: z.string().max(64).nullable(),
            what: z.enum(AUDIT_KINDS),
            item: z.string().max(64),
            oldValue: z.string().max(40000).nullable(),
            newValue: z.string().max(40000).nullable(),
            changedBy: z.string().max(200),
            changedAt: z.string().max(40),
          })
          .strict(),
      )
      .max(1_000_000)
      .optional(),
    /** `sha256:` and the hex digest of the file's canonical JSON without this field; checked on import. */
    checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'a checksum looks like sha256: and 64 hex digits').optional(),
    /** The inspectors' own report text per standard. */
    reportText: z
      .record(
        z.string().regex(STANDARD_ID, 'standard ids look like 2.1'),
        z.object({ strengths: longText, improvements: longText, narrative: longText.optional(), practiceExamples: longText.optional() }).strict(),
      )
      .optional(),
    /** The report's narrative for the whole inspection: foreword, overall findings, background, … */
    reportSections: z.partialRecord(z.enum(INSPECTION_TEXT_KEYS), longText).optional(),
    /** Provider-level figures for the report's contextual facts. */
    contextFacts: z.partialRecord(z.enum(CONTEXT_FACT_KEYS), z.number().min(0).max(10_000_000)).optional(),
    /** Team fieldwork: in a work package or return, what was issued to whom and its base (core/team). */
    package: packageSectionSchema.optional(),
    /** Team fieldwork: in the lead's file, the team, packages issued and conflicts still open (core/team). */
    team: teamSectionSchema.optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.formatVersion === 1)
      for (const key of ['changes', 'exportedAt'] as const)
        if (f[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} belongs to format version 2; this file says version 1` });
    if (f.formatVersion === 2 && f.audit !== undefined) ctx.addIssue({ code: 'custom', path: ['audit'], message: 'a version 2 file carries its history as `changes`, not `audit`' });
  });

export type InspectionFile = z.infer<typeof inspectionFileSchema>;
export type FileCase = InspectionFile['cases'][number];

export type ParseResult = { ok: true; file: InspectionFile; framework: Framework } | { ok: false; issues: PathIssue[] };

function fail(path: string, message: string): ParseResult {
  return { ok: false, issues: [{ path, message }] };
}

/** Parses the text of a `.fieldwork.json` file and checks it against its framework. */
export function parseInspectionText(text: string, registry: FrameworkRegistry): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return fail('(root)', `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const duplicate = duplicateJsonKey(text);
  if (duplicate) return fail(duplicate, 'this key appears twice in the same object; a reader and an import could see different values');
  return parseInspectionData(data, registry);
}

export function parseInspectionData(data: unknown, registry: FrameworkRegistry): ParseResult {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return fail('(root)', 'an inspection file must be a JSON object');
  const unsafe = findUnsafeKey(data);
  if (unsafe)
    return fail(
      unsafe,
      UNSAFE_KEYS.has(unsafe.split('.').at(-1) ?? '')
        ? 'this key is not allowed (it could alter objects it is copied into)'
        : `nested more than ${MAX_DEPTH} levels deep; no inspection file needs that`,
    );
  const version = (data as Record<string, unknown>).formatVersion;
  if (typeof version === 'number' && version > INSPECTION_FILE_VERSION)
    return fail(
      'formatVersion',
      `this file was written by a newer version of Fieldwork (format version ${version}); this version reads format versions ${READABLE_FILE_VERSIONS.join(" and ")}. Update Fieldwork to open it.`,
    );
  const cases = (data as Record<string, unknown>).cases;
  // Counted before the whole file is checked: refusing a huge file must not take as long as reading it.
  if (Array.isArray(cases) && cases.length > MAX_CASES_PER_INSPECTION)
    return fail(
      'cases',
      `this file has ${cases.length.toLocaleString('en-GB')} cases; an inspection holds at most ${MAX_CASES_PER_INSPECTION.toLocaleString('en-GB')}. Split the cases between inspections, or check the file is the one you meant.`,
    );
  const parsed = inspectionFileSchema.safeParse(data);
  if (!parsed.success) return { ok: false, issues: formatIssues(parsed.error) };
  const file = parsed.data;
  const framework = registry.get(file.framework, file.frameworkRevision);
  if (!framework) {
    if (registry.get(file.framework))
      return fail('frameworkRevision', `framework ${file.framework} has no revision ${file.frameworkRevision}`);
    return fail('framework', `unknown framework "${file.framework}"; known: ${registry.ids().join(', ')}`);
  }
  const issues = checkAgainstFramework(file, framework);
  if (issues.length === 0) issues.push(...contradictions(file, framework));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, file, framework };
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 64;

/**
 * JSON.parse keeps `__proto__` as an own key, and copying it onto a plain object would change that
 * object's prototype. Walks iteratively so that hostile nesting cannot overflow the stack.
 */
export function findUnsafeKey(data: unknown): string | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: data, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (path.length > MAX_DEPTH) return pathToString(path);
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
    else
      for (const key of Object.keys(value)) {
        if (UNSAFE_KEYS.has(key)) return pathToString([...path, key]);
        stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
      }
  }
  return null;
}

/** What the schema cannot know: ids that must exist in this framework and this case's sample. */
export function checkAgainstFramework(file: InspectionFile, f: Framework): PathIssue[] {
  const issues: PathIssue[] = [];
  const questions = questionIndex(f);
  const samples = new Set(f.samples.map((s) => s.id));
  const refs = new Map<string, number>();
  file.cases.forEach((c, i) => {
    const at: (string | number)[] = ['cases', i];
    const seen = refs.get(c.ref);
    if (seen !== undefined) issues.push({ path: pathToString([...at, 'ref']), message: `duplicate case ref "${c.ref}" (also cases[${seen}])` });
    else refs.set(c.ref, i);
    const sample = c.sample ?? DEFAULT_SAMPLE;
    if (!samples.has(sample)) {
      issues.push({ path: pathToString([...at, 'sample']), message: `${f.id} has no sample "${sample}"; its samples are ${[...samples].join(', ')}` });
      return;
    }
    const fields = [
      ['answers', c.answers],
      ['notes', c.notes],
      ['secondMarking.answers', c.secondMarking?.answers],
    ] as const;
    c.comments?.forEach((m, j) => {
      if (m.questionId !== null && !questions.has(m.questionId)) issues.push({ path: pathToString([...at, 'comments', j, 'questionId']), message: `${f.id} has no question ${m.questionId}` });
    });
    for (const [field, values] of fields)
      for (const qid of Object.keys(values ?? {})) {
        const q = questions.get(qid);
        const path = pathToString([...at, ...field.split('.'), qid]);
        if (!q) issues.push({ path, message: `${f.id} has no question ${qid}` });
        else if (q.standard.ratedBy !== 'cases' || q.standard.sample !== sample)
          issues.push({ path, message: `question ${qid} belongs to standard ${q.standard.id}, which is not rated from the ${sample} sample` });
      }
  });
  const standards = new Map(allStandards(f).map((s) => [s.id, s]));
  for (const id of Object.keys(file.judgements)) {
    const s = standards.get(id);
    if (!s) issues.push({ path: pathToString(['judgements', id]), message: `${f.id} has no standard ${id}` });
    else if (s.ratedBy !== 'judgement')
      issues.push({ path: pathToString(['judgements', id]), message: `standard ${id} is rated from cases, not by judgement` });
  }
  if (file.ratingsOnly) {
    if (file.cases.length > 0) issues.push({ path: 'ratingsOnly', message: 'a ratings-only inspection has no cases' });
    for (const id of Object.keys(file.ratingsOnly.standards))
      if (!standards.has(id)) issues.push({ path: pathToString(['ratingsOnly', 'standards', id]), message: `${f.id} has no standard ${id}` });
    for (const id of Object.keys(file.ratingsOnly.keyQuestions ?? {}))
      if (!questions.get(id) || questions.get(id)!.prompt) issues.push({ path: pathToString(['ratingsOnly', 'keyQuestions', id]), message: `${f.id} has no key question ${id}` });
  }
  for (const id of Object.keys(file.judgementNotes ?? {})) {
    const q = questions.get(id);
    if (!q || q.standard.ratedBy !== 'judgement') issues.push({ path: pathToString(['judgementNotes', id]), message: `${id} is not a key question of a judgement standard in ${f.id}` });
  }
  for (const [key, value] of Object.entries(file.contextFacts ?? {})) {
    const info = CONTEXT_FACT_INFO[key as ContextFactKey];
    if (value !== undefined && value > info.max) issues.push({ path: pathToString(['contextFacts', key]), message: `${info.label} can be at most ${info.max.toLocaleString('en-GB')}` });
  }
  for (const id of Object.keys(file.reportText ?? {}))
    if (!standards.has(id)) issues.push({ path: pathToString(['reportText', id]), message: `${f.id} has no standard ${id}` });
  for (const id of Object.keys(file.overrides ?? {})) {
    const s = standards.get(id);
    if (!s) issues.push({ path: pathToString(['overrides', id]), message: `${f.id} has no standard ${id}` });
    else if (s.ratedBy !== 'cases')
      issues.push({ path: pathToString(['overrides', id]), message: `standard ${id} is a judgement; enter its rating as a judgement, not an override` });
  }
  return issues;
}

export function toInspectionInput(file: InspectionFile): InspectionInput {
  return {
    cases: file.cases.map((c) => ({ ref: c.ref, sample: c.sample ?? DEFAULT_SAMPLE, attributes: c.attributes ?? {}, answers: c.answers })),
    judgements: file.judgements,
    overrides: file.overrides ?? {},
  };
}

/** JSON with object keys sorted at every level: the same data always gives the same text (for checksums). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** The published JSON Schema (docs/inspection-file.schema.json) is generated from this. */
export function inspectionFileJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(inspectionFileSchema, { io: 'input' }),
    $id: 'https://fieldwork.invalid/schemas/inspection-file-v2.json',
    title: 'Fieldwork inspection file (format versions 1 and 2)',
  };
}
