import { ANSWER_LABELS, type Answer } from '../../../core/domain/ratings';
import { STATUS_LABEL } from '../cases/cases-tab';

/** `answers.2.1.1` → "2.1.1 answer", `notes.2.1.1` → "2.1.1 evidence note", `status` → "Case status". */
export function fieldLabel(field: string): string {
  if (field === 'status') return 'Case status';
  const [group, ...rest] = field.split('.');
  return `${rest.join('.')} ${group === 'notes' ? 'evidence note' : 'answer'}`;
}

export function fieldKind(field: string): 'answer' | 'note' | 'status' {
  return field === 'status' ? 'status' : field.startsWith('notes.') ? 'note' : 'answer';
}

/** A field's value in words: answers and statuses by their labels, empty as "(none)". */
export function valueLabel(field: string, value: string | null): string {
  if (value === null || value === '') return fieldKind(field) === 'answer' ? '(unanswered)' : '(none)';
  if (fieldKind(field) === 'answer') return ANSWER_LABELS[value as Answer] ?? value;
  if (fieldKind(field) === 'status') return STATUS_LABEL[value as keyof typeof STATUS_LABEL] ?? value;
  return value;
}
