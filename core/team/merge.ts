import { type CaseState, type FieldKey, type FieldValue, type Snapshot, carryDetails, compareFields, copyCase, fieldUnion, fieldValue, setField } from './case-fields';
import type { Incoming } from './change-set';
import type { ConflictRecord, PackageRecord } from './file-sections';

/**
 * The three-way merge of inspectors' returns into the lead's inspection, field by field.
 *
 * For each field of each case in a return, with `base` the value the lead and the inspector last
 * agreed on (the value issued, moved on as changes are applied), `current` the lead's value and
 * `incoming` the inspector's:
 * - incoming = base: the inspector did not change it; whatever the lead has stands (unchanged);
 * - incoming ≠ base, the lead's side unchanged since the base: applied (unless the lead has taken the case back, or issued it
 *   again in a later package: then a conflict), and the base moves on to it;
 * - incoming = current: both made the same change (unchanged);
 * - otherwise a conflict: the lead's value stands and the inspector's is kept beside it until the
 *   lead resolves it. Nothing is ever dropped.
 * Returns are cumulative, so the newest return of a package says everything: a return older than
 * one already merged for its package changes nothing. The same return merged twice changes nothing
 * the second time, and returns of different packages merge to the same result in any order.
 */

export interface AppliedChange {
  package: string;
  source: string;
  ref: string;
  field: FieldKey;
  from: FieldValue;
  to: FieldValue;
  by: string;
  at: string | null;
}

export interface OpenConflict extends ConflictRecord {
  /** The lead's value now. */
  current: FieldValue;
}

export interface Refusal {
  source: string;
  /** The case refused, or null when the whole return is. */
  ref: string | null;
  /** The one field refused (the rest of the case merged), when that is all. */
  field?: FieldKey;
  reason: string;
}

/** A change the merge would apply, as the guard sees it. */
export interface PendingChange {
  field: FieldKey;
  from: FieldValue;
  to: FieldValue;
  by: string;
}

/**
 * The rules a merge must keep (core/team/qa-guard.ts): given one case's changes about to be applied
 * and the lead's case as it is, the reason each refused field is refused.
 */
export type MergeGuard = (ref: string, changes: readonly PendingChange[], lead: CaseState, incoming: CaseState) => Map<FieldKey, string>;

export interface MergeInput {
  inspectionId: string;
  /** The lead's cases, all of them. */
  current: Snapshot;
  /** The packages issued from this inspection (the store's record, never the base a return claims). */
  packages: readonly PackageRecord[];
  /** Conflicts still open from earlier merges. */
  conflicts: readonly ConflictRecord[];
  incoming: readonly Incoming[];
  /** The revision of each of the lead's fields now (null: never set); with packages' `revisions`, decides the lead's side. */
  revision?: (ref: string, field: FieldKey) => string | null;
  guard?: MergeGuard;
}

export interface MergeResult {
  applied: AppliedChange[];
  /** Every conflict open after the merge, earlier ones included. */
  conflicts: OpenConflict[];
  refused: Refusal[];
  /** Fields examined that needed nothing: unchanged by the inspector, or changed the same on both sides. */
  unchanged: number;
  /** The same, per return (its `source`). */
  unchangedBySource?: Record<string, number>;
  /** The lead's cases after the merge (cases not touched are the same objects). */
  current: Snapshot;
  /** The package records with their bases moved on and the newest return noted. */
  packages: PackageRecord[];
  /** Refs whose values changed. */
  changedRefs: string[];
}

const conflictKey = (pkg: string, ref: string, field: string) => `${pkg}\u0000${ref}\u0000${field}`;

/** The package that owns each case: the latest issued that holds it, unless the lead took it back. */
export function caseOwners(packages: readonly PackageRecord[]): Map<string, string> {
  const latest = new Map<string, PackageRecord>();
  for (const p of packages)
    for (const ref of Object.keys(p.base)) {
      const seen = latest.get(ref);
      if (!seen || p.issuedAt > seen.issuedAt || (p.issuedAt === seen.issuedAt && p.id > seen.id)) latest.set(ref, p);
    }
  const owners = new Map<string, string>();
  for (const [ref, p] of latest) if (!(p.takenBack ?? []).includes(ref)) owners.set(ref, p.id);
  return owners;
}

