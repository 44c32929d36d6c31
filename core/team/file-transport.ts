import type { Json } from '../changes/change';
import { CREATE, DELETE } from '../changes/entities';
import { HybridClock, nodeFromInstallation } from '../changes/hlc';
import type { InspectionFile } from '../format/inspection-file';
import { DEFAULT_SAMPLE } from '../frameworks/load';
import { COMMENT_ID, type CaseState, type FieldKey, type Snapshot, caseState, isFieldKey, parseField } from './case-fields';
import type { Incoming, Provenance } from './change-set';
import { type ConflictRecord, type PackageRecord, packageRecordSchema } from './file-sections';
import { type AppliedChange, type MergeResult, type Refusal, mergeReturns } from './merge';
import { qaGuard, rolesFromList } from './qa-guard';

/**
 * Today's transport: work packages and returns as inspection files with a `package` section. Cuts
 * a package from the lead's file, reads a return into the change-set model, and writes a merge
 * back into the lead's file. The app's store and the command line both go through here.
 */

type AuditEntry = NonNullable<InspectionFile['audit']>[number];

/** Files are JSON, so a JSON round trip is a faithful deep copy. */
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Assigned-inspector names match whatever their case or surrounding spaces. */
export const sameInspector = (a: string | undefined, b: string) => (a ?? '').trim().toLocaleLowerCase('en-GB') === b.trim().toLocaleLowerCase('en-GB');

export type PackageCut = { ok: true; file: InspectionFile; refs: string[] } | { ok: false; message: string };

/**
 * The work package for one inspector: the inspection's frame and only that inspector's cases, with
 * their attributes, answers, notes and audit trail. No other person's cases, and none of the lead's
 * judgements, report text or recommendations, leave the lead's laptop.
 */
export function cutPackage(lead: InspectionFile, inspector: string, issue: { id: string; issuedAt: string; issuedBy?: string }): PackageCut {
  if (!lead.id) return { ok: false, message: 'the inspection file has no id; export it from Fieldwork (or add a UUID "id") before issuing packages' };
  if (lead.ratingsOnly) return { ok: false, message: 'a past inspection recorded from its published report has no cases to hand out' };
  const cases = lead.cases.filter((c) => sameInspector(c.assignedInspector, inspector));
  if (cases.length === 0) {
    const names = [...new Set(lead.cases.map((c) => c.assignedInspector?.trim()).filter((n): n is string => !!n))].sort();
    return {
      ok: false,
      message: `no cases are assigned to "${inspector}"; ${names.length ? `cases are assigned to ${names.map((n) => `"${n}"`).join(', ')}` : 'no case has an assigned inspector yet'}`,
    };
  }
  const refs = new Set(cases.map((c) => c.ref));
  const audit = (lead.audit ?? []).filter((a) => a.caseRef !== null && refs.has(a.caseRef));
  const file: InspectionFile = {
    ...(lead.format ? { format: lead.format } : {}),
    formatVersion: lead.formatVersion,
    id: lead.id,
    framework: lead.framework,
    ...(lead.frameworkRevision ? { frameworkRevision: lead.frameworkRevision } : {}),
    ...(lead.provider ? { provider: lead.provider } : {}),
    ...(lead.inspection ? { inspection: lead.inspection } : {}),
    // A second marking is blind: the first marker's package never carries it.
    cases: cases.map(({ secondMarking: _blind, ...c }) => clone(c)),
    judgements: {},
    ...(audit.length ? { audit } : {}),
    package: {
      id: issue.id,
      kind: 'package',
      inspectionId: lead.id,
      inspector: cases[0]!.assignedInspector!.trim(),
      issuedAt: issue.issuedAt,
      ...(issue.issuedBy ? { issuedBy: issue.issuedBy } : {}),
      // The base is what was sent: a blind second marking stays behind, so it is not in the base either.
      base: Object.fromEntries(cases.map(({ secondMarking: _blind, ...c }) => [c.ref, caseState(c)])),
    },
  };
  return { ok: true, file, refs: [...refs] };
}

