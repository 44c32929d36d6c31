import { randomUUID } from 'node:crypto';
import {
  type FieldKey,
  type InspectionFile,
  type MergeResult,
  DEFAULT_SAMPLE,
  caseOwners,
  cutPackage,
  dayMonthYear,
  fieldValue,
  fieldworkDaysLeft,
  incomingFromFile,
  packageRecordOf,
  parseField,
  resolveConflict,
  teamProgress,
} from '../../core';
import type { MergePreview } from '../../core/api/team-contract';
import { type StoredPackage, type TeamStore, caseAssignments, exportInspection, importInspection } from '../../db';
import { FileTooLargeError, readInspection, readTextFile, serialiseInspection } from '../files/inspection-files';
import { seal } from '../files/seal';
import { writeFileAtomically } from '../files/write-atomically';
import { AppError, type Handlers } from './dispatch';
import type { HandlerContext } from './handlers';

type TeamHandlers = Pick<
  Handlers,
  'team.get' | 'team.setMembers' | 'case.assign' | 'package.issue' | 'package.check' | 'package.import' | 'package.return' | 'package.merge' | 'package.openReturns' | 'package.mergeMany' | 'conflict.list' | 'conflict.resolve' | 'case.takeBack'
>;

const PACKAGE_FILTERS = [{ name: 'Fieldwork package', extensions: ['json'] }];
const safeName = (s: string) => s.replace(/[^\p{L}\p{N} -]+/gu, '').trim() || 'inspection';

/** Cases of a package still out with its inspector: not taken back, not issued again since. */
export function outRefs(p: StoredPackage, all: readonly StoredPackage[]): string[] {
  const owners = caseOwners(all.filter((x) => x.direction === 'issued'));
  return Object.keys(p.base).filter((ref) => owners.get(ref) === p.id);
}

/** The inspector a case is out with in a package issued from this laptop, or null. */
export function caseHolder(team: TeamStore, inspectionId: string, ref: string): string | null {
  return team.holder(inspectionId, ref);
}

