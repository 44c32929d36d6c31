import { ANSWER_LABELS, ANSWERS, type Answer } from '../../../core/domain/ratings';
import { CASE_STATUSES } from '../../../core/domain/case-status';
import { COMMENT_STATES, COMMENT_STATE_LABELS, type CommentState } from '../../../core/qa/comments';
import { QA_STATUSES, QA_STATUS_LABELS, type QaStatus } from '../../../core/qa/status';
import { parseField } from '../../../core/team/case-fields';
import { STATUS_LABEL } from '../cases/cases-tab';

/** What a merged field is, for showing and editing it (core/team/case-fields.ts names the fields). */
export type FieldKind = 'answer' | 'note' | 'status' | 'qaStatus' | 'commentText' | 'reply' | 'commentState' | 'second';

export function fieldKind(field: string): FieldKind {
  const f = parseField(field);
  if (!f) return 'note';
  if (f.kind === 'comment') return f.part === 'text' ? 'commentText' : f.part === 'reply' ? 'reply' : 'commentState';
  return f.kind;
}

/** `answers.2.1.1` → "2.1.1 answer", `qa.status` → "QA status", `qa.comments.<id>.state` → "QA comment: state". */
export function fieldLabel(field: string): string {
  const f = parseField(field);
  if (!f) return field;
  switch (f.kind) {
    case 'status':
      return 'Case status';
    case 'qaStatus':
      return 'QA status';
    case 'answer':
      return `${f.questionId} answer`;
    case 'note':
      return `${f.questionId} evidence note`;
    case 'second':
      return `${f.questionId} second marking`;
    case 'comment':
      return f.part === 'text' ? 'QA comment' : f.part === 'reply' ? 'QA comment: reply' : 'QA comment: state';
  }
}

/** A field's value in words: answers and statuses by their labels, empty as "(none)" (a QA status as Draft). */
export function valueLabel(field: string, value: string | null): string {
  const kind = fieldKind(field);
  if (value === null || value === '') return kind === 'answer' || kind === 'second' ? '(unanswered)' : kind === 'qaStatus' ? QA_STATUS_LABELS.draft : '(none)';
  if (kind === 'answer' || kind === 'second') return ANSWER_LABELS[value as Answer] ?? value;
  if (kind === 'status') return STATUS_LABEL[value as keyof typeof STATUS_LABEL] ?? value;
  if (kind === 'qaStatus') return QA_STATUS_LABELS[value as QaStatus] ?? value;
  if (kind === 'commentState') return COMMENT_STATE_LABELS[value as CommentState] ?? value;
  return value;
}

/** The values a lead may choose from when entering a third value, or null for free text. */
export function fieldChoices(field: string): (readonly [string, string])[] | null {
  switch (fieldKind(field)) {
    case 'answer':
    case 'second':
      return ANSWERS.map((a) => [a, ANSWER_LABELS[a]] as const);
    case 'status':
      return CASE_STATUSES.map((s) => [s, STATUS_LABEL[s]] as const);
    case 'qaStatus':
      return QA_STATUSES.filter((s) => s !== 'draft').map((s) => [s, QA_STATUS_LABELS[s]] as const);
    case 'commentState':
      return COMMENT_STATES.map((s) => [s, COMMENT_STATE_LABELS[s]] as const);
    default:
      return null;
  }
}
