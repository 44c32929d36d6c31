import { QA_STATUS_LABELS, type QaStatus } from '../../../core/qa/status';

const DAY = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** dd/mm/yyyy hh:mm, whatever the system locale. */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${DAY.format(d)} ${TIME.format(d)}`;
}

export function qaStatusLabel(s: QaStatus): string {
  return QA_STATUS_LABELS[s];
}

export const QA_STATUS_COLOUR: Record<QaStatus, 'default' | 'primary' | 'secondary' | 'warning' | 'success'> = {
  draft: 'default',
  'ready-for-qa': 'primary',
  returned: 'warning',
  'qa-complete': 'success',
  final: 'secondary',
};

export function commentTarget(questionId: string | null): string {
  if (questionId === null) return 'Whole case';
  return questionId.split('.').length === 4 ? `Prompt ${questionId}` : `Key question ${questionId}`;
}

export function percent(x: number | null): string {
  return x === null ? '—' : `${(x * 100).toFixed(0)}%`;
}

export function kappaText(k: number | null): string {
  return k === null ? 'undefined' : k.toFixed(2);
}