export function createTeamHandlers(ctx: HandlerContext, team: TeamStore, who: () => string, openText: (text: string, passphrase: string | undefined) => Promise<string>) {
  const { store } = ctx;
  const now = () => new Date().toISOString();
  const snapshotOf = (inspectionId: string) => team.snapshot(inspectionId);

  const parse = async (text: string, passphrase: string | undefined) => {
    const r = readInspection(await openText(text, passphrase), ctx.frameworks);
    if (!r.ok) {
      const first = r.issues[0]!;
      throw new AppError('VALIDATION', `This is not a file Fieldwork can read: ${first.path}: ${first.message}. Nothing was imported.`);
    }
    if (!r.file.package) throw new AppError('VALIDATION', 'This is an inspection file, not a work package or a return: import it from the inspections screen.');
    return r.file as InspectionFile & { package: NonNullable<InspectionFile['package']> };
  };
  const issuedHere = (file: InspectionFile) => team.packages(file.package!.inspectionId).find((p) => p.id === file.package!.id && p.direction === 'issued');

  /** Why a return for another inspection than the one being merged into is refused: which one it is for, from the file. */
  const otherInspection = (file: InspectionFile) =>
    `this return is for another inspection (${file.provider?.name ?? 'another provider'}${file.inspection?.fieldworkStart ? `, fieldwork from ${dayMonthYear(file.inspection.fieldworkStart)}` : ''}), not this one: merge it from that inspection's Team tab`;

  /** The dry run of a return against the store's own record of its package; `into`, the inspection being merged into. */
  const preview = (file: InspectionFile, source: string, into?: string): { result: MergeResult; preview: MergePreview } => {
    const pkg = file.package!;
    if (into !== undefined && pkg.inspectionId !== into) {
      const refused = [{ source, ref: null, reason: otherInspection(file) }];
      return {
        result: { applied: [], conflicts: [], refused, unchanged: 0, current: {}, packages: [], changedRefs: [] },
        preview: { inspectionId: into, inspector: pkg.inspector, applied: [], conflicts: [], refused: [{ ref: null, reason: refused[0]!.reason }], unchanged: 0 },
      };
    }
    const exists = store.listInspections().some((i) => i.id === pkg.inspectionId);
    if (!exists) throw new AppError('VALIDATION', 'This return belongs to an inspection that is not on this laptop. Nothing was merged.');
    const read = incomingFromFile(file, source);
    const packages = team.packages(pkg.inspectionId).filter((p) => p.direction === 'issued');
    const result = read.ok ? team.mergePlan(pkg.inspectionId, [read.incoming]) : { applied: [], conflicts: [], refused: [read.refusal], unchanged: 0, current: {}, packages, changedRefs: [] };
    return {
      result,
      preview: {
        inspectionId: pkg.inspectionId,
        inspector: pkg.inspector,
        applied: result.applied.map((a) => ({ ref: a.ref, field: a.field, from: a.from, to: a.to, by: a.by })),
        conflicts: result.conflicts.filter((c) => c.package === pkg.id).map((c) => ({ ref: c.ref, field: c.field, base: c.base, current: c.current, incoming: c.incoming, by: c.by })),
        refused: result.refused.map((r) => ({ ref: r.ref, ...(r.field ? { field: r.field } : {}), reason: r.reason })),
        unchanged: result.unchanged,
      },
    };
  };

  return {
    'team.get': ({ inspectionId }) => {
      const insp = store.getInspection(inspectionId);
      const packages = team.packages(inspectionId);
      const issued = packages.filter((p) => p.direction === 'issued');
      const received = packages.filter((p) => p.direction === 'received').sort((a, b) => b.issuedAt.localeCompare(a.issuedAt))[0];
      const conflicts = team.conflicts(inspectionId);
      const inspectorOf = new Map(issued.map((p) => [p.id, p.inspector]));
      const views = issued.map((p) => ({ id: p.id, inspector: p.inspector, issuedAt: p.issuedAt, issuedBy: p.issuedBy ?? '', cases: Object.keys(p.base), out: outRefs(p, issued), lastReturnAt: p.lastReturnAt ?? null }));
      const withInspector: Record<string, string> = {};
      for (const v of views) for (const ref of v.out) withInspector[ref] = v.inspector;
      const conflictsByCase: Record<string, number> = {};
      for (const c of conflicts) conflictsByCase[c.ref] = (conflictsByCase[c.ref] ?? 0) + 1;
      const members = team.members(inspectionId);
      return {
        members,
        packages: views,
        progress: teamProgress({
          // Inspector and status only: reading every case with its answers grew with the inspection (seconds at 3,000).
          cases: caseAssignments(store.db, inspectionId),
          packages: views.map((v) => ({ inspector: v.inspector, refs: v.cases, lastReturnAt: v.lastReturnAt, out: v.out })),
          conflicts: conflicts.map((c) => ({ inspector: inspectorOf.get(c.package) ?? c.by })),
          // The lead and a quality lead mark no cases of their own: they appear only once cases are assigned to them.
          members: members.filter((m) => m.role === 'inspector' || m.role === 'local-assessor').map((m) => m.name),
        }),
        daysLeft: fieldworkDaysLeft(ctx.services.today(), insp.fieldworkEnd),
        received: received ? { id: received.id, inspector: received.inspector, issuedBy: received.issuedBy ?? '', issuedAt: received.issuedAt } : null,
        withInspector,
        conflictsByCase,
      };
    },
    'team.setMembers': ({ inspectionId, members }) => {
      store.getInspection(inspectionId);
      const names = new Set<string>();
      for (const m of members) {
        const k = m.name.toLocaleLowerCase('en-GB');
        if (names.has(k)) throw new AppError('VALIDATION', `${m.name} is listed twice.`, { members: `${m.name} is listed twice` });
        names.add(k);
      }
      team.setMembers(inspectionId, members);
      return team.members(inspectionId);
    },
    'case.assign': ({ inspectionId, caseIds, inspector }) => {
      const mine = new Set(store.listCases(inspectionId).map((c) => c.id));
      const stray = caseIds.find((id) => !mine.has(id));
      if (stray) throw new AppError('NOT_FOUND', 'One of the cases is not in this inspection. Nothing was assigned.');
      return { assigned: team.assign(caseIds, inspector) };
    },
    'package.issue': async ({ inspectionId, inspector, passphrase }) => {
      const file = exportInspection(store, inspectionId);
      const cut = cutPackage(file, inspector, { id: randomUUID(), issuedAt: now(), issuedBy: who() });
      if (!cut.ok) throw new AppError('VALIDATION', `${cut.message.charAt(0).toUpperCase()}${cut.message.slice(1)}.`, { inspector: cut.message });
      const path = await ctx.services.chooseSavePath({
        title: `Save ${inspector}'s work package`,
        defaultName: `${safeName(file.provider?.name ?? '')} package for ${safeName(inspector)}.fieldwork.json`,
        filters: PACKAGE_FILTERS,
      });
      if (path === null) return { path: null, packageId: null, cases: cut.refs.length };
      await writeFileAtomically(path, await seal(serialiseInspection(cut.file), passphrase));
      // Recorded once the file exists: the store's record is the base every return is merged against.
      team.savePackage({ ...packageRecordOf(cut.file.package!), inspectionId, direction: 'issued' });
      return { path, packageId: cut.file.package!.id, cases: cut.refs.length };
    },
    'package.check': async ({ text, passphrase, inspectionId }) => {
      const file = await parse(text, passphrase);
      // Opened to merge into an inspection (its Team tab): a file for another one is a refused return, never a package to import.
      if (issuedHere(file) || (inspectionId !== undefined && file.package.inspectionId !== inspectionId)) return { kind: 'return' as const, preview: preview(file, 'return', inspectionId).preview };
      const pkg = file.package;
      return {
        kind: 'package' as const,
        inspectionId: pkg.inspectionId,
        inspector: pkg.inspector,
        issuedBy: pkg.issuedBy ?? '',
        issuedAt: pkg.issuedAt,
        cases: file.cases.length,
        refresh: store.listInspections().some((i) => i.id === pkg.inspectionId),
      };
    },
    'package.import': async ({ text, passphrase }) => {
      const file = await parse(text, passphrase);
      if (issuedHere(file)) throw new AppError('VALIDATION', 'This package was issued from this laptop: merge it as a return instead.');
      importPackage(file);
      return { inspectionId: file.package.inspectionId };
    },
    'package.return': async ({ inspectionId, passphrase }) => {
      const received = team.packages(inspectionId).filter((p) => p.direction === 'received').sort((a, b) => b.issuedAt.localeCompare(a.issuedAt))[0];
      if (!received) throw new AppError('VALIDATION', 'This inspection did not come from a work package, so there is nothing to return.');
      const { audit, ...file } = exportInspection(store, inspectionId);
      const refs = new Set(Object.keys(received.base));
      // Their history travels with the return, whichever file version this is: version 1's audit
      // trail or version 2's change log, cut to the package's cases.
      const caseIds = new Set(store.listCases(inspectionId).filter((c) => refs.has(c.ref)).map((c) => c.id));
      const log = file.changes;
      const ret: InspectionFile = {
        ...file,
        cases: file.cases.filter((c) => refs.has(c.ref)),
        judgements: {},
        ...(audit ? { audit: audit.filter((a) => a.caseRef !== null && refs.has(a.caseRef)) } : {}),
        ...(log ? { changes: log.filter((c) => !!c.caseId && caseIds.has(c.caseId)) } : {}),
        package: { id: received.id, kind: 'return', inspectionId, inspector: received.inspector, issuedAt: received.issuedAt, ...(received.issuedBy ? { issuedBy: received.issuedBy } : {}), returnedAt: now(), base: received.base },
      };
      for (const k of ['overrides', 'recommendations', 'judgementNotes', 'reportText', 'previousRecommendations', 'team'] as const) delete ret[k];
      const path = await ctx.services.chooseSavePath({
        title: 'Save your return for the lead inspector',
        defaultName: `${safeName(file.provider?.name ?? '')} return from ${safeName(received.inspector)} ${ctx.services.today()}.fieldwork.json`,
        filters: PACKAGE_FILTERS,
      });
      if (path === null) return { path: null };
      await writeFileAtomically(path, await seal(serialiseInspection(ret), passphrase));
      return { path };
    },
    'package.merge': async ({ text, passphrase, confirmRefused, inspectionId }) => {
      const file = await parse(text, passphrase);
      const { result, preview: p } = preview(file, `return from ${file.package.inspector}`, inspectionId);
      if (result.refused.some((r) => r.ref === null)) throw new AppError('VALIDATION', `${result.refused[0]!.reason.charAt(0).toUpperCase()}${result.refused[0]!.reason.slice(1)}. Nothing was merged.`);
      if (result.refused.length > 0 && !confirmRefused) throw new AppError('CONFLICT', 'Part of this return was refused. Confirm to merge the rest; nothing has been written yet.');
      team.applyMerge(p.inspectionId, result, `return from ${file.package.inspector}${file.package.returnedAt ? ` (${file.package.returnedAt})` : ''}`);
      return p;
    },
    'package.openReturns': async () => {
      const options = { title: 'Merge returns', defaultName: '', filters: PACKAGE_FILTERS };
      const s = ctx.services;
      const paths = s.chooseOpenPaths ? await s.chooseOpenPaths(options) : [await s.chooseOpenPath(options)].filter((p): p is string => p !== null);
      if (paths.length > 50) throw new AppError('VALIDATION', `${paths.length} files were chosen; merge at most 50 returns at a time.`);
      const out: { name: string; text: string }[] = [];
      for (const path of paths) {
        const name = path.split(/[\\/]/).pop() ?? path;
        try {
          out.push({ name, text: await readTextFile(path) });
        } catch (e) {
          if (e instanceof FileTooLargeError) throw new AppError('VALIDATION', `${name}: ${e.message}`);
          throw new AppError('VALIDATION', `${name} could not be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
        }
      }
      return out;
    },
    'package.mergeMany': async ({ files, passphrase, confirmRefused, dryRun, inspectionId: into }) => {
      // Every file read and checked before anything is merged: one unreadable file merges nothing.
      const read: { file: InspectionFile & { package: NonNullable<InspectionFile['package']> }; source: string; name: string }[] = [];
      for (const [i, f] of files.entries()) {
        try {
          read.push({ file: await parse(f.text, passphrase), source: `${i} ${f.name}`, name: f.name });
        } catch (e) {
          if (e instanceof AppError && e.code === 'VALIDATION') throw new AppError('VALIDATION', `${f.name}: ${e.message}`);
          throw e;
        }
      }
      const inspections = [...new Set(read.map((r) => r.file.package.inspectionId))];
      // Merged into the inspection whose Team tab they were chosen on: a return for another is that file's refused part.
      if (into === undefined && inspections.length > 1) throw new AppError('VALIDATION', 'These returns belong to different inspections: merge each inspection’s returns on its own. Nothing was merged.');
      const inspectionId = into ?? inspections[0]!;
      if (!store.listInspections().some((i) => i.id === inspectionId)) throw new AppError('VALIDATION', `${into === undefined ? 'These returns belong to an inspection' : 'That inspection'} is not on this laptop. Nothing was merged.`);
      const incoming = [];
      const early: MergeResult['refused'] = [];
      for (const r of read) {
        if (r.file.package.inspectionId !== inspectionId) {
          early.push({ source: r.source, ref: null, reason: otherInspection(r.file) });
          continue;
        }
        const one = incomingFromFile(r.file, r.source);
        if (one.ok) incoming.push(one.incoming);
        else early.push(one.refusal);
      }
      // One merge of them all: the same result whatever order they were chosen in.
      const result = team.mergePlan(inspectionId, incoming);
      result.refused.unshift(...early);
      const view = {
        inspectionId,
        files: read.map((r) => ({
          file: r.name,
          inspectionId,
          inspector: r.file.package.inspector,
          applied: result.applied.filter((a) => a.source === r.source).map((a) => ({ ref: a.ref, field: a.field, from: a.from, to: a.to, by: a.by })),
          conflicts: result.conflicts.filter((c) => c.package === r.file.package.id).map((c) => ({ ref: c.ref, field: c.field, base: c.base, current: c.current, incoming: c.incoming, by: c.by })),
          refused: result.refused.filter((x) => x.source === r.source).map((x) => ({ ref: x.ref, ...(x.field ? { field: x.field } : {}), reason: x.reason })),
          unchanged: result.unchangedBySource?.[r.source] ?? 0,
        })),
        openConflicts: result.conflicts.length,
        unchanged: result.unchanged,
      };
      if (dryRun) return view;
      if (result.refused.length > 0 && !confirmRefused) throw new AppError('CONFLICT', 'Part of these returns was refused. Confirm to merge the rest; nothing has been written yet.');
      const reasons = new Map(read.map((r) => [r.source, `return from ${r.file.package.inspector}${r.file.package.returnedAt ? ` (${r.file.package.returnedAt})` : ''}`]));
      team.applyMerge(inspectionId, result, (a) => reasons.get(a.source) ?? 'merged returns');
      return view;
    },
    'conflict.list': ({ inspectionId, caseId }) => {
      const current = snapshotOf(inspectionId);
      const inspectors = new Map(team.packages(inspectionId).map((p) => [p.id, p.inspector]));
      /** A comment's field says which comment: on what, and its words. */
      const about = (ref: string, field: string) => {
        const f = parseField(field);
        if (f?.kind !== 'comment') return {};
        const m = current[ref]?.comments?.[f.commentId];
        if (!m?.text) return {};
        const words = m.text.length > 80 ? `${m.text.slice(0, 79)}…` : m.text;
        return { about: `${m.questionId ? `On ${m.questionId}` : 'On the case'}: “${words}”` };
      };
      return team
        .conflicts(inspectionId)
        .filter((c) => !caseId || c.caseId === caseId)
        .map((c) => ({
          id: c.id,
          caseId: c.caseId,
          ref: c.ref,
          field: c.field,
          base: c.base,
          current: fieldValue(current[c.ref], c.field as FieldKey),
          incoming: c.incoming,
          by: c.by,
          at: c.at,
          inspector: inspectors.get(c.package) ?? c.by,
          ...about(c.ref, c.field),
        }));
    },
    'conflict.resolve': ({ conflictId, resolution, value }) => {
      const all = store.listInspections().flatMap((i) => team.conflicts(i.id).map((c) => ({ c, inspectionId: i.id })));
      const hit = all.find((x) => x.c.id === conflictId);
      if (!hit) throw new AppError('NOT_FOUND', 'That conflict has already been resolved.');
      const current = fieldValue(snapshotOf(hit.inspectionId)[hit.c.ref], hit.c.field as FieldKey);
      const r = resolveConflict(hit.c, current, resolution === 'edit' ? { kind: 'edit', value: value ?? null } : { kind: resolution });
      team.resolveConflict(hit.c, r.value, r.base, resolution);
      return { remaining: team.conflicts(hit.inspectionId).length };
    },
    'case.takeBack': ({ caseId }) => {
      const c = store.getCase(caseId);
      const issued = team.packages(c.inspectionId).filter((p) => p.direction === 'issued');
      const owner = issued.find((p) => outRefs(p, issued).includes(c.ref));
      if (!owner) throw new AppError('VALIDATION', `Case ${c.ref} is not out in a package.`);
      team.takeBack(owner, c.ref);
      return { ok: true as const };
    },
  } satisfies TeamHandlers;

  /** On the inspector's laptop: the inspection from the package, or new cases added to it; their work so far is kept. */
  function importPackage(file: InspectionFile & { package: NonNullable<InspectionFile['package']> }) {
    const pkg = file.package;
    const framework = ctx.frameworks.get(file.framework, file.frameworkRevision)!;
    store.db.transaction(() => {
      if (!store.listInspections().some((i) => i.id === pkg.inspectionId)) importInspection(store, { ...file, id: pkg.inspectionId }, framework.revision, { onDuplicate: 'keep-both', provider: { mode: 'auto' } });
      else {
        const have = store.caseRefs(pkg.inspectionId);
        for (const c of file.cases.filter((x) => !have.has(x.ref))) {
          const added = store.addCase({ inspectionId: pkg.inspectionId, ref: c.ref, crn: c.crn ?? '', name: c.name ?? '', sample: c.sample ?? DEFAULT_SAMPLE, assignedInspector: c.assignedInspector ?? '', attributes: c.attributes ?? {} });
          for (const [q, v] of Object.entries(c.answers)) store.setAnswer(added.id, q, v);
          for (const [q, n] of Object.entries(c.notes ?? {})) store.setNote(added.id, q, n);
        }
      }
      team.savePackage({ ...packageRecordOf(pkg), inspectionId: pkg.inspectionId, direction: 'received' });
    })();
  }
}

