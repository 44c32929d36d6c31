import type { Entity } from '../../core';

/**
 * Where each entity of core/changes/entities.ts lives: its table, and the column of each key and
 * field. The write path builds its statements from these, so a new field is one line here (and its
 * column in a migration).
 */
export interface TableOf {
  table: string;
  keys: Record<string, string>;
  fields: Record<string, string>;
  /** Fields stored as JSON text. */
  json?: readonly string[];
  /** Columns stamped with the change's time (and actor's name) on every write to the row. */
  created?: string;
  updated?: string;
  updatedBy?: string;
  /** How to reach the inspection (and case) a row belongs to, for scoping the log and the invariants. */
  scope: 'none' | 'self' | 'inspection' | 'case';
  /** The key that names the row for people (question id, standard id...), shown in the audit trail. */
  item?: string;
  /** Rows that record history (imports): never compared with, or removed by, an import of the inspection. */
  history?: true;
}

export const TABLES: Record<Entity, TableOf> = {
  'team-member': { table: 'team_member', keys: { inspectionId: 'inspection_id' }, fields: { name: 'name', role: 'role' }, scope: 'inspection', item: 'name' },
  'work-package': {
    table: 'work_package',
    keys: { inspectionId: 'inspection_id', direction: 'direction' },
    fields: { inspector: 'inspector', issuedAt: 'issued_at', issuedBy: 'issued_by', base: 'base', takenBack: 'taken_back', lastReturnAt: 'last_return_at', revisions: 'base_revisions' },
    json: ['base', 'takenBack', 'revisions'],
    scope: 'inspection',
    item: 'inspector',
  },
  'merge-conflict': {
    table: 'merge_conflict',
    keys: { inspectionId: 'inspection_id', packageId: 'package_id', caseId: 'case_id', field: 'field' },
    fields: { base: 'base', incoming: 'incoming', changedBy: 'changed_by', changedAt: 'changed_at', resolution: 'resolution' },
    scope: 'inspection',
    item: 'field',
  },
  provider: { table: 'provider', keys: {}, fields: { name: 'name', type: 'type', owner: 'owner', region: 'region' }, created: 'created_at', scope: 'none', item: 'name' },
  inspection: {
    table: 'inspection',
    keys: { frameworkId: 'framework_id', frameworkRevision: 'framework_revision', kind: 'kind' },
    fields: {
      providerId: 'provider_id',
      fieldworkStart: 'fieldwork_start',
      fieldworkEnd: 'fieldwork_end',
      caseloadSize: 'caseload_size',
      status: 'status',
      recordedOverall: 'recorded_overall',
      recordedScore: 'recorded_score',
    },
    created: 'created_at',
    updated: 'updated_at',
    scope: 'self',
  },
  case: {
    table: 'case_file',
    keys: { inspectionId: 'inspection_id', ref: 'ref' },
    fields: {
      crn: 'crn',
      name: 'name',
      sample: 'sample',
      attributes: 'attributes',
      assignedInspector: 'assigned_inspector',
      completedAt: 'completed_at',
      reopenReason: 'reopen_reason',
      qaStatus: 'qa_status',
    },
    json: ['attributes'],
    created: 'created_at',
    scope: 'inspection',
    item: 'ref',
  },
  answer: {
    table: 'answer',
    keys: { caseId: 'case_id', questionId: 'question_id' },
    fields: { value: 'value', note: 'note' },
    updated: 'updated_at',
    updatedBy: 'updated_by',
    scope: 'case',
    item: 'questionId',
  },
  judgement: {
    table: 'judgement',
    keys: { inspectionId: 'inspection_id', standardId: 'standard_id' },
    fields: { rating: 'rating', rationale: 'rationale' },
    updated: 'updated_at',
    scope: 'inspection',
    item: 'standardId',
  },
  'judgement-note': {
    table: 'judgement_note',
    keys: { inspectionId: 'inspection_id', keyQuestionId: 'key_question_id' },
    fields: { text: 'text' },
    updated: 'updated_at',
    scope: 'inspection',
    item: 'keyQuestionId',
  },
  override: {
    table: 'rating_override',
    keys: { inspectionId: 'inspection_id', standardId: 'standard_id' },
    fields: { rating: 'rating', reason: 'reason' },
    updated: 'updated_at',
    scope: 'inspection',
    item: 'standardId',
  },
  'report-text': {
    table: 'standard_text',
    keys: { inspectionId: 'inspection_id', standardId: 'standard_id' },
    fields: { strengths: 'strengths', improvements: 'improvements', narrative: 'narrative', practiceExamples: 'practice_examples' },
    updated: 'updated_at',
    scope: 'inspection',
    item: 'standardId',
  },
  recommendation: { table: 'recommendation', keys: { inspectionId: 'inspection_id' }, fields: { position: 'position', text: 'text', addressee: 'addressee' }, scope: 'inspection' },
  'recommendation-progress': {
    table: 'recommendation_progress',
    keys: { inspectionId: 'inspection_id', recommendationId: 'recommendation_id' },
    fields: { position: 'position', text: 'text', progress: 'progress', note: 'note' },
    scope: 'inspection',
  },
  'recorded-rating': { table: 'recorded_rating', keys: { inspectionId: 'inspection_id', standardId: 'standard_id' }, fields: { rating: 'rating' }, scope: 'inspection', item: 'standardId' },
  'recorded-key-question': {
    table: 'recorded_key_question',
    keys: { inspectionId: 'inspection_id', keyQuestionId: 'key_question_id' },
    fields: { percent: 'percent', base: 'base' },
    scope: 'inspection',
    item: 'keyQuestionId',
  },
  import: {
    table: 'import_event',
    keys: { inspectionId: 'inspection_id' },
    fields: { fileName: 'file_name', fileSha256: 'file_sha256', formatVersion: 'format_version', mode: 'mode', fromFile: 'from_file', toMatch: 'to_match', backup: 'backup' },
    created: 'at',
    scope: 'inspection',
    item: 'fileName',
    history: true,
  },
  'report-section': {
    table: 'report_section',
    keys: { inspectionId: 'inspection_id', section: 'section' },
    fields: { text: 'text' },
    updated: 'updated_at',
    updatedBy: 'updated_by',
    scope: 'inspection',
    item: 'section',
  },
  'report-fact': {
    table: 'report_fact',
    keys: { inspectionId: 'inspection_id', fact: 'fact' },
    fields: { value: 'value' },
    updated: 'updated_at',
    updatedBy: 'updated_by',
    scope: 'inspection',
    item: 'fact',
  },
  'qa-comment': {
    table: 'qa_comment',
    keys: { caseId: 'case_id', questionId: 'question_id', author: 'author' },
    fields: { text: 'text', reply: 'reply', repliedBy: 'replied_by', state: 'state', resolvedBy: 'resolved_by' },
    created: 'created_at',
    updated: 'updated_at',
    scope: 'case',
    item: 'questionId',
  },
  'second-answer': {
    table: 'second_answer',
    keys: { caseId: 'case_id', questionId: 'question_id' },
    fields: { value: 'value', markedBy: 'marked_by' },
    updated: 'updated_at',
    scope: 'case',
    item: 'questionId',
  },
  'dip-sample': {
    table: 'dip_sample',
    keys: { inspectionId: 'inspection_id' },
    fields: { seed: 'seed', rule: 'rule', picks: 'picks', drawnBy: 'drawn_by' },
    json: ['rule', 'picks'],
    created: 'created_at',
    scope: 'inspection',
  },
};
