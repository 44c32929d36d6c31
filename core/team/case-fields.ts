import { z } from 'zod';
import { QUESTION_ID, answerSchema, type Answer } from '../domain/ratings';
import { CASE_STATUSES } from '../domain/case-status';
import { COMMENT_STATES } from '../qa/comments';
import { QA_STATUSES } from '../qa/status';

/**
 * The fields of a case that team fieldwork merges, each on its own:
 * - every key-question and prompt answer (`answers.<question id>`) and evidence note (`notes.<question id>`);
 * - the case's completion (`status`);
 * - its QA status (`qa.status`; no value is Draft);
 * - each QA comment, by its id: its text (`qa.comments.<id>`: a comment exists while it has text),
 *   the inspector's reply (`qa.comments.<id>.reply`) and its state (`qa.comments.<id>.state`);
 * - each answer of a blind second marking (`secondMarking.<question id>`).
 * Attributes, the CRN and the name are the lead's and never come back in a return.
 */
export type FieldKey =
  | 'status'
  | 'qa.status'
  | `answers.${string}`
  | `notes.${string}`
  | `qa.comments.${string}`
  | `secondMarking.${string}`;
/** A field's value; `null` when it has none (unanswered, no note, no status recorded, a Draft). */
export type FieldValue = string | null;

/** A comment id that can be part of a field key: what the store and files use (UUIDs), no dots. */
export const COMMENT_ID = /^[A-Za-z0-9_-]{1,100}$/;
const QID = z.string().regex(QUESTION_ID, 'question ids look like 2.1.3 or 2.1.3.a');

/** A QA comment's mergeable parts, and who wrote it on what (fixed when it is made, so not merged). */
export const caseCommentSchema = z
  .object({
    questionId: QID.nullable().optional(),
    author: z.string().max(200).optional(),
    text: z.string().max(5000).optional(),
    reply: z.string().max(5000).optional(),
    state: z.enum(COMMENT_STATES).optional(),
  })
  .strict();
export type CaseComment = z.infer<typeof caseCommentSchema>;

export const caseStateSchema = z
  .object({
    answers: z.record(QID, answerSchema),
    notes: z.record(QID, z.string().max(20000)).optional(),
    status: z.enum(CASE_STATUSES).optional(),
    /** Absent for a Draft. */
    qaStatus: z.enum(QA_STATUSES).exclude(['draft']).optional(),
    comments: z.record(z.string().regex(COMMENT_ID, 'comment ids are letters, digits, - and _'), caseCommentSchema).optional(),
    /** The blind second marking's answers, and who gave them. */
    secondMarking: z.record(QID, answerSchema).optional(),
    secondMarkedBy: z.string().max(200).optional(),
  })
  .strict();

/** The mergeable state of one case, as files carry it. */
export type CaseState = z.infer<typeof caseStateSchema>;

/** Case ref → its mergeable state. */
export type Snapshot = Record<string, CaseState>;

/** A QA comment as a file case carries it (core/qa/comments.ts fileCommentSchema), as far as the merge reads it. */
interface FileCommentLike {
  id?: string | undefined;
  questionId: string | null;
  author: string;
  text: string;
  reply?: string | undefined;
  state: (typeof COMMENT_STATES)[number];
}

/** A file case, as far as its mergeable state goes. */
export interface FileCaseLike {
  answers: Record<string, Answer>;
  notes?: Record<string, string> | undefined;
  status?: (typeof CASE_STATUSES)[number] | undefined;
  qaStatus?: (typeof QA_STATUSES)[number] | undefined;
  comments?: readonly FileCommentLike[] | undefined;
  secondMarking?: { by: string; answers: Record<string, Answer> } | undefined;
}

/**
 * A file case's mergeable state. Of its status only completion is merged: "not started" and "in
 * progress" follow from the answers (core's one status function), so they are no one's decision.
 * Comments without an id (a file written by hand) cannot be matched across laptops and are left out.
 */
