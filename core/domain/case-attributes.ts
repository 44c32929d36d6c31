import { z } from 'zod';

/**
 * The attributes recorded about a sampled case. Applicability rules and subgroup
 * breakdowns refer to these keys, so frameworks and reports share one vocabulary.
 */
export const GENDERS = ['male', 'female', 'non-binary', 'not recorded'] as const;
export const SENTENCE_TYPES = ['community order', 'suspended sentence', 'licence', 'post-sentence supervision'] as const;
export const ROSH_LEVELS = ['low', 'medium', 'high', 'very high'] as const;

export const caseAttributesSchema = z
  .object({
    gender: z.enum(GENDERS).optional(),
    ethnicity: z.string().max(100).optional(),
    ageBand: z.string().max(40).optional(),
    sentenceType: z.enum(SENTENCE_TYPES).optional(),
    roshLevel: z.enum(ROSH_LEVELS).optional(),
    office: z.string().max(200).optional(),
    domesticAbuse: z.boolean().optional(),
    childSafeguarding: z.boolean().optional(),
    releasedFromCustody: z.boolean().optional(),
    reviewDue: z.boolean().optional(),
    identifiableVictim: z.boolean().optional(),
  })
  .strict();
export type CaseAttributes = z.infer<typeof caseAttributesSchema>;
export type CaseAttributeKey = keyof CaseAttributes;

export const CASE_ATTRIBUTE_KEYS = Object.keys(caseAttributesSchema.shape) as CaseAttributeKey[];

export interface AttributeInfo {
  key: CaseAttributeKey;
  label: string;
  /** How a report names the subgroup where the attribute is true. */
  subgroupPhrase?: string;
}

export const CASE_ATTRIBUTES: readonly AttributeInfo[] = [
  { key: 'gender', label: 'Gender' },
  { key: 'ethnicity', label: 'Ethnicity' },
  { key: 'ageBand', label: 'Age band' },
  { key: 'sentenceType', label: 'Sentence type' },
  { key: 'roshLevel', label: 'Risk of serious harm level' },
  { key: 'office', label: 'Office or cluster' },
  { key: 'domesticAbuse', label: 'Domestic abuse concern', subgroupPhrase: 'there were domestic abuse concerns' },
  { key: 'childSafeguarding', label: 'Child safeguarding concern', subgroupPhrase: 'there were child safeguarding concerns' },
  { key: 'releasedFromCustody', label: 'Released from custody', subgroupPhrase: 'the person had been released from custody' },
  { key: 'reviewDue', label: 'Review due', subgroupPhrase: 'a review was due' },
  { key: 'identifiableVictim', label: 'Identifiable victim', subgroupPhrase: 'there was an identifiable victim' },
];

export function attributeLabel(key: CaseAttributeKey): string {
  return CASE_ATTRIBUTES.find((a) => a.key === key)?.label ?? key;
}
