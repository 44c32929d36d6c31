import type { CaseState, ConflictRecord, PackageRecord, TeamRole } from '../../core';
import type { Db } from '../connection';
import { once } from './prepared';

/** A package as the store keeps it: issued from this laptop (the lead's) or received on it (an inspector's). */
export interface StoredPackage extends PackageRecord {
  inspectionId: string;
  direction: 'issued' | 'received';
}

export interface StoredConflict extends ConflictRecord {
  id: string;
  caseId: string;
}

export interface TeamMember {
  name: string;
  role: TeamRole;
}

interface PackageRow {
  id: string;
  inspection_id: string;
  direction: 'issued' | 'received';
  inspector: string;
  issued_at: string;
  issued_by: string;
  base: string;
  taken_back: string;
  last_return_at: string | null;
  base_revisions: string;
}

interface ConflictRow {
  id: string;
  package_id: string;
  case_id: string;
  ref: string;
  field: string;
  base: string | null;
  incoming: string | null;
  changed_by: string;
  changed_at: string | null;
}

function revisionsOf(text: string): { revisions?: Record<string, Record<string, string>> } {
  const v = JSON.parse(text) as Record<string, Record<string, string>> | null;
  return v && Object.keys(v).length > 0 ? { revisions: v } : {};
}

/** Reads of the team tables: the team list, packages and open conflicts of an inspection. */
export function teamRepository(db: Db) {
  return once(db, 'team', (d) => {
    const members = d.prepare<[string], { id: string; name: string; role: TeamRole }>('SELECT id, name, role FROM team_member WHERE inspection_id = ? ORDER BY rowid');
    const packages = d.prepare<[string], PackageRow>(
      'SELECT id, inspection_id, direction, inspector, issued_at, issued_by, base, taken_back, last_return_at, base_revisions FROM work_package WHERE inspection_id = ? ORDER BY issued_at, id',
    );
    const conflicts = d.prepare<[string], ConflictRow>(
      `SELECT m.id, m.package_id, m.case_id, c.ref, m.field, m.base, m.incoming, m.changed_by, m.changed_at
         FROM merge_conflict m JOIN case_file c ON c.id = m.case_id
        WHERE m.inspection_id = ? AND m.resolution IS NULL ORDER BY c.ref, m.field`,
    );
    const conflictInspection = d.prepare<[string], { inspection_id: string }>('SELECT inspection_id FROM merge_conflict WHERE id = ? AND resolution IS NULL');
    // The newest package issued with the case (core/team/merge.ts caseOwners), read without parsing every base: asked on every save.
    const newestIssued = d.prepare<[string, string], { inspector: string; taken_back: string }>(
      `SELECT p.inspector, p.taken_back FROM work_package p
        WHERE p.inspection_id = ? AND p.direction = 'issued' AND EXISTS (SELECT 1 FROM json_each(p.base) j WHERE j.key = ?)
        ORDER BY p.issued_at DESC, p.id DESC LIMIT 1`,
    );
    // Each merged field's revision (core/team/case-fields.ts names), read from the field revisions the write path keeps.
    const revisions = d.prepare<[{ inspection: string }], { ref: string; field: string; clock: string }>(
      `SELECT c.ref, CASE r.field WHEN 'completedAt' THEN 'status' ELSE 'qa.status' END AS field, r.clock
         FROM case_file c JOIN field_revision r ON r.entity = 'case' AND r.entity_id = c.id AND r.field IN ('completedAt', 'qaStatus')
        WHERE c.inspection_id = @inspection
       UNION ALL
       SELECT c.ref, CASE r.field WHEN 'value' THEN 'answers.' ELSE 'notes.' END || a.question_id, r.clock
         FROM case_file c JOIN answer a ON a.case_id = c.id JOIN field_revision r ON r.entity = 'answer' AND r.entity_id = a.id AND r.field IN ('value', 'note')
        WHERE c.inspection_id = @inspection
       UNION ALL
       SELECT c.ref, 'qa.comments.' || q.id || CASE r.field WHEN 'text' THEN '' ELSE '.' || r.field END, r.clock
         FROM case_file c JOIN qa_comment q ON q.case_id = c.id JOIN field_revision r ON r.entity = 'qa-comment' AND r.entity_id = q.id AND r.field IN ('text', 'reply', 'state')
        WHERE c.inspection_id = @inspection
       UNION ALL
       SELECT c.ref, 'secondMarking.' || s.question_id, r.clock
         FROM case_file c JOIN second_answer s ON s.case_id = c.id JOIN field_revision r ON r.entity = 'second-answer' AND r.entity_id = s.id AND r.field = 'value'
        WHERE c.inspection_id = @inspection`,
    );
    const answerIds = d.prepare<[string], { case_id: string; question_id: string; id: string }>(
      'SELECT a.case_id, a.question_id, a.id FROM case_file c JOIN answer a ON a.case_id = c.id WHERE c.inspection_id = ?',
    );
    const caseIds = d.prepare<[string], { ref: string; id: string }>('SELECT ref, id FROM case_file WHERE inspection_id = ?');
    return {
      members: (inspectionId: string) => members.all(inspectionId),
      /** Case ref → case id, for every case of the inspection. */
      caseIds: (inspectionId: string) => new Map(caseIds.all(inspectionId).map((r) => [r.ref, r.id])),
      /** `caseId questionId` → the answer row's id, for every answer of the inspection (read once per merge). */
      answerIds: (inspectionId: string) => new Map(answerIds.all(inspectionId).map((r) => [`${r.case_id} ${r.question_id}`, r.id])),
      /** Case ref → merged field → the clock of the change that last set it. */
      revisions(inspectionId: string): Map<string, Record<string, string>> {
        const out = new Map<string, Record<string, string>>();
        for (const r of revisions.all({ inspection: inspectionId })) {
          let m = out.get(r.ref);
          if (!m) out.set(r.ref, (m = {}));
          m[r.field] = r.clock;
        }
        return out;
      },
      packages: (inspectionId: string): StoredPackage[] =>
        packages.all(inspectionId).map((r) => ({
          id: r.id,
          inspectionId: r.inspection_id,
          direction: r.direction,
          inspector: r.inspector,
          issuedAt: r.issued_at,
          ...(r.issued_by ? { issuedBy: r.issued_by } : {}),
          base: JSON.parse(r.base) as Record<string, CaseState>,
          takenBack: JSON.parse(r.taken_back) as string[],
          ...(r.last_return_at ? { lastReturnAt: r.last_return_at } : {}),
          // Packages issued before revisions were kept have none, and merge by value.
          ...revisionsOf(r.base_revisions),
        })),
      conflicts: (inspectionId: string): StoredConflict[] =>
        conflicts.all(inspectionId).map((r) => ({ id: r.id, caseId: r.case_id, package: r.package_id, ref: r.ref, field: r.field, base: r.base, incoming: r.incoming, by: r.changed_by, at: r.changed_at })),
      conflictInspection: (id: string) => conflictInspection.get(id)?.inspection_id ?? null,
      /** The inspector a case is out with (in the newest package issued with it, not taken back), or null. */
      holder: (inspectionId: string, ref: string): string | null => {
        const p = newestIssued.get(inspectionId, ref);
        return p && !(JSON.parse(p.taken_back) as string[]).includes(ref) ? p.inspector : null;
      },
    };
  });
}