export function mergeReturns(input: MergeInput): MergeResult {
  const current: Snapshot = { ...input.current };
  const packages = new Map(input.packages.map((p) => [p.id, { ...p, base: { ...p.base } }]));
  const revisionOf = input.revision;
  const conflicts = new Map(input.conflicts.map((c) => [conflictKey(c.package, c.ref, c.field), c]));
  const owners = caseOwners(input.packages);
  const applied: AppliedChange[] = [];
  const refused: Refusal[] = [];
  const changed = new Set<string>();
  let unchanged = 0;
  const bySource: Record<string, number> = {};

  // A fixed order makes one merge of several returns independent of the order they were given in.
  const incoming = [...input.incoming].sort((a, b) => cmp(a.stamp, b.stamp) || cmp(a.packageId, b.packageId) || cmp(a.source, b.source));
  for (const r of incoming) {
    if (r.inspectionId !== input.inspectionId) {
      refused.push({ source: r.source, ref: null, reason: `this return belongs to another inspection (${r.inspectionId}), not this one (${input.inspectionId})` });
      continue;
    }
    const pkg = packages.get(r.packageId);
    if (!pkg) {
      refused.push({ source: r.source, ref: null, reason: `package ${r.packageId} was not issued from this inspection` });
      continue;
    }
    const refs: string[] = [];
    for (const ref of Object.keys(r.cases)) {
      if (!(ref in pkg.base)) refused.push({ source: r.source, ref, reason: `case ${ref} was not issued in ${pkg.inspector}'s package` });
      else if (!(ref in current)) refused.push({ source: r.source, ref, reason: `case ${ref} is no longer in this inspection` });
      else refs.push(ref);
    }
    const superseded = pkg.lastReturnAt !== undefined && r.stamp < pkg.lastReturnAt;
    for (const ref of refs) {
      const inc = r.cases[ref]!;
      // Copied once per case and changed in place: a field at a time would copy the case per field.
      const base: CaseState = copyCase(pkg.base[ref]!);
      const lead: CaseState = copyCase(current[ref]!);
      let leadChanged = false;
      const owned = owners.get(ref) === pkg.id;
      const revs = pkg.revisions?.[ref];
      // Unchanged on the lead's side: the base's value and, where known, the base's revision.
      const leadKept = (field: FieldKey, l: FieldValue, b: FieldValue) => l === b && (!revs || !revisionOf || (revs[field] ?? null) === revisionOf(ref, field));
      const pending: (PendingChange & { at: string | null; key: string })[] = [];
      for (const field of fieldUnion(base, inc, lead)) {
        if (superseded) {
          unchanged++;
          bySource[r.source] = (bySource[r.source] ?? 0) + 1;
          continue;
        }
        const b = fieldValue(base, field);
        const i = fieldValue(inc, field);
        const l = fieldValue(lead, field);
        const key = conflictKey(pkg.id, ref, field);
        if (i === b || i === l) {
          // Nothing new from the inspector, or both sides agree: any earlier conflict is over.
          conflicts.delete(key);
          unchanged++;
          bySource[r.source] = (bySource[r.source] ?? 0) + 1;
          continue;
        }
        // A second marking is the second marker's, whoever's return brought it.
        // Whose package it is comes from the lead's record, not from what the return says.
        const who = r.provenance?.(ref, field) ?? { by: field.startsWith('secondMarking.') && inc.secondMarkedBy ? inc.secondMarkedBy : pkg.inspector, at: r.stamp };
        if (owned && leadKept(field, l, b)) pending.push({ field, from: l, to: i, by: who.by, at: who.at, key });
        else conflicts.set(key, { package: pkg.id, ref, field, base: b, incoming: i, by: who.by, at: who.at });
      }
      const refusedFields = pending.length > 0 && input.guard ? input.guard(ref, pending, lead, inc) : undefined;
      for (const p of pending) {
        const why = refusedFields?.get(p.field);
        if (why !== undefined) {
          refused.push({ source: r.source, ref, field: p.field, reason: why });
          continue;
        }
        setField(lead, p.field, p.to);
        setField(base, p.field, p.to);
        carryDetails(lead, inc, p.field);
        carryDetails(base, inc, p.field);
        leadChanged = true;
        conflicts.delete(p.key);
        applied.push({ package: pkg.id, source: r.source, ref, field: p.field, from: p.from, to: p.to, by: p.by, at: p.at });
      }
      if (leadChanged) {
        current[ref] = lead;
        changed.add(ref);
      }
      pkg.base[ref] = base;
    }
    if (!superseded && refs.length > 0 && (pkg.lastReturnAt === undefined || r.stamp > pkg.lastReturnAt)) pkg.lastReturnAt = r.stamp;
  }

  const open: OpenConflict[] = [];
  for (const c of conflicts.values()) {
    const now = fieldValue(current[c.ref], c.field as FieldKey);
    // A conflict whose two values have since become one is no longer a difference.
    if (now !== c.incoming) open.push({ ...c, current: now });
  }
  open.sort((a, b) => cmp(a.ref, b.ref) || compareFields(a.field, b.field) || cmp(a.package, b.package));
  // Listed case by case; the sort is stable, so one field applied twice keeps its order.
  applied.sort((a, b) => cmp(a.ref, b.ref) || compareFields(a.field, b.field));
  return { applied, conflicts: open, refused, unchanged, unchangedBySource: bySource, current, packages: [...packages.values()], changedRefs: [...changed] };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How the lead settles a conflict: keep their value, take the inspector's, or enter another. */
export type Resolution = { kind: 'keep' } | { kind: 'take' } | { kind: 'edit'; value: FieldValue };

/**
 * The value a resolution leaves in the case, and the package's base afterwards. The base moves on
 * to the inspector's value in every case: it has been seen and decided, so a later return that
 * still carries it changes nothing, and only a new change by the inspector is news.
 */
export function resolveConflict(conflict: ConflictRecord, current: FieldValue, resolution: Resolution): { value: FieldValue; base: FieldValue } {
  const value = resolution.kind === 'keep' ? current : resolution.kind === 'take' ? conflict.incoming : resolution.value;
  return { value, base: conflict.incoming };
}