/** The package's record for the lead: what was issued, to whom, with what base. */
export function packageRecordOf(pkg: NonNullable<InspectionFile['package']>): PackageRecord {
  return { id: pkg.id, inspector: pkg.inspector, issuedAt: pkg.issuedAt, ...(pkg.issuedBy ? { issuedBy: pkg.issuedBy } : {}), base: clone(pkg.base) };
}

/**
 * The lead's file with a package it issued recorded in its team section (`fieldwork package` writes
 * it back): the record a merge takes the package's inspector and base from, as the app's store does.
 */
export function recordPackage(lead: InspectionFile, pkg: NonNullable<InspectionFile['package']>): InspectionFile {
  const packages = [...(lead.team?.packages ?? []).filter((p) => p.id !== pkg.id), packageRecordOf(pkg)];
  return { ...lead, team: { ...(lead.team ?? {}), packages } };
}

/**
 * The packages a lead's file records as issued: its team section's, and those a version 2 file's
 * change log issued (the app records each package it issues as a change), each as the log left it.
 */
export function recordedPackages(lead: InspectionFile): PackageRecord[] {
  const out = new Map((lead.team?.packages ?? []).map((p) => [p.id, p]));
  const rows = new Map<string, Record<string, unknown>>();
  const logged = (lead.changes ?? []).filter((c) => c.entity === 'work-package').sort((a, b) => (a.clock < b.clock ? -1 : a.clock > b.clock ? 1 : 0));
  for (const c of logged) {
    if (c.field === CREATE) {
      if (c.value && typeof c.value === 'object' && !Array.isArray(c.value)) rows.set(c.id, { ...c.value });
    } else if (c.field === DELETE) rows.delete(c.id);
    else {
      const row = rows.get(c.id);
      if (row) row[c.field] = c.value;
    }
  }
  for (const [id, row] of rows) {
    if (out.has(id) || row.direction !== 'issued' || row.inspectionId !== lead.id) continue;
    const takenBack = Array.isArray(row.takenBack) && row.takenBack.length > 0 ? { takenBack: row.takenBack } : {};
    const record = packageRecordSchema.safeParse({
      id,
      inspector: row.inspector,
      issuedAt: row.issuedAt,
      ...(row.issuedBy ? { issuedBy: row.issuedBy } : {}),
      base: row.base,
      ...(row.revisions && typeof row.revisions === 'object' && Object.keys(row.revisions).length > 0 ? { revisions: row.revisions } : {}),
      ...takenBack,
      ...(typeof row.lastReturnAt === 'string' ? { lastReturnAt: row.lastReturnAt } : {}),
    });
    // A row the log cannot make a record of is no record: its returns are refused, never trusted.
    if (record.success) out.set(id, record.data);
  }
  return [...out.values()];
}

/** An ISO date or date-time as dd/mm/yyyy (the inspectorate's house style), for messages. */
export const dayMonthYear = (iso: string) => (/^\d{4}-\d{2}-\d{2}/.test(iso) ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso);

/** Which field an audit entry is about. */
function auditField(a: AuditEntry): FieldKey | null {
  if (a.what === 'answer') return `answers.${a.item}`;
  if (a.what === 'note') return `notes.${a.item}`;
  if (a.what === 'completion') return 'status';
  // QA fields are written to a version 1 audit trail with the field as their item (writeMerge below).
  if (a.what === 'qa' && isFieldKey(a.item)) return a.item;
  return null;
}

