import { z } from 'zod';
import { CASE_ATTRIBUTE_KEYS, caseAttributesSchema, type CaseAttributeKey } from '../domain/case-attributes';

const attributeKey = z.enum(CASE_ATTRIBUTE_KEYS as [CaseAttributeKey, ...CaseAttributeKey[]]);
const isoDate = z.iso.date('enter a date');
const reason = z.string().trim().min(1, 'give a reason').max(200, 'at most 200 characters');

/** A draw's settings as the lead chooses them: what the store records so the draw can be reproduced. */
export const sampleSettingsSchema = z
  .object({
    confidence: z.number().gt(0.5, 'between 50% and 99.9%').lt(1, 'between 50% and 99.9%'),
    margin: z.number().gt(0, 'more than 0%').lt(0.5, 'less than 50%'),
    window: z
      .object({ start: isoDate, end: isoDate })
      .strict()
      .refine((w) => w.end >= w.start, { path: ['end'], message: 'the window cannot end before it starts' })
      .nullable(),
    exclusions: z.array(z.object({ attribute: attributeKey, value: z.string().max(200) }).strict()).max(50),
    strata: z.array(attributeKey).min(1, 'choose at least one stratum variable').max(6),
    size: z.number().int('a whole number').min(1, 'at least 1').max(100_000).nullable(),
    seed: z.number().int('a whole number').min(0, '0 or more').max(Number.MAX_SAFE_INTEGER),
  })
  .strict();
export type SampleSettingsInput = z.infer<typeof sampleSettingsSchema>;

export const eliminationSchema = z.object({ crn: z.string().min(1).max(64), reason }).strict();

const errorSchema = z.object({ line: z.number().int(), column: z.string().optional(), message: z.string() });

export const caseloadLoadedSchema = z.object({
  caseloadId: z.string(),
  rows: z.number().int(),
  /** The first problems, by line; errorCount says how many there are in all. */
  errors: z.array(errorSchema),
  errorCount: z.number().int(),
  /** Each attribute's values in the caseload, for choosing exclusions. */
  values: z.array(z.object({ attribute: attributeKey, label: z.string(), values: z.array(z.object({ value: z.string(), count: z.number().int() })) })),
  firstStart: z.string().nullable(),
  lastStart: z.string().nullable(),
});
export type CaseloadLoaded = z.infer<typeof caseloadLoadedSchema>;

export const sampleDefaultsSchema = z.object({
  settings: sampleSettingsSchema,
  samples: z.array(z.object({ id: z.string(), name: z.string(), drawn: z.boolean(), cases: z.number().int() })),
  eliminationReasons: z.array(z.string()),
  strataChoices: z.array(z.object({ attribute: attributeKey, label: z.string() })),
});
export type SampleDefaults = z.infer<typeof sampleDefaultsSchema>;

export const drawViewSchema = z.object({
  caseload: z.number().int(),
  eligible: z.number().int(),
  exclusionCounts: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  size: z.object({ population: z.number().int(), confidence: z.number(), margin: z.number(), z: z.number(), n0: z.number(), n: z.number().int(), working: z.array(z.string()) }),
  n: z.number().int(),
  strata: z.array(z.object({ label: z.string(), key: z.record(z.string(), z.string()), population: z.number().int(), exact: z.number(), sample: z.number().int() })),
  cases: z.array(
    z.object({
      ref: z.string(),
      crn: z.string(),
      name: z.string(),
      startDate: z.string(),
      attributes: caseAttributesSchema,
      stratum: z.string(),
      status: z.enum(['sampled', 'eliminated']),
      reason: z.string().optional(),
      replaces: z.string().optional(),
      assignedInspector: z.string(),
    }),
  ),
  eliminations: z.array(z.object({ ref: z.string(), crn: z.string(), reason: z.string(), replacementRef: z.string().nullable(), replacementCrn: z.string().nullable() })),
  balance: z.array(
    z.object({ attribute: attributeKey, label: z.string(), value: z.string(), population: z.number().int(), populationShare: z.number(), sample: z.number().int(), sampleShare: z.number(), gap: z.number(), largest: z.boolean() }),
  ),
});
export type DrawView = z.infer<typeof drawViewSchema>;

export const drawRecordSchema = z.object({
  id: z.string(),
  sample: z.string(),
  seed: z.number().int(),
  /** Null only if the stored settings no longer read (a hand-edited store). */
  settings: sampleSettingsSchema.nullable(),
  inspectors: z.array(z.string()),
  caseloadRows: z.number().int(),
  eligible: z.number().int(),
  size: z.number().int(),
  drawnBy: z.string(),
  drawnAt: z.string(),
  eliminations: z.array(z.object({ ref: z.string(), crn: z.string(), reason: z.string(), replacementRef: z.string().nullable() })),
});
export type DrawRecordView = z.infer<typeof drawRecordSchema>;

/** What a draw needs besides the loaded caseload: shared by previewing and committing, so both draw alike. */
export const drawInputSchema = z
  .object({
    inspectionId: z.string().uuid('not a valid id'),
    caseloadId: z.string().uuid('not a valid id'),
    sample: z.string().regex(/^[a-z-]+$/),
    settings: sampleSettingsSchema,
    eliminations: z.array(eliminationSchema).max(1000),
    inspectors: z.array(z.string().trim().max(200)).max(100),
  })
  .strict();

/** Eliminating a case after its sample was saved: the caseload file is chosen again so the replacement comes from the same draw. */
export const eliminateSavedInputSchema = z
  .object({
    inspectionId: z.string().uuid('not a valid id'),
    drawId: z.string().uuid('not a valid id'),
    caseloadId: z.string().uuid('not a valid id'),
    ref: z.string().trim().min(1, 'choose a case').max(64),
    reason,
  })
  .strict();

export const eliminateSavedResultSchema = z.object({ ref: z.string(), replacementRef: z.string().nullable(), draw: drawRecordSchema });
