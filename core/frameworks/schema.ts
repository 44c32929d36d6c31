import { z } from 'zod';
import { CASE_ATTRIBUTE_KEYS, ROSH_LEVELS, type CaseAttributeKey } from '../domain/case-attributes';
import { KEY_QUESTION_ID, PROMPT_ID, RATINGS, STANDARD_ID, answerSchema, ratingSchema } from '../domain/ratings';
import { REPORT_SECTION_IDS } from '../domain/report-text';

/** Applicability conditions: data, evaluated against a case's attributes. */
export type Condition =
  | { attribute: CaseAttributeKey; equals: boolean | string }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

const attributeKeySchema = z.enum(CASE_ATTRIBUTE_KEYS as [CaseAttributeKey, ...CaseAttributeKey[]]);
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ attribute: attributeKeySchema, equals: z.union([z.boolean(), z.string()]) }).strict(),
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
  ]),
);

/** Themes are shared by every framework, so results compare across framework versions. */
export const THEMES = ['engagement', 'desistance', 'keeping-others-safe'] as const;
export const THEME_LABELS: Record<(typeof THEMES)[number], string> = {
  engagement: 'engagement',
  desistance: 'desistance',
  'keeping-others-safe': 'keeping other people safe',
};
export const AREAS = [
  'leadership',
  'staff',
  'services',
  'information-facilities',
  'assessment',
  'planning',
  'implementation-delivery',
  'reviewing',
  'court-reports',
  'victim-work',
  'unpaid-work',
  'through-the-gate',
] as const;

const text = z.string().trim().min(1).max(2000);

const promptSchema = z
  .object({
    id: z.string().regex(PROMPT_ID, 'prompt ids look like 2.1.3.a'),
    text,
    appliesWhen: conditionSchema.optional(),
    /** The framework revision that introduced this prompt (e.g. the July 2019 refresh). */
    since: z.string().optional(),
  })
  .strict();

const keyQuestionSchema = z
  .object({
    id: z.string().regex(KEY_QUESTION_ID, 'key question ids look like 2.1.3'),
    theme: z.enum(THEMES).optional(),
    text,
    /** The question as a report's findings state it: "assessment focused sufficiently on keeping other people safe". */
    finding: text.optional(),
    guidance: text,
    appliesWhen: conditionSchema.optional(),
    prompts: z.array(promptSchema),
  })
  .strict();

const standardSchema = z
  .object({
    id: z.string().regex(STANDARD_ID, 'standard ids look like 2.1'),
    name: text,
    statement: text,
    area: z.enum(AREAS),
    ratedBy: z.enum(['cases', 'judgement']),
    sample: z.string().optional(),
    appliesWhen: conditionSchema.optional(),
    keyQuestions: z.array(keyQuestionSchema).min(1),
  })
  .strict();

const bandSchema = z
  .object({ rating: ratingSchema, minPercent: z.number().min(0).max(100), label: z.string().min(1) })
  .strict();

const rulesSchema = z
  .object({
    keyQuestionBands: z.array(bandSchema).length(RATINGS.length),
    standardRating: z.literal('lowest-key-question'),
    points: z.record(ratingSchema, z.number().int().min(0)),
    overallBands: z.array(z.object({ rating: ratingSchema, minScore: z.number().int().min(0) }).strict()).length(RATINGS.length),
    /** Samples are sized for this confidence and margin; comparisons between inspections use the same confidence. */
    sampling: z
      .object({
        confidence: z.number().gt(0.5).lt(1),
        marginOfError: z.number().gt(0).lt(0.5),
        /** Cases whose sentence or licence started this many months before fieldwork (from, inclusive, to, inclusive). */
        eligibilityWindow: z
          .object({ fromMonthsBeforeFieldwork: z.number().int().min(0).max(60), toMonthsBeforeFieldwork: z.number().int().min(0).max(60) })
          .strict()
          .refine((w) => w.fromMonthsBeforeFieldwork >= w.toMonthsBeforeFieldwork, { message: 'the window must start before it ends' }),
        /** Reasons a lead may give for eliminating a sampled case (free text is also allowed). */
        eliminationReasons: z.array(z.string().trim().min(1).max(200)).min(1),
        /** Fewer cases than this behind a rating and it is shown with a caution. */
        minimumBase: z.number().int().min(1).optional(),
      })
      .strict(),
  })
  .strict();

const ruleId = z.string().regex(/^[a-z0-9-]+$/, 'rule ids are lower-case words joined by hyphens');
const ruleMessage = z.string().trim().min(1).max(500);