/** Who last changed each field after the package was issued, from the return's own audit trail. */
export function provenanceFromAudit(audit: readonly AuditEntry[], since: string): Provenance {
  const latest = new Map<string, { by: string; at: string }>();
  for (const a of audit) {
    const field = auditField(a);
    if (!field || a.caseRef === null || !a.changedBy.trim() || a.changedAt < since) continue;
    const key = `${a.caseRef}\u0000${field}`;
    const seen = latest.get(key);
    if (!seen || a.changedAt >= seen.at) latest.set(key, { by: a.changedBy, at: a.changedAt });
  }
  return (ref, field) => latest.get(`${ref}\u0000${field}`);
}

/** A change-log entry as a version 2 inspection file carries it, as far as provenance needs. */
export interface LoggedFileChange {
  entity: string;
  id?: string;
  field: string;
  value?: unknown;
  caseId?: string | null;
  item?: string | null;
  actor: { name: string };
  at: string;
}

/** The fields of a case one change-log entry set: an answer row's creation sets its value and its note. */
function loggedFields(c: LoggedFileChange & { id?: string }): FieldKey[] {
  if (c.entity === 'case') return c.field === 'completedAt' ? ['status'] : c.field === 'qaStatus' ? ['qa.status'] : [];
  if (c.entity === 'qa-comment' && c.id && COMMENT_ID.test(c.id)) {
    const parts = { text: `qa.comments.${c.id}`, reply: `qa.comments.${c.id}.reply`, state: `qa.comments.${c.id}.state` } as const;
    if (c.field === '$create') return Object.values(parts);
    return c.field in parts ? [parts[c.field as keyof typeof parts]] : [];
  }
  if (c.entity === 'second-answer' && c.item) return c.field === '$create' || c.field === 'value' ? [`secondMarking.${c.item}`] : [];
  if (c.entity !== 'answer' || !c.item) return [];
  if (c.field === 'value') return [`answers.${c.item}`];
  if (c.field === 'note') return [`notes.${c.item}`];
  if (c.field === '$create') {
    const row = (c.value ?? {}) as { value?: unknown; note?: unknown };
    return [...(row.value !== null && row.value !== undefined ? [`answers.${c.item}` as const] : []), ...(typeof row.note === 'string' && row.note !== '' ? [`notes.${c.item}` as const] : [])];
  }
  return [];
}

/** Who last changed each field after the package was issued, from a version 2 return's change log. */
export function provenanceFromChanges(changes: readonly LoggedFileChange[], refOfCase: ReadonlyMap<string, string>, since: string): Provenance {
  const latest = new Map<string, { by: string; at: string }>();
  for (const c of changes) {
    const ref = c.caseId ? refOfCase.get(c.caseId) : undefined;
    if (!ref || !c.actor.name.trim() || c.at < since) continue;
    for (const field of loggedFields(c)) {
      const key = `${ref}\u0000${field}`;
      const seen = latest.get(key);
      if (!seen || c.at >= seen.at) latest.set(key, { by: c.actor.name, at: c.at });
    }
  }
  return (ref, field) => latest.get(`${ref}\u0000${field}`);
}

/** A file's history, whichever version wrote it: version 1's audit trail or version 2's change log. */
function provenanceOf(file: InspectionFile, since: string): Provenance {
  if (file.changes) return provenanceFromChanges(file.changes, new Map(file.cases.filter((c) => c.id).map((c) => [c.id!, c.ref])), since);
  return provenanceFromAudit(file.audit ?? [], since);
}

export type ReadReturn = { ok: true; incoming: Incoming; section: NonNullable<InspectionFile['package']> } | { ok: false; refusal: Refusal };

/** A return (or a package edited by hand, which merges the same) as the change-set model's `Incoming`. */
export function incomingFromFile(file: InspectionFile, source: string): ReadReturn {
  const pkg = file.package;
  if (!pkg) return { ok: false, refusal: { source, ref: null, reason: 'this is not a work package or a return (it has no package section)' } };
  if (file.id && file.id !== pkg.inspectionId)
    return { ok: false, refusal: { source, ref: null, reason: `its id (${file.id}) and its package's inspection (${pkg.inspectionId}) disagree` } };
  const stamp = pkg.returnedAt ?? pkg.issuedAt;
  return {
    ok: true,
    section: pkg,
    incoming: {
      source,
      inspectionId: pkg.inspectionId,
      packageId: pkg.id,
      author: pkg.inspector,
      stamp,
      cases: Object.fromEntries(file.cases.map((c) => [c.ref, caseState(c)])),
      provenance: provenanceOf(file, pkg.issuedAt),
    },
  };
}

