import { z } from 'zod';
import { QUESTION_ID, answerSchema, type Answer } from '../domain/ratings';
import { CASE_STATUSES } from '../domain/case-status';

/**
 * The fields of a case that team fieldwork merges, each on its own: every key-question and prompt
 * answer (`answers.<question id>`), every evidence note (`notes.<question id>`) and the case's
 * `status`. Attributes, the CRN and the name are the lead's and never come back in a return.
 */
export type FieldKey = 'status' | `answers.${string}` | `notes.${string}`;
/** A field's value; `null` when it has none (unanswered, no note, no status recorded). */
export type FieldValue = string | null;

export const caseStateSchema = z
  .object({
    answers: z.record(z.string().regex(QUESTION_ID, 'question ids look like 2.1.3 or 2.1.3.a'), answerSchema),
    notes: z.record(z.string().regex(QUESTION_ID, 'question ids look like 2.1.3 or 2.1.3.a'), z.string().max(20000)).optional(),
    status: z.enum(CASE_STATUSES).optional(),
  })
  .strict();

/** The mergeable state of one case, as files carry it. */
export type CaseState = z.infer<typeof caseStateSchema>;

/** Case ref → its mergeable state. */
export type Snapshot = Record<string, CaseState>;

/**
 * A file case's mergeable state. Of its status only completion is merged: "not started" and "in
 * progress" follow from the answers (core's one status function), so they are no one's decision.
 */
export function caseState(c: { answers: Record<string, Answer>; notes?: Record<string, string>; status?: (typeof CASE_STATUSES)[number] }): CaseState {
  return { answers: { ...c.answers }, notes: { ...(c.notes ?? {}) }, ...(c.status === 'complete' ? { status: c.status } : {}) };
}

/** Every field that has a value, flattened: `answers.2.1.1` → `yes`. An empty note counts as no note. */
export function fieldsOf(c: CaseState | undefined): Map<FieldKey, string> {
  const out = new Map<FieldKey, string>();
  if (!c) return out;
  for (const [q, v] of Object.entries(c.answers)) out.set(`answers.${q}`, v);
  for (const [q, v] of Object.entries(c.notes ?? {})) if (v !== '') out.set(`notes.${q}`, v);
  if (c.status) out.set('status', c.status);
  return out;
}

export function fieldValue(c: CaseState | undefined, field: FieldKey): FieldValue {
  if (!c) return null;
  if (field === 'status') return c.status ?? null;
  const dot = field.indexOf('.');
  const group = field.slice(0, dot);
  const q = field.slice(dot + 1);
  const v = group === 'answers' ? c.answers[q] : c.notes?.[q];
  return v === undefined || v === '' ? null : v;
}

/** A copy of `c` with one field set (or cleared with `null`). */
export function withField(c: CaseState, field: FieldKey, value: FieldValue): CaseState {
  if (field === 'status') {
    const { status: _old, ...rest } = c;
    return value === null ? rest : { ...rest, status: value as CaseState['status'] };
  }
  const dot = field.indexOf('.');
  const group = field.slice(0, dot) as 'answers' | 'notes';
  const q = field.slice(dot + 1);
  const next = { ...(c[group] ?? {}) } as Record<string, string>;
  if (value === null) delete next[q];
  else next[q] = value;
  return { ...c, [group]: next };
}

/** A copy deep enough to change fields in place. */
export function copyCase(c: CaseState): CaseState {
  return { ...c, answers: { ...c.answers }, notes: { ...(c.notes ?? {}) } };
}

/** Sets (or clears, with `null`) one field in place; only on a case from `copyCase`. */
export function setField(c: CaseState, field: FieldKey, value: FieldValue): void {
  if (field === 'status') {
    if (value === null) delete c.status;
    else c.status = value as CaseState['status'];
    return;
  }
  const dot = field.indexOf('.');
  const group = (field.slice(0, dot) === 'answers' ? c.answers : (c.notes ??= {})) as Record<string, string>;
  const q = field.slice(dot + 1);
  if (value === null) delete group[q];
  else group[q] = value;
}

export function isFieldKey(s: string): s is FieldKey {
  if (s === 'status') return true;
  const m = /^(answers|notes)\.(.+)$/.exec(s);
  return m !== null && QUESTION_ID.test(m[2]!);
}

/** Every field either case has a value for, in a stable order (status first, then answers, then notes). */
export function fieldUnion(...cases: (CaseState | undefined)[]): FieldKey[] {
  const keys = new Set<FieldKey>();
  for (const c of cases) for (const k of fieldsOf(c).keys()) keys.add(k);
  return [...keys].sort(compareFields);
}

const groupOrder = (k: string) => (k === 'status' ? 0 : k.startsWith('answers.') ? 1 : 2);
export function compareFields(a: string, b: string): number {
  return groupOrder(a) - groupOrder(b) || (a < b ? -1 : a > b ? 1 : 0);
}