export function caseState(c: FileCaseLike): CaseState {
  const comments = (c.comments ?? []).filter((m) => m.id !== undefined && COMMENT_ID.test(m.id));
  return {
    answers: { ...c.answers },
    notes: { ...(c.notes ?? {}) },
    ...(c.status === 'complete' ? { status: c.status } : {}),
    ...(c.qaStatus && c.qaStatus !== 'draft' ? { qaStatus: c.qaStatus } : {}),
    ...(comments.length
      ? { comments: Object.fromEntries(comments.map((m) => [m.id!, { questionId: m.questionId, author: m.author, text: m.text, ...(m.reply ? { reply: m.reply } : {}), state: m.state }])) }
      : {}),
    ...(c.secondMarking && Object.keys(c.secondMarking.answers).length ? { secondMarking: { ...c.secondMarking.answers }, secondMarkedBy: c.secondMarking.by } : {}),
  };
}

/** A field key taken apart: which part of the case it is, and the question or comment it names. */
export type ParsedField =
  | { kind: 'status' }
  | { kind: 'qaStatus' }
  | { kind: 'answer' | 'note' | 'second'; questionId: string }
  | { kind: 'comment'; commentId: string; part: 'text' | 'reply' | 'state' };

export function parseField(field: string): ParsedField | null {
  if (field === 'status') return { kind: 'status' };
  if (field === 'qa.status') return { kind: 'qaStatus' };
  if (field.startsWith('qa.comments.')) {
    const rest = field.slice('qa.comments.'.length);
    const dot = rest.indexOf('.');
    const commentId = dot < 0 ? rest : rest.slice(0, dot);
    const part = dot < 0 ? 'text' : rest.slice(dot + 1);
    if (!COMMENT_ID.test(commentId) || (part !== 'text' && part !== 'reply' && part !== 'state') || (dot >= 0 && part === 'text')) return null;
    return { kind: 'comment', commentId, part };
  }
  const dot = field.indexOf('.');
  if (dot < 0) return null;
  const group = field.slice(0, dot);
  const questionId = field.slice(dot + 1);
  if (!QUESTION_ID.test(questionId)) return null;
  if (group === 'answers') return { kind: 'answer', questionId };
  if (group === 'notes') return { kind: 'note', questionId };
  if (group === 'secondMarking') return { kind: 'second', questionId };
  return null;
}

const commentField = (id: string, part: 'text' | 'reply' | 'state'): FieldKey => (part === 'text' ? `qa.comments.${id}` : `qa.comments.${id}.${part}`);

/** Every field that has a value, flattened: `answers.2.1.1` → `yes`. An empty note or reply counts as none. */
export function fieldsOf(c: CaseState | undefined): Map<FieldKey, string> {
  const out = new Map<FieldKey, string>();
  if (!c) return out;
  for (const [q, v] of Object.entries(c.answers)) out.set(`answers.${q}`, v);
  for (const [q, v] of Object.entries(c.notes ?? {})) if (v !== '') out.set(`notes.${q}`, v);
  if (c.status) out.set('status', c.status);
  if (c.qaStatus) out.set('qa.status', c.qaStatus);
  for (const [id, m] of Object.entries(c.comments ?? {})) {
    if (m.text) out.set(commentField(id, 'text'), m.text);
    if (m.reply) out.set(commentField(id, 'reply'), m.reply);
    if (m.state) out.set(commentField(id, 'state'), m.state);
  }
  for (const [q, v] of Object.entries(c.secondMarking ?? {})) out.set(`secondMarking.${q}`, v);
  return out;
}

const orNull = (v: string | undefined | null): FieldValue => (v === undefined || v === null || v === '' ? null : v);

export function fieldValue(c: CaseState | undefined, field: FieldKey): FieldValue {
  if (!c) return null;
  const f = parseField(field);
  if (!f) return null;
  switch (f.kind) {
    case 'status':
      return c.status ?? null;
    case 'qaStatus':
      return c.qaStatus ?? null;
    case 'answer':
      return orNull(c.answers[f.questionId]);
    case 'note':
      return orNull(c.notes?.[f.questionId]);
    case 'second':
      return orNull(c.secondMarking?.[f.questionId]);
    case 'comment':
      return orNull(c.comments?.[f.commentId]?.[f.part]);
  }
}

