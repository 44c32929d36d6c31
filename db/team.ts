import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type Answer,
  type ChangeRequest,
  CREATE,
  DELETE,
  type FieldKey,
  type FieldValue,
  type MergeResult,
  type TeamSection,
  copyCase,
  setField,
} from '../core';
import { casesRepository } from './repositories/cases';
import { type StoredConflict, type StoredPackage, type TeamMember, teamRepository } from './repositories/team';
import type { Store } from './store';

export type { StoredConflict, StoredPackage, TeamMember } from './repositories/team';
export { teamRepository } from './repositories/team';

const key = (pkg: string, ref: string, field: string) => `${pkg}\u0000${ref}\u0000${field}`;

/** An inspector named in a return, as the change log's actor: their name, and an id derived from it. */
export function inspectorActor(name: string): Actor {
  return { id: `inspector:${name.trim().toLocaleLowerCase('en-GB')}`.slice(0, 100), name: name.trim() };
}

/**
 * The team side of the store: every write is a typed change through the one write path, so the
 * team list, packages, merges and resolutions are all in the change log and the audit trail.
 */
export function teamStore(store: Store) {
  const repo = () => teamRepository(store.db);
  const caseIds = (inspectionId: string) => new Map(store.listCases(inspectionId).map((c) => [c.ref, c.id]));

  /**
   * The changes that set one field of a case, as the store holds them. An answer and its note share
   * a row: `created` collects the rows this batch creates, so the second field joins the first.
   */
  function fieldChanges(caseId: string, field: FieldKey, value: FieldValue, now: string, created = new Map<string, Record<string, unknown>>()): ChangeRequest[] {
    if (field === 'status') return [{ entity: 'case', id: caseId, field: 'completedAt', value: value === 'complete' ? now : null }];
    const dot = field.indexOf('.');
    const questionId = field.slice(dot + 1);
    const column = field.startsWith('answers.') ? 'value' : 'note';
    const v = column === 'value' ? (value as Answer | null) : (value ?? '');
    const id = casesRepository(store.db).answer(caseId, questionId)?.id;
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
    savePackage(p: StoredPackage): void {
      const { id, inspectionId, direction, inspector, issuedAt, issuedBy, base, takenBack, lastReturnAt } = p;
      const exists = repo().packages(inspectionId).some((x) => x.id === id);
      if (exists) {
        store.apply([{ entity: 'work-package', id, field: 'base', value: base }]);
        return;
      }
      store.apply([
        { entity: 'work-package', id, field: CREATE, value: { inspectionId, direction, inspector, issuedAt, issuedBy: issuedBy ?? '', base, takenBack: takenBack ?? [], lastReturnAt: lastReturnAt ?? null } },
      ]);
    },
    conflicts: (inspectionId: string) => repo().conflicts(inspectionId),
    holder: (inspectionId: string, ref: string) => repo().holder(inspectionId, ref),
    conflictInspection: (conflictId: string) => repo().conflictInspection(conflictId),
    /**
     * A merge in one transaction: each applied change with its inspector as actor and the return as
     * its reason; then, as the lead, the packages' bases moved on and the conflicts opened, updated
     * or settled.
     */
    applyMerge(inspectionId: string, result: MergeResult, source: string): void {
      const ids = caseIds(inspectionId);
      const now = new Date().toISOString();
      store.db.transaction(() => {
        const byActor = new Map<string, ChangeRequest[]>();
        const created = new Map<string, Record<string, unknown>>();
        const statuses = new Map<string, ChangeRequest[]>();
        for (const a of result.applied) {
          const caseId = ids.get(a.ref);
          if (!caseId) continue;
          const reqs = fieldChanges(caseId, a.field, a.to, a.at ?? now, created).map((r) => ({ ...r, reason: source }));
          // Completion goes last: the case's answers must be in before it can be complete.
          if (a.field === 'status') statuses.set(a.by, [...(statuses.get(a.by) ?? []), ...reqs]);
          else byActor.set(a.by, [...(byActor.get(a.by) ?? []), ...reqs]);
        }
        for (const [by, reqs] of byActor) store.applyAs(inspectorActor(by), reqs);
        for (const [by, reqs] of statuses) store.applyAs(inspectorActor(by), reqs);
        const before = new Map(repo().packages(inspectionId).map((p) => [p.id, p]));
        const changes: ChangeRequest[] = [];
        for (const p of result.packages) {
          const old = before.get(p.id);
          if (!old) continue;
          if (JSON.stringify(old.base) !== JSON.stringify(p.base)) changes.push({ entity: 'work-package', id: p.id, field: 'base', value: p.base });
          if ((old.lastReturnAt ?? null) !== (p.lastReturnAt ?? null)) changes.push({ entity: 'work-package', id: p.id, field: 'lastReturnAt', value: p.lastReturnAt ?? null });
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
        for (const [k, c] of open) if (!still.has(k)) changes.push({ entity: 'merge-conflict', id: c.id, field: 'resolution', value: 'settled', reason: source });
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
      const changes: ChangeRequest[] = fieldChanges(conflict.caseId, conflict.field as FieldKey, value, now).map((c) => ({ ...c, reason }));
      if (pkg?.base[conflict.ref]) {
        const next = { ...pkg.base, [conflict.ref]: copyCase(pkg.base[conflict.ref]!) };
        setField(next[conflict.ref]!, conflict.field as FieldKey, base);
        changes.push({ entity: 'work-package', id: pkg.id, field: 'base', value: next });
      }
      changes.push({ entity: 'merge-conflict', id: conflict.id, field: 'resolution', value: resolution, reason });
      store.apply(changes);
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
