import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type Answer,
  type CaseState,
  type ChangeRequest,
  CREATE,
  DELETE,
  type FieldKey,
  type FieldValue,
  type Incoming,
  type MergeResult,
  type QaStatus,
  type Snapshot,
  type TeamSection,
  applyRank,
  copyCase,
  fieldValue,
  mergeReturns,
  parseField,
  qaGuard,
  qaPath,
  setField,
} from '../core';
import type { LoggedChange } from './repositories/changes';
import { casesRepository } from './repositories/cases';
import { qaRepository, teamRoles } from './repositories/qa';
import { type StoredConflict, type StoredPackage, type TeamMember, teamRepository } from './repositories/team';
import type { Store } from './store';

export type { StoredConflict, StoredPackage, TeamMember } from './repositories/team';
export { teamRepository } from './repositories/team';

const key = (pkg: string, ref: string, field: string) => `${pkg}\u0000${ref}\u0000${field}`;

/** An inspector named in a return, as the change log's actor: their name, and an id derived from it. */
export function inspectorActor(name: string): Actor {
  return { id: `inspector:${name.trim().toLocaleLowerCase('en-GB')}`.slice(0, 100), name: name.trim() };
}

/** The merged fields a logged change set (an answer row's creation sets its value and its note). */
function fieldsOfLogged(c: LoggedChange, refOf: (caseId: string) => string | undefined): { ref: string; fields: FieldKey[] } | null {
  const ref = c.caseId ? refOf(c.caseId) : undefined;
  if (!ref) return null;
  const created = c.field === CREATE;
  if (c.entity === 'case') return c.field === 'completedAt' ? { ref, fields: ['status'] } : c.field === 'qaStatus' ? { ref, fields: ['qa.status'] } : null;
  if (c.entity === 'answer' && c.item) {
    const fields: FieldKey[] = [];
    if (created || c.field === 'value') fields.push(`answers.${c.item}`);
    if (created || c.field === 'note') fields.push(`notes.${c.item}`);
    return { ref, fields };
  }
  if (c.entity === 'qa-comment') {
    const fields: FieldKey[] = [];
    if (created || c.field === 'text') fields.push(`qa.comments.${c.id}`);
    if (created || c.field === 'reply') fields.push(`qa.comments.${c.id}.reply`);
    if (created || c.field === 'state') fields.push(`qa.comments.${c.id}.state`);
    return { ref, fields };
  }
  if (c.entity === 'second-answer' && c.item && (created || c.field === 'value')) return { ref, fields: [`secondMarking.${c.item}`] };
  return null;
}

/**
 * The team side of the store: every write is a typed change through the one write path, so the
 * team list, packages, merges and resolutions are all in the change log and the audit trail.
 */