/** A copy deep enough to change fields in place. */
export function copyCase(c: CaseState): CaseState {
  return {
    ...c,
    answers: { ...c.answers },
    notes: { ...(c.notes ?? {}) },
    ...(c.comments ? { comments: Object.fromEntries(Object.entries(c.comments).map(([id, m]) => [id, { ...m }])) } : {}),
    ...(c.secondMarking ? { secondMarking: { ...c.secondMarking } } : {}),
  };
}

/** A copy of `c` with one field set (or cleared with `null`). */
export function withField(c: CaseState, field: FieldKey, value: FieldValue): CaseState {
  const next = copyCase(c);
  setField(next, field, value);
  return next;
}

/** Sets (or clears, with `null`) one field in place; only on a case from `copyCase`. */
export function setField(c: CaseState, field: FieldKey, value: FieldValue): void {
  const f = parseField(field);
  if (!f) return;
  const put = (group: Record<string, string>, k: string) => {
    if (value === null) delete group[k];
    else group[k] = value;
  };
  switch (f.kind) {
    case 'status':
      if (value === null) delete c.status;
      else c.status = value as CaseState['status'];
      return;
    case 'qaStatus':
      if (value === null || value === 'draft') delete c.qaStatus;
      else c.qaStatus = value as CaseState['qaStatus'];
      return;
    case 'answer':
      return put(c.answers, f.questionId);
    case 'note':
      return put((c.notes ??= {}), f.questionId);
    case 'second':
      put((c.secondMarking ??= {}) as Record<string, string>, f.questionId);
      if (Object.keys(c.secondMarking).length === 0) delete c.secondMarking;
      return;
    case 'comment': {
      const comments = (c.comments ??= {});
      const m = { ...(comments[f.commentId] ?? {}) } as Record<string, unknown>;
      if (value === null) delete m[f.part];
      else m[f.part] = value;
      if (m.text === undefined && m.reply === undefined && m.state === undefined) delete comments[f.commentId];
      else comments[f.commentId] = m as CaseComment;
      if (Object.keys(comments).length === 0) delete c.comments;
      return;
    }
  }
}

/**
 * What the merge carries along when it applies a field, without merging it: who wrote a comment on
 * what (fixed when it was made), and who gave a second marking.
 */
export function carryDetails(to: CaseState, from: CaseState, field: FieldKey): void {
  const f = parseField(field);
  if (f?.kind === 'comment') {
    const src = from.comments?.[f.commentId];
    const dst = to.comments?.[f.commentId];
    if (src && dst) {
      if (dst.questionId === undefined && src.questionId !== undefined) dst.questionId = src.questionId;
      if (dst.author === undefined && src.author !== undefined) dst.author = src.author;
    }
  } else if (f?.kind === 'second' && from.secondMarkedBy && to.secondMarking) to.secondMarkedBy = from.secondMarkedBy;
}

export function isFieldKey(s: string): s is FieldKey {
  return parseField(s) !== null;
}

/** Every field either case has a value for, in a stable order (status, answers, notes, comments, QA status, second marking). */
export function fieldUnion(...cases: (CaseState | undefined)[]): FieldKey[] {
  const keys = new Set<FieldKey>();
  for (const c of cases) for (const k of fieldsOf(c).keys()) keys.add(k);
  return [...keys].sort(compareFields);
}

const GROUPS = ['status', 'answers.', 'notes.', 'qa.comments.', 'qa.status', 'secondMarking.'];
const groupOrder = (k: string) => {
  const i = GROUPS.findIndex((g) => (g.endsWith('.') ? k.startsWith(g) : k === g));
  return i < 0 ? GROUPS.length : i;
};
export function compareFields(a: string, b: string): number {
  return groupOrder(a) - groupOrder(b) || (a < b ? -1 : a > b ? 1 : 0);
}