/**
 * Consistency checks: markings that contradict themselves. They warn and never block. Messages may
 * use {question} (the question id), {answer}, {words} (the note's word count) and {minWords}.
 */
export const consistencyRuleSchema = z.discriminatedUnion('check', [
  /** A key question answered `keyQuestion` while every applicable, answered prompt under it is `everyPrompt`. */
  z.object({ id: ruleId, check: z.literal('key-question-against-prompts'), keyQuestion: answerSchema, everyPrompt: answerSchema, message: ruleMessage }).strict(),
  /** A key question answered `answer` whose evidence note has fewer than `minWords` words (an empty note is left to the completeness check). */
  z.object({ id: ruleId, check: z.literal('short-note'), answer: answerSchema, minWords: z.number().int().min(1).max(100), message: ruleMessage }).strict(),
  /** A question of a standard in `area` answered Yes or No on a case where `when` is known to hold. */
  z.object({ id: ruleId, check: z.literal('answered-when'), area: z.enum(AREAS), when: conditionSchema, message: ruleMessage }).strict(),
]);
export type ConsistencyRule = z.infer<typeof consistencyRuleSchema>;

/** Quality assurance: agreement bands, dip-sample weights and consistency checks (docs/qa.md). */
const qaSchema = z
  .object({
    agreement: z
      .object({
        /** Where the bands come from, shown beside them. */
        source: text,
        /** Fewer double-marked cases than this and the figures carry a caution. */
        cautionBelowCases: z.number().int().min(1).max(1000),
        /** Best first; a kappa (at two decimals) takes the first band whose minimum it reaches. */
        bands: z.array(z.object({ minKappa: z.number().min(-1).max(1), label: z.string().trim().min(1).max(100) }).strict()).min(1),
      })
      .strict(),
    dipSample: z
      .object({
        minimumPerMarker: z.number().int().min(1).max(100),
        /** A case's weight when weighting is chosen: base + perNoAnswer × its No answers + the RoSH level's weight. */
        weights: z
          .object({ base: z.number().positive().max(1000), perNoAnswer: z.number().min(0).max(1000), roshLevel: z.partialRecord(z.enum(ROSH_LEVELS), z.number().min(0).max(1000)) })
          .strict(),
      })
      .strict(),
    consistencyRules: z.array(consistencyRuleSchema).max(100),
  })
  .strict();
/** How the inspectorate's report is laid out and what it may print: sections in published order, marking, small cells, glossary. */
export const reportRulesSchema = z
  .object({
    sections: z
      .array(z.object({ id: z.enum(REPORT_SECTION_IDS), title: text }).strict())
      .min(1)
      .refine((s) => new Set(s.map((x) => x.id)).size === s.length, 'each section once'),
    protectiveMarking: z.string().trim().min(1).max(100),
    /** Subgroup cells and findings with a base under this many cases print "fewer than N" instead. */
    smallCellThreshold: z.number().int().min(1).max(100),
    /** Case attributes the sample is stratified on, as Annex 1 states them. */
    sampleStrata: z.array(z.enum(CASE_ATTRIBUTE_KEYS as [CaseAttributeKey, ...CaseAttributeKey[]])),
    recommendationAddressees: z.array(z.string().trim().min(1).max(200)).min(1),
    glossary: z.array(z.object({ term: z.string().trim().min(1).max(200), definition: text }).strict()),
  })
  .strict();
export type ReportRules = z.infer<typeof reportRulesSchema>;

export const FRAMEWORK_SCHEMA_VERSION = 1;