/** The lead's side of a merge, read from the lead's file. */
export function leadSnapshot(file: InspectionFile): Snapshot {
  return Object.fromEntries(file.cases.map((c) => [c.ref, caseState(c)]));
}

const frameworkName = (f: InspectionFile) => `${f.framework}${f.frameworkRevision ? ` (revision ${f.frameworkRevision})` : ''}`;

export interface FileMerge {
  result: MergeResult;
  /** The lead's file with the merge applied, its team section updated and the changes in its audit trail. */
  merged: InspectionFile;
}

/**
 * Merges returns into the lead's file, against the packages the lead's file records (its team
 * section, or a version 2 file's change log): as in the app, a return's own base and inspector are
 * never trusted, and a return whose package the lead's file has no record of is refused.
 */
export function mergeFiles(lead: InspectionFile, returns: readonly { file: InspectionFile; source: string }[], mergedAt: string): FileMerge {
  const refused: Refusal[] = [];
  const incoming: Incoming[] = [];
  const packages = new Map(recordedPackages(lead).map((p) => [p.id, p]));
  for (const r of returns) {
    const read = incomingFromFile(r.file, r.source);
    if (!read.ok) {
      refused.push(read.refusal);
      continue;
    }
    if (r.file.framework !== lead.framework || (r.file.frameworkRevision ?? null) !== (lead.frameworkRevision ?? null)) {
      refused.push({ source: r.source, ref: null, reason: `it is scored under ${frameworkName(r.file)}, the inspection under ${frameworkName(lead)}` });
      continue;
    }
    // A case whose sample differs would bring answers to questions its sample does not have.
    const leadSample = new Map(lead.cases.map((c) => [c.ref, c.sample ?? DEFAULT_SAMPLE]));
    for (const c of r.file.cases) {
      const sample = leadSample.get(c.ref);
      if (sample !== undefined && sample !== (c.sample ?? DEFAULT_SAMPLE)) {
        refused.push({ source: r.source, ref: c.ref, reason: `case ${c.ref} is in the ${sample} sample, not ${c.sample ?? DEFAULT_SAMPLE}` });
        delete read.incoming.cases[c.ref];
      }
    }
    // The base a return carries is the inspector's to edit: only the lead's own record is trusted.
    if (!packages.has(read.section.id) && read.section.inspectionId === lead.id) {
      const pkg = read.section;
      refused.push({
        source: r.source,
        ref: null,
        reason: `package ${pkg.id} (issued to ${pkg.inspector} on ${dayMonthYear(pkg.issuedAt)}) is not recorded in the lead's inspection file, so the base it carries cannot be trusted: issue packages with \`fieldwork package\`, which records each one in the lead's file`,
      });
      continue;
    }
    incoming.push(read.incoming);
  }
  const markers = new Map(lead.cases.map((c) => [c.ref, c.assignedInspector?.trim() ? c.assignedInspector : null]));
  const result = mergeReturns({
    inspectionId: lead.id ?? '',
    current: leadSnapshot(lead),
    packages: [...packages.values()],
    conflicts: lead.team?.conflicts ?? [],
    incoming,
    guard: qaGuard({ roles: rolesFromList(lead.team?.members ?? []), marker: (ref) => markers.get(ref) ?? null }),
  });
  result.refused.unshift(...refused);
  return { result, merged: writeMerge(lead, result, mergedAt) };
}

