import { z } from 'zod';
import { ANSWERS, RATINGS } from './ratings';

/**
 * Every enumeration of the store, defined once. SQL CHECK constraints (through `sqlIn`), the zod
 * schemas of the IPC contract and the inspection file's JSON Schema are all built from these lists,
 * so a value added here is accepted everywhere at once.
 */
export const PROVIDER_TYPES = ['CRC', 'NPS division', 'PDU'] as const;
export const providerTypeSchema = z.enum(PROVIDER_TYPES);
export const INSPECTION_STATUSES = ['draft', 'final'] as const;
export const inspectionStatusSchema = z.enum(INSPECTION_STATUSES);
export const INSPECTION_KINDS = ['scored', 'ratings-only'] as const;
export const RECOMMENDATION_PROGRESS = ['met', 'partly met', 'not met'] as const;
export const recommendationProgressSchema = z.enum(RECOMMENDATION_PROGRESS);

/** What the change log records changes to: one name per kind of row. */
export const ENTITIES = [
  'provider',
  'inspection',
  'team-member',
  'work-package',
  'merge-conflict',
  'case',
  'answer',
  'judgement',
  'judgement-note',
  'override',
  'report-text',
  'recommendation',
  'recommendation-progress',
  'recorded-rating',
  'recorded-key-question',
  'import',
  'report-section',
  'report-fact',
  'qa-comment',
  'second-answer',
  'dip-sample',
] as const;
export type Entity = (typeof ENTITIES)[number];
export const entitySchema = z.enum(ENTITIES);

/** How the audit trail groups changes for people (a view over the change log). */
export const AUDIT_KINDS = [
  'answer',
  'note',
  'judgement',
  'judgement-note',
  'override',
  'completion',
  'case',
  'inspection',
  'report-text',
  'recommendation',
  'recommendation-progress',
  'provider',
  'recorded-rating',
  'import',
  'qa',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];
export const auditKindSchema = z.enum(AUDIT_KINDS);

/** `'a', 'b'` for a CHECK (x IN (...)) built from one of the lists above. */
export function sqlIn(values: readonly string[]): string {
  return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
}

export { ANSWERS, RATINGS };