export const frameworkSchema = z
  .object({
    schemaVersion: z.literal(FRAMEWORK_SCHEMA_VERSION),
    id: z.string().regex(/^[a-z0-9-]+$/),
    revision: z.string().min(1),
    revisions: z.array(z.object({ id: z.string().min(1), date: z.string(), summary: text }).strict()).min(1),
    name: text,
    providerTypes: z.array(z.string()).min(1),
    samples: z.array(z.object({ id: z.string().regex(/^[a-z-]+$/), name: text }).strict()).min(1),
    domains: z
      .array(z.object({ id: z.string().regex(/^\d+$/), name: text, standards: z.array(standardSchema).min(1) }).strict())
      .min(1),
    rules: rulesSchema,
    qa: qaSchema,
    /** Optional so that an inspectorate-supplied framework without it still rates; reports then use report-defaults.json. */
    report: reportRulesSchema.optional(),
  })
  .strict()
  .superRefine((fw, ctx) => {
    // Cross-references zod cannot express: ids nest, samples exist, bands are ordered.
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const sampleIds = new Set(fw.samples.map((s) => s.id));
    const seen = new Set<string>();
    const revisionIds = fw.revisions.map((r) => r.id);
    if (!revisionIds.includes(fw.revision)) issue(['revision'], `revision ${fw.revision} is not listed in revisions`);
    fw.domains.forEach((d, di) =>
      d.standards.forEach((s, si) => {
        const at: (string | number)[] = ['domains', di, 'standards', si];
        if (!s.id.startsWith(`${d.id}.`)) issue([...at, 'id'], `standard ${s.id} is not in domain ${d.id}`);
        if (seen.has(s.id)) issue([...at, 'id'], `duplicate standard id ${s.id}`);
        seen.add(s.id);
        if (s.ratedBy === 'cases' && (!s.sample || !sampleIds.has(s.sample)))
          issue([...at, 'sample'], `case-rated standard ${s.id} must name one of the samples (${[...sampleIds].join(', ')})`);
        if (s.ratedBy === 'judgement' && s.sample) issue([...at, 'sample'], `judgement standard ${s.id} has no sample`);
        s.keyQuestions.forEach((k, ki) => {
          if (!k.id.startsWith(`${s.id}.`)) issue([...at, 'keyQuestions', ki, 'id'], `key question ${k.id} is not in standard ${s.id}`);
          if (seen.has(k.id)) issue([...at, 'keyQuestions', ki, 'id'], `duplicate question id ${k.id}`);
          seen.add(k.id);
          k.prompts.forEach((p, pi) => {
            const pat = [...at, 'keyQuestions', ki, 'prompts', pi];
            if (!p.id.startsWith(`${k.id}.`)) issue([...pat, 'id'], `prompt ${p.id} is not in key question ${k.id}`);
            if (seen.has(p.id)) issue([...pat, 'id'], `duplicate question id ${p.id}`);
            seen.add(p.id);
            if (p.since && !revisionIds.includes(p.since)) issue([...pat, 'since'], `unknown revision ${p.since}`);
          });
        });
      }),
    );
    const bands = fw.rules.keyQuestionBands;
    bands.forEach((b, i) => {
      if (b.rating !== RATINGS[i]) issue(['rules', 'keyQuestionBands', i, 'rating'], `bands must run ${RATINGS.join(', ')}`);
      const prev = bands[i - 1];
      if (prev && b.minPercent >= prev.minPercent) issue(['rules', 'keyQuestionBands', i, 'minPercent'], 'thresholds must fall band by band');
    });
    if (bands.at(-1)?.minPercent !== 0) issue(['rules', 'keyQuestionBands'], 'the lowest band must start at 0%');
    const overall = fw.rules.overallBands;
    overall.forEach((b, i) => {
      if (b.rating !== RATINGS[i]) issue(['rules', 'overallBands', i, 'rating'], `bands must run ${RATINGS.join(', ')}`);
      const prev = overall[i - 1];
      if (prev && b.minScore >= prev.minScore) issue(['rules', 'overallBands', i, 'minScore'], 'score bands must fall band by band');
    });
    if (overall.at(-1)?.minScore !== 0) issue(['rules', 'overallBands'], 'the lowest score band must start at 0');
    for (const r of RATINGS) if (fw.rules.points[r] === undefined) issue(['rules', 'points'], `no points for ${r}`);
    const kappaBands = fw.qa.agreement.bands;
    kappaBands.forEach((b, i) => {
      const prev = kappaBands[i - 1];
      if (prev && b.minKappa >= prev.minKappa) issue(['qa', 'agreement', 'bands', i, 'minKappa'], 'agreement bands must fall band by band');
    });
    if (kappaBands.at(-1)?.minKappa !== -1) issue(['qa', 'agreement', 'bands'], 'the lowest agreement band must start at -1');
    const ruleIds = new Set<string>();
    fw.qa.consistencyRules.forEach((r, i) => {
      if (ruleIds.has(r.id)) issue(['qa', 'consistencyRules', i, 'id'], `duplicate rule id ${r.id}`);
      ruleIds.add(r.id);
    });
  });

export type Framework = z.infer<typeof frameworkSchema>;
export type Domain = Framework['domains'][number];
export type Standard = Domain['standards'][number];
export type KeyQuestion = Standard['keyQuestions'][number];
export type Prompt = KeyQuestion['prompts'][number];
export type Theme = (typeof THEMES)[number];
export type Area = (typeof AREAS)[number];