/**
 * A file case with its merged state written in: answers, notes and completion, the QA status, the
 * comments (updated by id, new ones added after the others, who replied or resolved from the change
 * that did it) and the second marking. Anything the merge does not carry stays as it was.
 */
export function fileCaseWithState(c: FileCase, s: CaseState, applied: readonly AppliedChange[]): FileCase {
  const { status: _s, notes: _n, qaStatus: _q, comments: oldComments, secondMarking: oldSecond, ...rest } = c;
  const by = (field: string) => applied.filter((a) => a.field === field).at(-1)?.by.trim();
  const seen = new Set<string>();
  const comments: NonNullable<FileCase['comments']> = (oldComments ?? []).map((m) => {
    const now = m.id !== undefined ? s.comments?.[m.id] : undefined;
    if (m.id === undefined || !now?.text) return m;
    seen.add(m.id);
    const repliedBy = by(`qa.comments.${m.id}.reply`);
    const resolvedBy = now.state === 'resolved' ? by(`qa.comments.${m.id}.state`) : undefined;
    const { reply: _r, ...keep } = m;
    return { ...keep, text: now.text, ...(now.reply ? { reply: now.reply } : {}), ...(repliedBy ? { repliedBy } : {}), state: now.state ?? m.state, ...(resolvedBy ? { resolvedBy } : {}) };
  });
  for (const [id, m] of Object.entries(s.comments ?? {})) {
    if (seen.has(id) || !m.text) continue;
    const author = m.author ?? by(`qa.comments.${id}`) ?? 'unknown';
    comments.push({ id, questionId: m.questionId ?? null, author, text: m.text, ...(m.reply ? { reply: m.reply } : {}), state: m.state ?? 'open' });
  }
  const second = s.secondMarking && Object.keys(s.secondMarking).length ? { by: s.secondMarkedBy ?? oldSecond?.by ?? 'unknown', answers: { ...s.secondMarking } } : undefined;
  return {
    ...rest,
    ...(s.status ? { status: s.status } : {}),
    answers: { ...s.answers },
    notes: { ...(s.notes ?? {}) },
    ...(s.qaStatus ? { qaStatus: s.qaStatus } : {}),
    ...(comments.length ? { comments } : {}),
    ...(second ? { secondMarking: second } : {}),
  } as FileCase;
}

/** The lead's file after a merge. */
export function writeMerge(lead: InspectionFile, result: MergeResult, mergedAt: string): InspectionFile {
  const changed = new Set(result.changedRefs);
  const appliedTo = new Map<string, AppliedChange[]>();
  for (const a of result.applied) appliedTo.set(a.ref, [...(appliedTo.get(a.ref) ?? []), a]);
  const cases = lead.cases.map((c) => (changed.has(c.ref) ? fileCaseWithState(c, result.current[c.ref]!, appliedTo.get(c.ref) ?? []) : c));
  const audit: AuditEntry[] = result.applied.map((a) => {
    const f = parseField(a.field);
    const kind = f?.kind ?? 'answer';
    const plain = kind === 'answer' || kind === 'note' || kind === 'status';
    return {
      caseRef: a.ref,
      what: kind === 'status' ? 'completion' : kind === 'note' ? 'note' : plain ? 'answer' : 'qa',
      // QA fields keep their field as the item, so the trail says which and provenance can read it back.
      item: kind === 'status' ? a.ref : plain ? a.field.slice(a.field.indexOf('.') + 1) : a.field,
      oldValue: a.from,
      newValue: a.to,
      changedBy: a.by,
      changedAt: a.at ?? mergedAt,
    };
  });
  const conflicts: ConflictRecord[] = result.conflicts.map(({ current: _c, ...c }) => c);
  const { checksum: _checksum, ...rest } = lead;
  // A version 2 file keeps its history as the change log: the merge is appended to it as changes.
  if (lead.formatVersion === 2 && lead.changes)
    return { ...rest, ...changesOfMerge(lead, cases, result, mergedAt), team: { ...(lead.team ?? {}), packages: result.packages, conflicts } };
  return {
    ...rest,
    cases,
    ...(lead.audit || audit.length ? { audit: [...(lead.audit ?? []), ...audit] } : {}),
    team: {
      ...(lead.team ?? {}),
      packages: result.packages,
      conflicts,
    },
  };
}