export function teamStore(store: Store) {
  const repo = () => teamRepository(store.db);
  const qa = () => qaRepository(store.db);
  const caseIds = (inspectionId: string) => repo().caseIds(inspectionId);

  /** The lead's side of a merge straight from the store: every merged field of every case. */
  function snapshot(inspectionId: string): Snapshot {
    const answers = store.answersByCase(inspectionId);
    const comments = new Map<string, NonNullable<CaseState['comments']>>();
    for (const m of qa().commentsOfInspection(inspectionId)) {
      const list = comments.get(m.caseId) ?? {};
      list[m.id] = { questionId: m.questionId, author: m.author, text: m.text, ...(m.reply ? { reply: m.reply } : {}), state: m.state };
      comments.set(m.caseId, list);
    }
    const seconds = qa().secondByCase(inspectionId);
    return Object.fromEntries(
      store.listCases(inspectionId).map((c) => {
        const a = [...(answers.get(c.id) ?? new Map<string, { value: string | null; note: string }>())];
        const second = seconds.get(c.id);
        const state: CaseState = {
          answers: Object.fromEntries(a.filter(([, v]) => v.value !== null).map(([q, v]) => [q, v.value])) as Record<string, Answer>,
          notes: Object.fromEntries(a.filter(([, v]) => v.note !== '').map(([q, v]) => [q, v.note])),
          ...(c.status === 'complete' ? { status: 'complete' as const } : {}),
          ...(c.qaStatus !== 'draft' ? { qaStatus: c.qaStatus } : {}),
          ...(comments.has(c.id) ? { comments: comments.get(c.id)! } : {}),
          ...(second ? { secondMarking: second.answers, secondMarkedBy: second.by } : {}),
        };
        return [c.ref, state];
      }),
    );
  }

  /** Each case's fields' revisions now, for a package's record: the ones a base is compared by. */
  function revisionsFor(inspectionId: string, refs: readonly string[]): Record<string, Record<string, string>> {
    const all = repo().revisions(inspectionId);
    return Object.fromEntries(refs.map((ref) => [ref, all.get(ref) ?? {}]));
  }

  /**
   * The dry run of returns against the store's own record of their packages: the lead's fields by
   * value and revision, the QA rules checked for each returning person from the team list.
   */
  function mergePlan(inspectionId: string, incoming: readonly Incoming[]): MergeResult {
    const packages = repo().packages(inspectionId).filter((p) => p.direction === 'issued');
    const revisions = repo().revisions(inspectionId);
    const markers = new Map(store.listCases(inspectionId).map((c) => [c.ref, c.assignedInspector.trim() ? c.assignedInspector : null]));
    const roles = new Map<string, ReturnType<typeof teamRoles>>();
    return mergeReturns({
      inspectionId,
      current: snapshot(inspectionId),
      packages,
      conflicts: repo().conflicts(inspectionId),
      incoming,
      revision: (ref, field) => revisions.get(ref)?.[field] ?? null,
      guard: qaGuard({
        roles: (name) => roles.get(name) ?? (roles.set(name, teamRoles(store.db, inspectionId, name)), roles.get(name)!),
        marker: (ref) => markers.get(ref) ?? null,
      }),
    });
  }

  /**
   * The changes that set one field of a case, as the store holds them. An answer and its note share
   * a row, as do a comment's text, reply and state: `created` collects the rows this batch creates,
   * so later fields join the first. `state` is the merged case (who wrote a new comment, who second-marked).
   */
  function fieldChanges(
    caseId: string,
    field: FieldKey,
    value: FieldValue,
    now: string,
    by: string,
    state?: CaseState,
    created = new Map<string, Record<string, unknown>>(),
    answerIds?: ReadonlyMap<string, string>,
  ): ChangeRequest[] {
    const f = parseField(field);
    if (!f) return [];
    if (f.kind === 'status') return [{ entity: 'case', id: caseId, field: 'completedAt', value: value === 'complete' ? now : null }];
    if (f.kind === 'qaStatus') {
      // Through the state machine a step at a time, as the person whose change it is may take them.
      const c = qa().caseState(caseId);
      if (!c) return [];
      const path = qaPath(c.status, (value ?? 'draft') as QaStatus, c, { name: by, roles: teamRoles(store.db, c.inspectionId, by) });
      // The write path refuses the move itself, with the rule's reason, when there is no path.
      const steps = path.ok ? path.steps : [(value ?? 'draft') as QaStatus];
      return steps.map((s) => ({ entity: 'case' as const, id: caseId, field: 'qaStatus', value: s }));
    }
    if (f.kind === 'second') {
      const markedBy = state?.secondMarkedBy ?? by;
      const existing = qa().secondOne(caseId, f.questionId);
      if (existing)
        return [
          { entity: 'second-answer', id: existing.id, field: 'value', value },
          { entity: 'second-answer', id: existing.id, field: 'markedBy', value: markedBy },
        ];
      if (value === null) return [];
      return [{ entity: 'second-answer', id: randomUUID(), field: CREATE, value: { caseId, questionId: f.questionId, value, markedBy } }];
    }
    if (f.kind === 'comment') {
      const id = f.commentId;
      const pending = created.get(`comment ${id}`);
      const exists = pending !== undefined || qa().commentCase(id) !== null;
      if (!exists) {
        const m = state?.comments?.[id];
        if (!m?.text) return [];
        const row: Record<string, unknown> = {
          caseId,
          questionId: m.questionId ?? null,
          author: m.author ?? by,
          text: m.text,
          reply: m.reply ?? '',
          repliedBy: m.reply ? by : '',
          state: m.state ?? 'open',
          resolvedBy: m.state === 'resolved' ? by : '',
        };
        created.set(`comment ${id}`, row);
        return [{ entity: 'qa-comment', id, field: CREATE, value: row as ChangeRequest['value'] }];
      }
      // Its reply and state came with its creation.
      if (pending) return [];
      if (f.part === 'text') return value === null ? [] : [{ entity: 'qa-comment', id, field: 'text', value }];
      if (f.part === 'reply')
        return [
          { entity: 'qa-comment', id, field: 'reply', value: value ?? '' },
          { entity: 'qa-comment', id, field: 'repliedBy', value: by.trim() },
        ];
      return [
        { entity: 'qa-comment', id, field: 'state', value: value ?? 'open' },
        ...(value === 'resolved' ? [{ entity: 'qa-comment' as const, id, field: 'resolvedBy', value: by.trim() }] : []),
      ];
    }
    const questionId = f.questionId;
    const column = f.kind === 'answer' ? 'value' : 'note';
    const v = column === 'value' ? (value as Answer | null) : (value ?? '');
    const id = answerIds ? answerIds.get(`${caseId} ${questionId}`) : casesRepository(store.db).answer(caseId, questionId)?.id;
    if (id) return [{ entity: 'answer', id, field: column, value: v }];
    if (v === null || v === '') return [];
    const pending = created.get(`${caseId} ${questionId}`);
    if (pending) {
      pending[column] = v;
      return [];
    }
    const row: Record<string, unknown> = { caseId, questionId, value: null, note: '', [column]: v };
    created.set(`${caseId} ${questionId}`, row);
    return [{ entity: 'answer', id: randomUUID(), field: CREATE, value: row as ChangeRequest['value'] }];
  }

  return {
    members: (inspectionId: string): TeamMember[] => repo().members(inspectionId).map(({ name, role }) => ({ name, role })),
    setMembers(inspectionId: string, members: readonly TeamMember[]): void {
      const existing = repo().members(inspectionId);
      const byName = new Map(existing.map((m) => [m.name.toLocaleLowerCase('en-GB'), m]));
      const keep = new Set(members.map((m) => m.name.toLocaleLowerCase('en-GB')));
      const changes: ChangeRequest[] = [];
      for (const m of existing) if (!keep.has(m.name.toLocaleLowerCase('en-GB'))) changes.push({ entity: 'team-member', id: m.id, field: DELETE, value: null });
      for (const m of members) {
        const seen = byName.get(m.name.toLocaleLowerCase('en-GB'));
        if (!seen) changes.push({ entity: 'team-member', id: randomUUID(), field: CREATE, value: { inspectionId, name: m.name, role: m.role } });
        else {
          if (seen.role !== m.role) changes.push({ entity: 'team-member', id: seen.id, field: 'role', value: m.role });
          if (seen.name !== m.name) changes.push({ entity: 'team-member', id: seen.id, field: 'name', value: m.name });
        }
      }
      store.apply(changes);
    },
    packages: (inspectionId: string) => repo().packages(inspectionId),
    /**
     * Records a package. One issued from here records, beside the values issued, each field's
     * revision now: the base a merge compares the lead's side by.
     */
    savePackage(p: StoredPackage): void {
      const { id, inspectionId, direction, inspector, issuedAt, issuedBy, base, takenBack, lastReturnAt } = p;
      const exists = repo().packages(inspectionId).some((x) => x.id === id);
      if (exists) {
        store.apply([{ entity: 'work-package', id, field: 'base', value: base }]);
        return;
      }
      const revisions = p.revisions ?? (direction === 'issued' ? revisionsFor(inspectionId, Object.keys(base)) : {});
      store.apply([
        {
          entity: 'work-package',
          id,
          field: CREATE,
          value: { inspectionId, direction, inspector, issuedAt, issuedBy: issuedBy ?? '', base, takenBack: takenBack ?? [], lastReturnAt: lastReturnAt ?? null, revisions },
        },
      ]);
    },
    snapshot,
    mergePlan,
    conflicts: (inspectionId: string) => repo().conflicts(inspectionId),
    holder: (inspectionId: string, ref: string) => repo().holder(inspectionId, ref),
    conflictInspection: (conflictId: string) => repo().conflictInspection(conflictId),
    /**
     * A merge in one transaction: each applied change with its inspector as actor and the return as
     * its reason; then, as the lead, the packages' bases moved on and the conflicts opened, updated
     * or settled.
     */
    applyMerge(inspectionId: string, result: MergeResult, source: string | ((a: MergeResult['applied'][number]) => string)): void {
      const ids = caseIds(inspectionId);
      const refOf = new Map([...ids].map(([ref, id]) => [id, ref]));
      const now = new Date().toISOString();
      const reasonOf = typeof source === 'string' ? () => source : source;
      store.db.transaction(() => {
        // In the order the QA rules need (answers before completion, comments before the QA status
        // that needs them resolved), each run of one person's changes written as them. Within a rank,
        // one package's changes together: a case's applied changes all come from the package that has
        // it, so its order is kept, and each return is one run rather than one per case (the merged
        // list is case by case, and neighbouring cases are usually different inspectors').
        const packageOrder = new Map<string, number>();
        for (const a of result.applied) if (!packageOrder.has(a.package)) packageOrder.set(a.package, packageOrder.size);
        const order = result.applied
          .map((a, i) => ({ a, i, rank: applyRank(a.field), p: packageOrder.get(a.package)! }))
          .sort((x, y) => x.rank - y.rank || x.p - y.p || x.i - y.i);
        const created = new Map<string, Record<string, unknown>>();
        // Every answer row's id read once; rows this merge creates are in `created` (and not looked up again).
        const answerIds = repo().answerIds(inspectionId);
        const logged: LoggedChange[] = [];
        let run: { by: string; rank: number; reqs: ChangeRequest[] } | null = null;
        const flush = () => {
          if (run && run.reqs.length > 0) {
            const done = store.applyAs(inspectorActor(run.by), run.reqs);
            logged.push(...done);
            // Rows made in this run exist now: later fields of them are changes to them, not parts of a creation.
            for (const c of done)
              if (c.entity === 'answer' && c.field === CREATE && c.value && typeof c.value === 'object' && !Array.isArray(c.value)) answerIds.set(`${String(c.value.caseId)} ${String(c.value.questionId)}`, c.id);
            created.clear();
          }
          run = null;
        };
        for (const { a, rank } of order) {
          const caseId = ids.get(a.ref);
          if (!caseId) continue;
          // A QA status is read from the store when it is written: what came before it must be in.
          if (run && (run.by !== a.by || run.rank !== rank || rank === applyRank('qa.status'))) flush();
          run ??= { by: a.by, rank, reqs: [] };
          const reason = reasonOf(a);
          run.reqs.push(...fieldChanges(caseId, a.field, a.to, a.at ?? now, a.by, result.current[a.ref], created, answerIds).map((r) => ({ ...r, reason })));
        }
        flush();
        // The revision each written field has now: the packages' bases move on to them.
        const written = new Map<string, Map<string, string>>();
        for (const c of logged) {
          const hit = fieldsOfLogged(c, (id) => refOf.get(id));
          if (!hit) continue;
          let m = written.get(hit.ref);
          if (!m) written.set(hit.ref, (m = new Map()));
          for (const f of hit.fields) m.set(f, c.clock);
        }
        const before = new Map(repo().packages(inspectionId).map((p) => [p.id, p]));
        const changes: ChangeRequest[] = [];
        for (const p of result.packages) {
          const old = before.get(p.id);
          if (!old) continue;
          if (JSON.stringify(old.base) !== JSON.stringify(p.base)) changes.push({ entity: 'work-package', id: p.id, field: 'base', value: p.base });
          if ((old.lastReturnAt ?? null) !== (p.lastReturnAt ?? null)) changes.push({ entity: 'work-package', id: p.id, field: 'lastReturnAt', value: p.lastReturnAt ?? null });
          if (old.revisions) {
            // Tracked by revision: a field the merge wrote, and whose value is now the base's, has the base's revision.
            let moved = false;
            const next = { ...old.revisions };
            for (const ref of Object.keys(p.base)) {
              const w = written.get(ref);
              if (!w || !next[ref]) continue;
              const row = { ...next[ref] };
              for (const [f, clock] of w)
                if (fieldValue(result.current[ref], f as FieldKey) === fieldValue(p.base[ref], f as FieldKey) && row[f] !== clock) {
                  row[f] = clock;
                  moved = true;
                }
              next[ref] = row;
            }
            if (moved) changes.push({ entity: 'work-package', id: p.id, field: 'revisions', value: next });
          }
        }
        const open = new Map(repo().conflicts(inspectionId).map((c) => [key(c.package, c.ref, c.field), c]));
        const still = new Set<string>();
        for (const c of result.conflicts) {
          const k = key(c.package, c.ref, c.field);
          still.add(k);
          const was = open.get(k);
          if (was) {
            const columns = { base: 'base', incoming: 'incoming', by: 'changedBy', at: 'changedAt' } as const;
            for (const f of ['base', 'incoming', 'by', 'at'] as const) if (was[f] !== c[f]) changes.push({ entity: 'merge-conflict', id: was.id, field: columns[f], value: c[f] });
          } else {
            const caseId = ids.get(c.ref);
            if (caseId)
              changes.push({
                entity: 'merge-conflict',
                id: randomUUID(),
                field: CREATE,
                value: { inspectionId, packageId: c.package, caseId, field: c.field, base: c.base, incoming: c.incoming, changedBy: c.by, changedAt: c.at, resolution: null },
              });
          }
        }
        // Conflicts the merge found settled (the inspector came round to the lead's value, or back to the base).
        const settledBy = typeof source === 'string' ? source : 'merged returns';
        for (const [k, c] of open) if (!still.has(k)) changes.push({ entity: 'merge-conflict', id: c.id, field: 'resolution', value: 'settled', reason: settledBy });
        if (changes.length > 0) store.apply(changes);
      })();
    },
    resolveConflict(conflict: StoredConflict, value: FieldValue, base: FieldValue, resolution: 'keep' | 'take' | 'edit'): void {
      const inspectionId = repo().conflictInspection(conflict.id);
      if (!inspectionId) return;
      const pkg = repo().packages(inspectionId).find((p) => p.id === conflict.package);
      const now = new Date().toISOString();
      const pkgOf = pkg ? `${pkg.inspector}'s` : 'the incoming';
      const how = { keep: 'kept the lead’s value', take: `took ${pkgOf} value`, edit: 'entered a value' }[resolution];
      // Read in the audit trail: which conflict, and how the lead settled it.
      const reason = `conflict on ${conflict.ref} ${conflict.field} resolved: ${how}`;
      const changes: ChangeRequest[] = fieldChanges(conflict.caseId, conflict.field as FieldKey, value, now, store.user()?.name ?? '').map((c) => ({ ...c, reason }));
      if (pkg?.base[conflict.ref]) {
        const next = { ...pkg.base, [conflict.ref]: copyCase(pkg.base[conflict.ref]!) };
        setField(next[conflict.ref]!, conflict.field as FieldKey, base);
        changes.push({ entity: 'work-package', id: pkg.id, field: 'base', value: next });
      }
      changes.push({ entity: 'merge-conflict', id: conflict.id, field: 'resolution', value: resolution, reason });
      store.db.transaction(() => {
        store.apply(changes);
        // Decided: the lead's side of this field is, from now on, its revision after the resolution.
        if (pkg?.revisions?.[conflict.ref]) {
          const now = repo().revisions(inspectionId).get(conflict.ref)?.[conflict.field];
          const row = { ...pkg.revisions[conflict.ref] };
          if (now === undefined) delete row[conflict.field];
          else row[conflict.field] = now;
          store.apply([{ entity: 'work-package', id: pkg.id, field: 'revisions', value: { ...pkg.revisions, [conflict.ref]: row } }]);
        }
      })();
    },
    /**
     * A lead's file brings its team section (`fieldwork merge` writes the packages it merged against
     * and the conflicts it left open): taken into the store so the app lists them. Packages the store
     * already records keep the store's own base; conflicts already open here are not repeated.
     */
    adoptFileSection(inspectionId: string, section: TeamSection): void {
      const ids = caseIds(inspectionId);
      const known = new Map(repo().packages(inspectionId).map((p) => [p.id, p]));
      const changes: ChangeRequest[] = [];
      for (const p of section.packages ?? []) {
        if (known.has(p.id) || !Object.keys(p.base).every((ref) => ids.has(ref))) continue;
        const value = { inspectionId, direction: 'issued', inspector: p.inspector, issuedAt: p.issuedAt, issuedBy: p.issuedBy ?? '', base: p.base, takenBack: p.takenBack ?? [], lastReturnAt: p.lastReturnAt ?? null };
        changes.push({ entity: 'work-package', id: p.id, field: CREATE, value: value as ChangeRequest['value'], reason: 'from the inspection file' });
        known.set(p.id, { ...p, inspectionId, direction: 'issued' });
      }
      const open = new Set(repo().conflicts(inspectionId).map((c) => key(c.package, c.ref, c.field)));
      for (const c of section.conflicts ?? []) {
        const caseId = ids.get(c.ref);
        if (!caseId || !known.has(c.package) || open.has(key(c.package, c.ref, c.field))) continue;
        open.add(key(c.package, c.ref, c.field));
        changes.push({
          entity: 'merge-conflict',
          id: randomUUID(),
          field: CREATE,
          value: { inspectionId, packageId: c.package, caseId, field: c.field, base: c.base, incoming: c.incoming, changedBy: c.by, changedAt: c.at, resolution: null },
          reason: 'from the inspection file',
        });
      }
      if (section.members?.length && repo().members(inspectionId).length === 0)
        for (const m of section.members) changes.push({ entity: 'team-member', id: randomUUID(), field: CREATE, value: { inspectionId, name: m.name, role: m.role } });
      if (changes.length > 0) store.apply(changes);
    },
    takeBack(p: StoredPackage, ref: string): void {
      store.apply([{ entity: 'work-package', id: p.id, field: 'takenBack', value: [...(p.takenBack ?? []), ref], reason: `case ${ref} taken back from ${p.inspector}` }]);
    },
    assign(ids: readonly string[], inspector: string): number {
      store.apply(ids.map((id) => ({ entity: 'case' as const, id, field: 'assignedInspector', value: inspector.trim() })));
      return ids.length;
    },
  };
}

export type TeamStore = ReturnType<typeof teamStore>;