type FileChange = NonNullable<InspectionFile['changes']>[number];
type FileCase = InspectionFile['cases'][number];

/**
 * A merge into a version 2 file, as typed changes after the file's own (each with the returning
 * inspector as actor, on a clock after every change already in the log), and the cases as those
 * changes leave them: importing the merged file replays its log to exactly its contents.
 */
function changesOfMerge(lead: InspectionFile, merged: FileCase[], result: MergeResult, mergedAt: string, newId: () => string = () => (globalThis as unknown as { crypto: { randomUUID(): string } }).crypto.randomUUID()): { cases: FileCase[]; changes: FileChange[] } {
  const log = lead.changes ?? [];
  const latest = log.reduce<string | undefined>((m, c) => (m === undefined || c.clock > m ? c.clock : m), undefined);
  const wall = Date.parse(mergedAt);
  const clock = new HybridClock(nodeFromInstallation(lead.id ?? '00000000000000000000000000000000'), () => (Number.isNaN(wall) ? 0 : wall), latest);
  // Each answer row by case and question, and the clock that last set each field, from the log.
  const answers = new Map<string, string>();
  const seconds = new Map<string, string>();
  const comments = new Set<string>();
  const revision = new Map<string, string>();
  for (const c of log) {
    if (c.entity === 'answer' && c.field === CREATE && c.value && typeof c.value === 'object' && !Array.isArray(c.value)) answers.set(`${String(c.value.caseId)} ${String(c.value.questionId)}`, c.id);
    if (c.entity === 'answer' && c.field === DELETE) for (const [k, id] of answers) if (id === c.id) answers.delete(k);
    if (c.entity === 'second-answer' && c.field === CREATE && c.value && typeof c.value === 'object' && !Array.isArray(c.value)) seconds.set(`${String(c.value.caseId)} ${String(c.value.questionId)}`, c.id);
    if (c.entity === 'qa-comment' && c.field === CREATE) comments.add(c.id);
    revision.set(`${c.entity} ${c.id} ${c.field}`, c.clock);
  }
  const baseOf = (entity: string, id: string, field: string) => revision.get(`${entity} ${id} ${field}`) ?? revision.get(`${entity} ${id} ${CREATE}`) ?? null;
  const caseIds = new Map(lead.cases.map((c) => [c.ref, c.id]));
  const cases = new Map(merged.map((c) => [c.ref, { ...c }]));
  const out: FileChange[] = [];
  const push = (a: AppliedChange, entity: FileChange['entity'], id: string, field: string, value: Json, previous: Json, caseId: string, item: string) => {
    const c: FileChange = {
      entity,
      id,
      field,
      value,
      previous,
      baseRevision: field === CREATE ? null : baseOf(entity, id, field),
      clock: clock.send(),
      actor: { id: `inspector:${a.by.trim().toLocaleLowerCase('en-GB')}`, name: a.by.trim() },
      at: a.at ?? mergedAt,
      caseId,
      item,
      reason: `merged from ${a.by.trim()}'s return`,
    };
    revision.set(`${entity} ${id} ${field}`, c.clock);
    out.push(c);
  };
  for (const a of result.applied) {
    const caseId = caseIds.get(a.ref);
    const fileCase = cases.get(a.ref);
    if (!caseId || !fileCase) continue;
    if (a.field === 'status') {
      // Complete is a completion time in the store; anything else is no completion time.
      const completedAt = a.to === 'complete' ? (fileCase.completedAt ?? a.at ?? mergedAt) : null;
      if ((fileCase.completedAt ?? null) !== completedAt) push(a, 'case', caseId, 'completedAt', completedAt, fileCase.completedAt ?? null, caseId, a.ref);
      const { completedAt: _c, ...restCase } = fileCase;
      cases.set(a.ref, { ...restCase, ...(completedAt ? { completedAt } : {}) });
      continue;
    }
    const f = parseField(a.field);
    if (f?.kind === 'qaStatus') {
      push(a, 'case', caseId, 'qaStatus', a.to ?? 'draft', a.from ?? 'draft', caseId, a.ref);
      continue;
    }
    if (f?.kind === 'second') {
      const key = `${caseId} ${f.questionId}`;
      const id = seconds.get(key);
      const markedBy = result.current[a.ref]?.secondMarkedBy ?? a.by;
      if (id) {
        push(a, 'second-answer', id, 'value', a.to, a.from, caseId, f.questionId);
        push(a, 'second-answer', id, 'markedBy', markedBy, null, caseId, f.questionId);
      } else {
        const created = newId();
        seconds.set(key, created);
        push(a, 'second-answer', created, CREATE, { caseId, questionId: f.questionId, value: a.to, markedBy }, null, caseId, f.questionId);
      }
      continue;
    }
    if (f?.kind === 'comment') {
      const m = result.current[a.ref]?.comments?.[f.commentId];
      const questionId = m?.questionId ?? null;
      if (!comments.has(f.commentId)) {
        // A new comment: made once, with every part the merge brings (its reply and state join it).
        if (!m?.text) continue;
        comments.add(f.commentId);
        const value = { caseId, questionId, author: m.author ?? a.by, text: m.text, reply: m.reply ?? '', repliedBy: m.reply ? a.by : '', state: m.state ?? 'open', resolvedBy: m.state === 'resolved' ? a.by : '' };
        const at = a.at ?? mergedAt;
        push(a, 'qa-comment', f.commentId, CREATE, value, null, caseId, questionId ?? '');
        // The file says what the store will: the comment as created, stamped when it was made.
        const fc = cases.get(a.ref)!;
        fc.comments = (fc.comments ?? []).map((x) => (x.id === f.commentId ? { ...x, author: value.author, ...(value.repliedBy ? { repliedBy: value.repliedBy } : {}), ...(value.resolvedBy ? { resolvedBy: value.resolvedBy } : {}), createdAt: at } : x));
        continue;
      }
      if (f.part === 'text') push(a, 'qa-comment', f.commentId, 'text', a.to ?? '', a.from ?? '', caseId, questionId ?? '');
      else if (f.part === 'reply') {
        push(a, 'qa-comment', f.commentId, 'reply', a.to ?? '', a.from ?? '', caseId, questionId ?? '');
        push(a, 'qa-comment', f.commentId, 'repliedBy', a.by.trim(), null, caseId, questionId ?? '');
      } else {
        push(a, 'qa-comment', f.commentId, 'state', a.to ?? 'open', a.from ?? 'open', caseId, questionId ?? '');
        if (a.to === 'resolved') push(a, 'qa-comment', f.commentId, 'resolvedBy', a.by.trim(), null, caseId, questionId ?? '');
      }
      continue;
    }
    const dot = a.field.indexOf('.');
    const q = a.field.slice(dot + 1);
    const isNote = a.field.startsWith('notes.');
    const key = `${caseId} ${q}`;
    const id = answers.get(key);
    if (id) push(a, 'answer', id, isNote ? 'note' : 'value', isNote ? (a.to ?? '') : a.to, isNote ? (a.from ?? '') : a.from, caseId, q);
    else {
      const created = newId();
      answers.set(key, created);
      push(a, 'answer', created, CREATE, { caseId, questionId: q, value: isNote ? null : a.to, note: isNote ? (a.to ?? '') : '' }, null, caseId, q);
    }
  }
  return { cases: merged.map((c) => cases.get(c.ref)!), changes: [...log, ...out] };
}
