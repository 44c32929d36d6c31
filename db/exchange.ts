import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  type Answer,
  COMMENT_ID,
  type FileComment,
  type ChangeRequest,
  CREATE,
  DELETE,
  INSPECTION_FILE_FORMAT,
  INSPECTION_FILE_VERSION,
  type InspectionFile,
  type Json,
  type Provider,
  britishDate,
  canonicalJson,
  deriveCaseStatus,
  fieldNames,
  MAX_COUNTER,
  formatHlc,
  nodeFromInstallation,
} from '../core';
import { openDatabase } from './connection';
import { casesRepository } from './repositories/cases';
import { changesRepository } from './repositories/changes';
import { inspectionStatus, readRow, rowsOfInspection } from './repositories/rows';
import { type UnfinishedImport, unfinishedImportsRepository } from './repositories/unfinished-imports';
import { inspectionsRepository } from './repositories/inspections';
import { judgementsRepository } from './repositories/judgements';
import { recommendationsRepository } from './repositories/recommendations';
import { reportNarrativeRepository } from './repositories/report-narrative';
import { reportTextRepository } from './repositories/report-text';
import { SampleDraws } from './repositories/sample-draws';
import { Store, StoreError } from './store';
import type { ReplayChange } from './write';
import { type StoredComment, qaRepository } from './repositories/qa';

/** Everything an inspection is, as the file format carries it (without the checksum, added by the caller). */
export function exportInspection(store: Store, inspectionId: string): InspectionFile {
  const db = store.db;
  const insp = store.getInspection(inspectionId);
  const meta = inspectionsRepository(db).recorded(inspectionId);
  const cases = casesRepository(db).rows(inspectionId, 'file');
  const answers = store.answersByCase(inspectionId);
  const seconds = qaRepository(db).secondByCase(inspectionId);
  const comments = new Map<string, StoredComment[]>();
  for (const m of qaRepository(db).commentsOfInspection(inspectionId)) comments.set(m.caseId, [...(comments.get(m.caseId) ?? []), m]);
  const judgements = store.judgements(inspectionId);
  const overrides = judgementsRepository(db).overrides(inspectionId);
  const texts = store.standardTexts(inspectionId);
  const progress = store.recommendationProgress(inspectionId);
  const judgementNotes = Object.fromEntries(judgements.flatMap((j) => Object.entries(j.notes)));
  const progressRows = recommendationsRepository(db).progress(inspectionId);
  const recRows = recommendationsRepository(db).list(inspectionId);
  const draws = new SampleDraws(db, store).list(inspectionId);
  const { sections: allSections, facts } = store.reportNarrative(inspectionId);
  const { title, 'eligibility-start': eligibilityStart, 'eligibility-end': eligibilityEnd, ...sections } = allSections;
  // The file keeps narrative and practice examples only where written (older readers know only the first two).
  const reportText = Object.fromEntries(
    Object.entries(texts).map(([sid, t]) => [
      sid,
      { strengths: t.strengths, improvements: t.improvements, ...(t.narrative ? { narrative: t.narrative } : {}), ...(t.practiceExamples ? { practiceExamples: t.practiceExamples } : {}) },
    ]),
  );
  // The inspection's log, and its provider's (the provider is shared, so its changes carry no inspection).
  // Records of imports are this store's own history (which files came in here), not the inspection's: they stay.
  const changes = [...store.changes(inspectionId).filter((c) => c.entity !== 'provider' && c.entity !== 'import'), ...store.providerChanges(insp.provider.id)]
    .sort((a, b) => (a.clock < b.clock ? -1 : 1))
    .map(({ inspectionId: _scope, ...c }) => c);
  return {
    format: INSPECTION_FILE_FORMAT,
    formatVersion: INSPECTION_FILE_VERSION,
    id: insp.id,
    framework: insp.frameworkId,
    frameworkRevision: insp.frameworkRevision,
    provider: { id: insp.provider.id, name: insp.provider.name, type: insp.provider.type, owner: insp.provider.owner, region: insp.provider.region },
    inspection: {
      ...(title ? { title } : {}),
      fieldworkStart: insp.fieldworkStart,
      fieldworkEnd: insp.fieldworkEnd,
      ...(insp.caseloadSize !== null ? { caseloadSize: insp.caseloadSize } : {}),
      status: insp.status,
      ...(eligibilityStart ? { eligibilityStart } : {}),
      ...(eligibilityEnd ? { eligibilityEnd } : {}),
    },
    cases: cases.map((c) => {
      const a = answers.get(c.id) ?? new Map<string, { value: Answer | null; note: string }>();
      return {
        id: c.id,
        ref: c.ref,
        ...(c.crn ? { crn: c.crn } : {}),
        ...(c.name ? { name: c.name } : {}),
        sample: c.sample,
        status: deriveCaseStatus(c.completed_at, a.values()),
        ...(c.assigned_inspector ? { assignedInspector: c.assigned_inspector } : {}),
        attributes: casesRepository(db).summary(c.id).attributes,
        answers: Object.fromEntries([...a].filter(([, v]) => v.value !== null).sort(([x], [y]) => x.localeCompare(y)).map(([q, v]) => [q, v.value as Answer])),
        notes: Object.fromEntries([...a].filter(([, v]) => v.note !== '').sort(([x], [y]) => x.localeCompare(y)).map(([q, v]) => [q, v.note])),
        ...(c.completed_at !== null ? { completedAt: c.completed_at } : {}),
        ...(c.reopen_reason !== null ? { reopenReason: c.reopen_reason } : {}),
        ...(seconds.has(c.id) ? { secondMarking: seconds.get(c.id)! } : {}),
        ...(c.qa_status !== 'draft' ? { qaStatus: c.qa_status } : {}),
        ...(comments.has(c.id) ? { comments: fileComments(comments.get(c.id)!) } : {}),
      };
    }),
    judgements: Object.fromEntries(judgements.map((j) => [j.standardId, { rating: j.rating, rationale: j.rationale }])),
    ...(Object.keys(judgementNotes).length ? { judgementNotes } : {}),
    overrides: Object.fromEntries(overrides.map((o) => [o.standard_id, { rating: o.rating, reason: o.reason }])),
    recommendations: recRows.map((r) => ({ id: r.id, text: r.text, ...(r.addressee ? { addressee: r.addressee } : {}) })),
    ...(Object.keys(sections).length ? { reportSections: sections } : {}),
    ...(Object.keys(facts).length ? { contextFacts: facts } : {}),
    ...(Object.keys(reportText).length ? { reportText } : {}),
    ...(progress.length
      ? { previousRecommendations: progressRows.map((p) => ({ id: p.id, recommendationId: p.recommendationId, text: p.text, progress: p.progress, note: p.note })) }
      : {}),
    ...(draws.length ? { sampleDraws: draws.map(({ settings, ...d }) => ({ ...d, settings: (settings ?? {}) as Json })) } : {}),
    changes,
    exportedAt: new Date().toISOString(),
    ...(meta.kind === 'ratings-only'
      ? {
          ratingsOnly: {
            standards: Object.fromEntries(meta.standards.map((r) => [r.standardId, r.rating])),
            ...(meta.overall ? { overall: { rating: meta.overall, ...(meta.score !== null ? { score: meta.score } : {}) } } : {}),
            ...(meta.keyQuestions.length ? { keyQuestions: Object.fromEntries(meta.keyQuestions.map((k) => [k.keyQuestionId, { percent: k.percent, ...(k.base !== null ? { base: k.base } : {}) }])) } : {}),
          },
        }
      : {}),
  };
}

export type ProviderChoice = { mode: 'auto' } | { mode: 'existing'; id: string } | { mode: 'new' };

/** How a file's provider relates to the store: matched by id or exact name, or candidates to confirm. */
export function matchProvider(store: Store, p: NonNullable<InspectionFile['provider']>): { match: Provider | null; candidates: Provider[] } {
  const all = store.listProviders();
  const byId = p.id ? all.find((x) => x.id === p.id) : undefined;
  if (byId) return { match: byId, candidates: [] };
  const byName = all.find((x) => x.name.trim().toLowerCase() === p.name.trim().toLowerCase());
  if (byName) return { match: byName, candidates: [] };
  const words = new Set(p.name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2 && !['crc', 'pdu', 'nps', 'the', 'and'].includes(w)));
  return { match: null, candidates: all.filter((x) => x.name.toLowerCase().split(/[^a-z0-9]+/).some((w) => words.has(w))) };
}

export interface ImportOptions {
  /** What to do when the store already has an inspection with the file's id. */
  onDuplicate: 'replace' | 'keep-both';
  provider: ProviderChoice;
  /**
   * The file imported: given, the import is recorded as an entry of its own (who, when, which file,
   * how, what it changed) and every change it brings or makes is marked as arriving with it.
   */
  source?: ImportSource;
}

export interface ImportSource {
  fileName: string;
  /** SHA-256 (hex) of the file's bytes as read. */
  sha256: string;
  /** The backup taken before a replace. */
  backup: string | null;
}

/** Whether an import would replace an inspection already in the store (so the caller backs up first). */
export function importReplaces(store: Store, file: InspectionFile, o: Pick<ImportOptions, 'onDuplicate'>): boolean {
  return o.onDuplicate === 'replace' && !!file.id && inspectionsRepository(store.db).find(file.id) !== undefined;
}

/** Changes that remove every row of an inspection's contents (the history stays in the log). */
function clearInspection(store: Store, id: string): ChangeRequest[] {
  const db = store.db;
  const del = (entity: ChangeRequest['entity'], rowId: string): ChangeRequest => ({ entity, id: rowId, field: DELETE, value: null });
  const j = judgementsRepository(db);
  const meta = inspectionsRepository(db).recorded(id);
  const answers = casesRepository(db).answersByCase(id);
  return [
    ...meta.standards.map((r) => del('recorded-rating', r.id)),
    ...meta.keyQuestions.map((k) => del('recorded-key-question', k.id)),
    ...j.notes(id).map((n) => del('judgement-note', n.id)),
    ...j.list(id).map((x) => del('judgement', x.id)),
    ...j.overrides(id).map((o) => del('override', o.id)),
    ...reportTextRepository(db).list(id).map((t) => del('report-text', t.id)),
    ...reportNarrativeRepository(db).sections(id).map((t) => del('report-section', t.id)),
    ...reportNarrativeRepository(db).facts(id).map((t) => del('report-fact', t.id)),
    ...recommendationsRepository(db).list(id).map((r) => del('recommendation', r.id)),
    ...recommendationsRepository(db).progress(id).map((p) => del('recommendation-progress', p.id)),
    ...qaRepository(db).dipSamples(id).map((d) => del('dip-sample', d.id)),
    ...qaRepository(db).commentsOfInspection(id).map((m) => del('qa-comment', m.id)),
    ...casesRepository(db)
      .rows(id)
      .flatMap((c) => qaRepository(db).secondOfCase(c.id).map((a) => del('second-answer', a.id))),
    ...casesRepository(db)
      .rows(id)
      .flatMap((c) => [...[...(answers.get(c.id)?.values() ?? [])].map((a) => del('answer', (a as { id: string }).id)), del('case', c.id)]),
  ];
}

/**
 * Writes a validated file into the store through the one write path, in one transaction: the whole
 * inspection arrives or nothing changes. Replacing an inspection records the removal of its old
 * contents as changes: nothing is taken out of the history. Callers check the file first.
 */
export function importInspection(store: Store, file: InspectionFile, frameworkRevision: string, o: ImportOptions): string {
  // Checked in the caller's transaction where there is one (the app's import): nothing can start between.
  refuseWhileImporting(store, file.id);
  const exists = file.id ? inspectionsRepository(store.db).find(file.id) !== undefined : false;
  // A version 2 file brings its history: replayed, it keeps every id, who and when. A second copy
  // beside the original (keep both) needs new ids, so it starts a history of its own.
  const run = () => {
    const id =
      file.id && file.changes && file.changes.length > 0 && !(exists && o.onDuplicate === 'keep-both')
        ? importWithHistory(store, file as InspectionFile & { id: string }, o)
        : importSnapshot(store, file, frameworkRevision, o);
    // How the samples were drawn, for a store that does not know yet (the lead's own draws stay as they are).
    const draws = new SampleDraws(store.db, store);
    for (const d of file.sampleDraws ?? []) draws.restore(id, d);
    return id;
  };
  const source = o.source;
  if (!source) return run();
  const log = changesRepository(store.db);
  const importId = randomUUID();
  return store.db.transaction(() => {
    const inspectionId = log.withSource(importId, run);
    recordImport(store, importId, inspectionId, file, source, exists ? o.onDuplicate : 'new');
    return inspectionId;
  })();
}

/**
 * The import's own entry in the log (who, when, which file, how, what it changed), marked as arriving
 * with it. Changes taken from the file keep the file's clocks; the others the import made as the
 * importing user. An import that changed nothing (the same file again) leaves no trace: importing
 * stays idempotent. Call in the transaction that ends the import.
 */
function recordImport(store: Store, importId: string, inspectionId: string, file: InspectionFile, source: ImportSource, mode: 'new' | 'replace' | 'keep-both'): void {
  const log = changesRepository(store.db);
  const fileClocks = new Set((file.changes ?? []).map((c) => c.clock));
  const arrived = log.sourcesOf(importId);
  const fromFile = [...arrived].filter((c) => fileClocks.has(c)).length;
  const toMatch = arrived.size - fromFile;
  if (arrived.size === 0) return;
  log.withSource(importId, () =>
    store.apply([
      {
        entity: 'import',
        id: importId,
        field: CREATE,
        value: { inspectionId, fileName: source.fileName, fileSha256: source.sha256, formatVersion: file.formatVersion, mode, fromFile, toMatch, backup: source.backup },
      },
    ]),
  );
}

/** Runs `write` (one short transaction) in a write turn of its own: other writers go between two calls. */
export type WriteInTurn = <T>(write: () => T, o?: { cancellable?: boolean }) => Promise<T>;

/** About how long one of a chunked import's transactions holds the store: the longest a save waits for it. */
const CHUNK_MS = 20;
/** Changes of a file's log replayed at a time (the chunk ends once CHUNK_MS has passed). */
const REPLAY_SLICE = 200;

/**
 * A file that brings a new inspection (or a second copy beside one), written in short transactions so
 * saves to other inspections go on between them, while the inspector still sees it arrive whole: until
 * the last transaction the inspection is unfinished and no read lists or finds it (unfinished-imports).
 * Every row is written through the one write path and logged, marked as arriving with the import, as
 * importInspection writes them. Failed or cancelled, what was written is taken out again (see
 * discardUnfinishedImport), so the store is as it was for the inspector.
 *
 * Returns null, having written nothing the inspector can see, for a file it does not take: a replace
 * (the old contents stay in view until the new are whole, so it is one transaction), a log that does
 * not replay to the file's contents, or one this store has seen before; the caller imports those whole.
 */
export async function importNewInspectionInChunks(
  store: Store,
  file: InspectionFile,
  frameworkRevision: string,
  o: ImportOptions & { source: ImportSource; finish?: (inspectionId: string) => void },
  inTurn: WriteInTurn,
): Promise<string | null> {
  refuseWhileImporting(store, file.id);
  const inspections = inspectionsRepository(store.db);
  const exists = file.id ? inspections.find(file.id) !== undefined : false;
  if (exists && o.onDuplicate === 'replace') return null;
  const history = file.id && file.changes && file.changes.length > 0 && !exists ? file.changes : null;
  let inspectionId: string;
  let slices: (() => void)[];
  let asFileSays: () => boolean = () => true;
  if (history && file.id) {
    const id = file.id;
    const created = history.find((c) => c.entity === 'inspection' && c.id === id && c.field === CREATE)?.value;
    const fileProviderId = created && typeof created === 'object' && !Array.isArray(created) ? created.providerId : undefined;
    // Changes this store has already (an inspection deleted here before) take the careful way, whole.
    if (typeof fileProviderId !== 'string' || history.some((c) => changesRepository(store.db).has(c.clock))) return null;
    // A log that does not give the file's contents is refused whole, writing nothing: checked first in an
    // empty store of its own (this thread's time, no one else's), as the careful way checks it.
    if (!replaysToFile(file as InspectionFile & { id: string })) return null;
    const plan = replayPlan(store, file as InspectionFile & { id: string }, history, fileProviderId, o);
    // The log in clock order, as one replay applies it, so slices of it give the same rows.
    const sorted = [...plan.replay].sort((a, b) => (a.clock < b.clock ? -1 : a.clock > b.clock ? 1 : 0));
    inspectionId = id;
    slices = [() => plan.pre.length > 0 && void store.apply(plan.pre)];
    for (let i = 0; i < sorted.length; i += REPLAY_SLICE) {
      const slice = sorted.slice(i, i + REPLAY_SLICE);
      slices.push(() => void store.replay(slice, { inspectionId: id }));
    }
    asFileSays = () => inspections.find(id) !== undefined && contents(exportInspection(store, id)) === contents(file);
  } else {
    const plan = snapshotPlan(store, file, frameworkRevision, o);
    inspectionId = plan.id;
    slices = [];
    for (let i = 0; i < plan.history.length; i += REPLAY_SLICE) {
      const slice = plan.history.slice(i, i + REPLAY_SLICE);
      slices.push(() => void store.replay(slice));
    }
    // Whole cases at a time: the write path settles a case's completion against all its answers.
    slices.push(...caseGroups(plan.changes).map((g) => () => void store.apply(g, { restore: true })));
    if (plan.final) slices.push(() => void store.apply([{ entity: 'inspection', id: inspectionId, field: 'status', value: 'final' }]));
  }
  const log = changesRepository(store.db);
  const unfinished = unfinishedImportsRepository(store.db);
  const u: UnfinishedImport = { inspectionId, importId: randomUUID(), ...(file.provider ? { provider: file.provider.name } : {}), ...(file.inspection?.fieldworkStart ? { fieldworkStart: file.inspection.fieldworkStart } : {}) };
  // This connection reads what it writes; only while it runs (where the store's own connection runs
  // the import, in tests and the CLI, commands answered between chunks see it as everyone does).
  const asWriter = <T>(fn: () => T): T => {
    unfinished.writing(true);
    try {
      return fn();
    } finally {
      unfinished.writing(false);
    }
  };
  let written = false;
  try {
    let next = 0;
    while (next < slices.length) {
      await inTurn(() =>
        asWriter(() =>
          store.db.transaction(() => {
            // Saves went in since the last chunk, through another connection: this one's clock follows theirs.
            store.catchUp();
            // Hidden from the first row written: marked in the same transaction, once it is sure the id is
            // free (another import may have begun or finished it since the plan was made; marking an
            // inspection already here would have a clean-up delete it).
            if (!written) {
              refuseWhileImporting(store, inspectionId);
              if (inspections.find(inspectionId)) throw new StoreError('CONFLICT', IMPORTED_MEANWHILE);
              unfinished.mark(u, new Date().toISOString());
            }
            const started = performance.now();
            do log.withSource(u.importId, slices[next++]!);
            while (next < slices.length && performance.now() - started < CHUNK_MS);
          })(),
        ),
      );
      written = true;
    }
    // Read outside any write turn: saves go on meanwhile.
    if (!asWriter(asFileSays)) {
      await inTurn(() => discardUnfinishedImport(store, u), { cancellable: false });
      written = false;
      return null;
    }
    await inTurn(() =>
      asWriter(() =>
        store.db.transaction(() => {
          store.catchUp();
          const draws = new SampleDraws(store.db, store);
          for (const d of file.sampleDraws ?? []) log.withSource(u.importId, () => draws.restore(inspectionId, d));
          o.finish?.(inspectionId);
          recordImport(store, u.importId, inspectionId, file, o.source, exists ? o.onDuplicate : 'new');
          unfinished.finish(inspectionId);
        })(),
      ),
    );
    written = false;
    return inspectionId;
  } catch (e) {
    if (written) await inTurn(() => discardUnfinishedImport(store, u), { cancellable: false });
    throw e;
  }
}

/** Whether a file's own log, replayed into an empty store, gives the file's contents. */
function replaysToFile(file: InspectionFile & { id: string }): boolean {
  const scratch = new Store(openDatabase(':memory:'));
  try {
    scratch.db.pragma('foreign_keys = OFF');
    scratch.replay(file.changes ?? [], { inspectionId: file.id });
    return inspectionsRepository(scratch.db).find(file.id) !== undefined && contents(exportInspection(scratch, file.id)) === contents(file);
  } finally {
    scratch.db.close();
  }
}

/** An import's changes split before each case's creation: each group holds whole cases (the first, what comes before them). */
function caseGroups(changes: readonly ChangeRequest[]): ChangeRequest[][] {
  const groups: ChangeRequest[][] = [[]];
  for (const c of changes) {
    if (c.entity === 'case' && c.field === CREATE && groups.at(-1)!.length > 0) groups.push([]);
    groups.at(-1)!.push(c);
  }
  return groups;
}

/**
 * Takes an unfinished import out of the store: every row it wrote is deleted through the write path
 * (so the log tells what happened: nothing is taken out of the history), with the provider it brought
 * if no other inspection has it, and the inspection is no longer marked unfinished. One transaction.
 */
export function discardUnfinishedImport(store: Store, u: UnfinishedImport): void {
  const db = store.db;
  const unfinished = unfinishedImportsRepository(db);
  db.transaction(() => {
    store.catchUp();
    if (inspectionsRepository(db).find(u.inspectionId)) {
      const reason = 'an import that did not finish, taken out';
      if (inspectionStatus(db, u.inspectionId) === 'final') store.apply([{ entity: 'inspection', id: u.inspectionId, field: 'status', value: 'draft', reason }]);
      store.apply(store.inspectionDeletions(u.inspectionId).map((c) => ({ ...c, reason })));
    }
    for (const providerId of changesRepository(db).createdWith(u.importId, 'provider'))
      if (store.listProviders().some((p) => p.id === providerId) && !unfinished.providerInUse(providerId)) store.apply([{ entity: 'provider', id: providerId, field: DELETE, value: null }]);
    unfinished.finish(u.inspectionId);
  })();
}

/** Takes out every import a crash left unfinished (at start, before anything reads the store). */
export function discardUnfinishedImports(store: Store): UnfinishedImport[] {
  const left = unfinishedImportsRepository(store.db).list();
  for (const u of left) discardUnfinishedImport(store, u);
  return left;
}

/** What the inspector is told at start about an import taken out because the app stopped during it. */
export function unfinishedImportNotice(u: UnfinishedImport): string {
  const what = u.provider ? `The import of ${u.provider}'s inspection${u.fieldworkStart ? ` (fieldwork from ${britishDate(u.fieldworkStart)})` : ''}` : 'An inspection import';
  return `${what} did not finish when Fieldwork last stopped, so it was taken out: nothing of it was kept and nothing else changed. Import the file again.`;
}

/** Said instead when the clean-up itself failed: the half-imported inspection stays hidden until it succeeds. */
export const UNFINISHED_IMPORT_NOT_REMOVED =
  'An inspection import that did not finish when Fieldwork last stopped could not be taken out. It stays hidden, and importing that file is refused until it is. Restart Fieldwork; if this message stays, restore the latest backup from Settings.';

/** What a file says, for comparing a file's contents with what its change log produces. */
function contents(f: InspectionFile): string {
  return canonicalJson({
    inspection: f.inspection,
    cases: f.cases.map(({ status: _s, ...c }) => c),
    judgements: f.judgements,
    judgementNotes: f.judgementNotes,
    overrides: f.overrides ?? {},
    recommendations: f.recommendations ?? [],
    reportText: f.reportText,
    reportSections: f.reportSections,
    contextFacts: f.contextFacts,
    previousRecommendations: f.previousRecommendations,
    ratingsOnly: f.ratingsOnly,
  });
}

const EDITED_BY_HAND = "The file's contents do not match its own change log (it looks edited by hand), so it was not imported.";

/** Thrown inside a transaction to roll it back: the quick way in did not give the file's contents. */
class NotAsFileSays extends Error {}

/**
 * Imports a version 2 file through its change log: the log is replayed into the store (each change
 * keeps its id, clock, actor and time; changes the store already has are skipped), then anything
 * the store still differs in (an inspection replaced over newer local edits, rows the file no longer
 * has) is brought in line by changes of the importing user. History is never deleted.
 */
function importWithHistory(store: Store, file: InspectionFile & { id: string }, o: ImportOptions): string {
  const id = file.id;
  const changes = file.changes ?? [];
  // The usual case, a new inspection: its log is replayed straight into the store and the result
  // compared with the file's contents; a difference rolls it back and takes the careful way below.
  if (!inspectionsRepository(store.db).find(id)) {
    const created = changes.find((c) => c.entity === 'inspection' && c.id === id && c.field === CREATE)?.value;
    const fileProviderId = created && typeof created === 'object' && !Array.isArray(created) ? created.providerId : undefined;
    if (typeof fileProviderId === 'string')
      try {
        return store.db.transaction(() => {
          replayAs(store, file, changes, fileProviderId, o);
          // Nothing back when the store already has these changes (an inspection deleted here before).
          if (!inspectionsRepository(store.db).find(id) || contents(exportInspection(store, id)) !== contents(file)) throw new NotAsFileSays();
          return id;
        })();
      } catch (e) {
        // A row the log says is here already but is not (an import of this file taken out part-way): the
        // replay meets it missing. The careful way below creates such rows again first.
        if (!(e instanceof NotAsFileSays) && !isForeignKeyFailure(e)) throw e;
      }
  }
  // What the file says the inspection is: its own log replayed into an empty store.
  const scratch = new Store(openDatabase(':memory:'));
  try {
    scratch.db.pragma('foreign_keys = OFF');
    scratch.replay(changes, { inspectionId: id });
    if (!inspectionsRepository(scratch.db).find(id) || contents(exportInspection(scratch, id)) !== contents(file)) throw new StoreError('CONFLICT', EDITED_BY_HAND, 'changes');
    // Cases are recreated (when they must be) in the file's order, which is the order the app lists them in.
    const fileOrder = new Map(file.cases.map((c, i) => [c.id, i]));
    const want = rowsOfInspection(scratch.db, id).map((r, i) => ({ r, i })).sort((a, b) => (a.r.entity === 'case' && b.r.entity === 'case' ? (fileOrder.get(a.r.id) ?? 0) - (fileOrder.get(b.r.id) ?? 0) : a.i - b.i)).map((x) => x.r);
    const careful = store.db.transaction(() => {
      const fileProviderId = String(want.find((r) => r.entity === 'inspection')!.row.providerId);
      const { providerId, pre, replay } = replayPlan(store, file, changes, fileProviderId, o);
      if (pre.length) store.apply(pre);
      // Rows the file has whose creation the log holds already, so the replay skips it, though the row is
      // gone (an inspection deleted here, an import of this file taken out part-way): created again first,
      // as the file has them, so the changes replayed after them find them.
      const again = rowsToCreateAgain(store, want, replay);
      if (again.length) store.apply(again.map((w) => ({ entity: w.entity, id: w.id, field: CREATE, value: w.entity === 'inspection' ? { ...w.row, providerId, status: 'draft' } : w.row })), { restore: true });
      store.replay(replay, { inspectionId: id });
      const have = new Map(rowsOfInspection(store.db, id).map((r) => [`${r.entity}:${r.id}`, r]));
      const wanted = new Set(want.map((r) => `${r.entity}:${r.id}`));
      const fix: ChangeRequest[] = [];
      let finalStatus: Json | undefined;
      for (const w of want) {
        const row = w.entity === 'inspection' ? { ...w.row, providerId } : w.row;
        const h = have.get(`${w.entity}:${w.id}`);
        if (!h) fix.push({ entity: w.entity, id: w.id, field: CREATE, value: w.entity === 'inspection' ? { ...row, status: 'draft' } : row });
        else
          for (const f of fieldNames(w.entity)) {
            if (w.entity === 'inspection' && f === 'status') continue;
            if (canonicalJson(h.row[f] ?? null) !== canonicalJson(row[f] ?? null)) fix.push({ entity: w.entity, id: w.id, field: f, value: row[f] ?? null });
          }
        if (w.entity === 'inspection' && (h?.row.status ?? 'draft') !== row.status) finalStatus = row.status ?? 'draft';
      }
      for (const h of [...have.values()].reverse()) if (!wanted.has(`${h.entity}:${h.id}`)) fix.push({ entity: h.entity, id: h.id, field: DELETE, value: null });
      if (fix.length > 0) {
        if (store.getInspection(id).status === 'final') store.apply([{ entity: 'inspection', id, field: 'status', value: 'draft' }]);
        store.apply(fix, { restore: true });
        finalStatus ??= want.find((r) => r.entity === 'inspection')!.row.status;
      }
      if (finalStatus !== undefined && store.getInspection(id).status !== finalStatus) store.apply([{ entity: 'inspection', id, field: 'status', value: finalStatus }]);
      return id;
    });
    try {
      return careful();
    } catch (e) {
      // Rolled back, nothing written: the inspector reads what to do, not the database's words.
      if (isForeignKeyFailure(e)) throw new StoreError('CONFLICT', NOT_PUT_TOGETHER, 'changes');
      throw e;
    }
  } finally {
    scratch.db.close();
  }
}

const NOT_PUT_TOGETHER =
  "Fieldwork could not put this inspection together from the file: its change log refers to something this store no longer has. Nothing was changed. Ask whoever sent the file to export it again and import that, or keep a copy of this file and report the problem.";

/** Whether a write failed because a row it refers to is not there (SQLite's foreign-key check). */
function isForeignKeyFailure(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

type WantedRow = ReturnType<typeof rowsOfInspection>[number];

/**
 * The rows the file has that are not in the store and that replaying its log will not create (their
 * creation is in the log already), with the rows they belong to that are missing too, and any case the
 * replay writes into that the file deletes later; the inspection first, then cases, then the rest, so
 * each finds what it belongs to.
 */
function rowsToCreateAgain(store: Store, want: readonly WantedRow[], replay: readonly ReplayChange[]): WantedRow[] {
  const log = changesRepository(store.db);
  const key = (entity: string, rowId: string) => `${entity}:${rowId}`;
  const created = new Set(replay.filter((c) => c.field === CREATE && !log.has(c.clock)).map((c) => key(c.entity, c.id)));
  const byKey = new Map(want.map((w) => [key(w.entity, w.id), w]));
  const need = new Set<string>();
  const add = (k: string) => {
    const w = byKey.get(k);
    if (!w || need.has(k) || readRow(store.db, w.entity, w.id) !== undefined) return;
    need.add(k);
    // What the row belongs to, missing as well, is created again with it (a replayed creation of it would come too late).
    if (typeof w.row.caseId === 'string') add(key('case', w.row.caseId));
    if (w.entity !== 'inspection' && typeof w.row.inspectionId === 'string') add(key('inspection', w.row.inspectionId));
  };
  for (const w of want) if (!created.has(key(w.entity, w.id))) add(key(w.entity, w.id));
  // A row the replay writes into (an answer of a case) that the file takes out later, and that is gone here
  // already: created again as the file first had it, so the replayed changes find it. Not wanted, it is
  // taken out again with the rows the file no longer has.
  const gone: WantedRow[] = [];
  const record = (v: unknown): v is Record<string, Json> => !!v && typeof v === 'object' && !Array.isArray(v);
  for (const c of replay) {
    if (c.field !== CREATE || !created.has(key(c.entity, c.id)) || !record(c.value)) continue;
    const caseId = c.value.caseId;
    if (typeof caseId !== 'string' || created.has(key('case', caseId)) || byKey.has(key('case', caseId)) || readRow(store.db, 'case', caseId) !== undefined || gone.some((g) => g.id === caseId)) continue;
    const first = replay.find((x) => x.entity === 'case' && x.id === caseId && x.field === CREATE);
    if (!first || !record(first.value)) continue;
    gone.push({ entity: 'case', id: caseId, row: first.value as WantedRow['row'] });
    if (typeof first.value.inspectionId === 'string') add(key('inspection', first.value.inspectionId));
  }
  const rank = (e: string) => (e === 'inspection' ? 0 : e === 'case' ? 1 : 2);
  return [...want.filter((w) => need.has(key(w.entity, w.id))), ...gone]
    .map((w, i) => ({ w, i }))
    .sort((a, b) => rank(a.w.entity) - rank(b.w.entity) || a.i - b.i)
    .map((x) => x.w);
}

/**
 * What replaying a file's log under the provider chosen for it (the file's own, a matching one already
 * here, or a new one) writes: the new provider, if any, and the log with its provider mapped.
 */
function replayPlan(store: Store, file: InspectionFile & { id: string }, changes: readonly ReplayChange[], fileProviderId: string, o: ImportOptions): { providerId: string; pre: ChangeRequest[]; replay: ReplayChange[] } {
  const pre: ChangeRequest[] = [];
  let providerId = fileProviderId;
  if (o.provider.mode === 'existing') providerId = store.getProvider(o.provider.id).id;
  else if (o.provider.mode === 'auto') providerId = (file.provider ? matchProvider(store, file.provider).match?.id : undefined) ?? fileProviderId;
  else if (store.listProviders().some((p) => p.id === fileProviderId) || file.provider === undefined) {
    // "A new provider" although the file's is already here: a separate one, under a name of its own.
    providerId = randomUUID();
    const p = file.provider ?? { name: 'Unnamed provider', type: 'CRC' as const };
    const taken = store.listProviders().some((x) => x.name.toLowerCase() === p.name.toLowerCase());
    pre.push({ entity: 'provider', id: providerId, field: CREATE, value: { name: taken ? `${p.name} (imported)` : p.name, type: p.type, owner: p.owner ?? '', region: p.region ?? '' } });
  }
  if (providerId === fileProviderId && !store.listProviders().some((p) => p.id === fileProviderId) && !replayCreates(store, changes, 'provider', fileProviderId)) {
    // The file's provider, whose creation the log has already (an import of this file taken out part-way
    // took the provider with it): the replay would skip it, so it is created again, as the file has it.
    const p = file.provider ?? { name: 'Unnamed provider', type: 'CRC' as const };
    pre.push({ entity: 'provider', id: fileProviderId, field: CREATE, value: { name: p.name, type: p.type, owner: p.owner ?? '', region: p.region ?? '' } });
  }
  const remap = providerId !== fileProviderId;
  const mapValue = (c: ReplayChange): ReplayChange => {
    if (c.entity !== 'inspection') return c;
    if (c.field === 'providerId' && c.value === fileProviderId) return { ...c, value: providerId };
    if (c.field === CREATE && c.value && typeof c.value === 'object' && !Array.isArray(c.value) && c.value.providerId === fileProviderId) return { ...c, value: { ...c.value, providerId } };
    return c;
  };
  const replay = changes.filter((c) => !(remap && c.entity === 'provider' && c.id === fileProviderId)).map((c) => (remap ? mapValue(c) : c));
  return { providerId, pre, replay };
}

/** Whether replaying these changes creates the row: its creation is among them and not in the log already (a replay skips those). */
function replayCreates(store: Store, changes: readonly ReplayChange[], entity: ReplayChange['entity'], id: string): boolean {
  const log = changesRepository(store.db);
  return changes.some((c) => c.entity === entity && c.id === id && c.field === CREATE && !log.has(c.clock));
}

/** Replays a file's log into the store under the provider chosen for it; returns the provider's id. Call inside a transaction. */
function replayAs(store: Store, file: InspectionFile & { id: string }, changes: readonly ReplayChange[], fileProviderId: string, o: ImportOptions): string {
  const { providerId, pre, replay } = replayPlan(store, file, changes, fileProviderId, o);
  if (pre.length) store.apply(pre);
  store.replay(replay, { inspectionId: file.id });
  return providerId;
}

/** A file without a usable history (version 1, or a second copy): its contents, as changes of the importing user. */
function importSnapshot(store: Store, file: InspectionFile, frameworkRevision: string, o: ImportOptions): string {
  return store.db.transaction(() => {
    const plan = snapshotPlan(store, file, frameworkRevision, o);
    // A version 1 file's history (who changed what, when) goes into the log first, as it happened.
    store.replay(plan.history);
    store.apply(plan.changes, { restore: true });
    // Separately, after the invariants have settled the cases: from here on the inspection refuses changes.
    if (plan.final) store.apply([{ entity: 'inspection', id: plan.id, field: 'status', value: 'final' }]);
    return plan.id;
  })();
}

/** What importing a file as a snapshot writes: its history (version 1), its contents as changes, whether it ends final. */
function snapshotPlan(store: Store, file: InspectionFile, frameworkRevision: string, o: ImportOptions): { id: string; history: ReplayChange[]; changes: ChangeRequest[]; final: boolean } {
  const changes: ChangeRequest[] = [];
  const fileProvider = file.provider ?? { name: 'Unnamed provider', type: 'CRC' as const };
  let providerId: string;
  if (o.provider.mode === 'existing') providerId = store.getProvider(o.provider.id).id;
  else {
    const { match } = matchProvider(store, fileProvider);
    if (match && o.provider.mode === 'auto') providerId = match.id;
    else {
      const taken = store.listProviders().some((x) => x.name.toLowerCase() === fileProvider.name.toLowerCase());
      providerId = randomUUID();
      changes.push({
        entity: 'provider',
        id: providerId,
        field: CREATE,
        value: { name: taken ? `${fileProvider.name} (imported)` : fileProvider.name, type: fileProvider.type, owner: fileProvider.owner ?? '', region: fileProvider.region ?? '' },
      });
    }
  }
  const start = file.inspection?.fieldworkStart ?? file.inspection?.fieldworkEnd;
  if (!start) throw new StoreError('CONFLICT', 'The file has no fieldwork dates; Fieldwork needs at least the start date.', 'inspection.fieldworkStart');
  const fields = {
    fieldworkStart: start,
    fieldworkEnd: file.inspection?.fieldworkEnd ?? start,
    caseloadSize: file.inspection?.caseloadSize ?? null,
    recordedOverall: file.ratingsOnly?.overall?.rating ?? null,
    recordedScore: file.ratingsOnly?.overall?.score ?? null,
  };
  let id = file.id ?? randomUUID();
  const existing = inspectionsRepository(store.db).find(id);
  if (existing && o.onDuplicate === 'replace') {
    // A final inspection is reopened for the replacement and set final again below if the file says so.
    if (store.getInspection(id).status === 'final') changes.push({ entity: 'inspection', id, field: 'status', value: 'draft' });
    changes.push(...clearInspection(store, id));
    changes.push({ entity: 'inspection', id, field: 'providerId', value: providerId });
    for (const [field, value] of Object.entries(fields)) changes.push({ entity: 'inspection', id, field, value });
  } else {
    if (existing) id = randomUUID();
    changes.push({
      entity: 'inspection',
      id,
      field: CREATE,
      value: { providerId, frameworkId: file.framework, frameworkRevision, kind: file.ratingsOnly ? 'ratings-only' : 'scored', status: 'draft', ...fields },
    });
  }
  // When a case was completed: its last completion in the file's own history, else the end of fieldwork.
  const completedAt = (ref: string) =>
    [...(file.audit ?? [])].reverse().find((e) => e.what === 'completion' && e.caseRef === ref && e.newValue === 'complete')?.changedAt ?? `${fields.fieldworkEnd}T00:00:00.000Z`;
  const ids = new Map<string, string>();
  const idFor = (key: string) => ids.get(key) ?? (ids.set(key, randomUUID()), ids.get(key)!);
  for (const c of file.cases) {
    const caseId = idFor(`case:${c.ref}`);
    changes.push({
      entity: 'case',
      id: caseId,
      field: CREATE,
      value: {
        inspectionId: id,
        ref: c.ref,
        crn: c.crn ?? '',
        name: c.name ?? '',
        sample: c.sample ?? 'case-supervision',
        attributes: (c.attributes ?? {}) as Json,
        assignedInspector: c.assignedInspector ?? '',
        qaStatus: c.qaStatus ?? 'draft',
        completedAt: c.status === 'complete' ? (c.completedAt ?? completedAt(c.ref)) : null,
        reopenReason: null,
      },
    });
    for (const q of new Set([...Object.keys(c.answers), ...Object.keys(c.notes ?? {})]))
      changes.push({ entity: 'answer', id: idFor(`answer:${c.ref}:${q}`), field: CREATE, value: { caseId, questionId: q, value: c.answers[q] ?? null, note: c.notes?.[q] ?? '' } });
    // QA comments travel with their state; the case's QA status is in its creation above (docs/qa.md).
    for (const [j, m] of (c.comments ?? []).entries())
      changes.push({
        entity: 'qa-comment',
        // A comment keeps its id where it can (a work package's comments are the lead's, and a return
        // brings them back by id: core/team merges them by it); a second copy gets new ones.
        id: m.id && COMMENT_ID.test(m.id) && qaRepository(store.db).commentCase(m.id) === null && !ids.has(`comment-id:${m.id}`) ? (ids.set(`comment-id:${m.id}`, m.id), m.id) : idFor(`qa-comment:${c.ref}:${j}`),
        field: CREATE,
        value: { caseId, questionId: m.questionId, author: m.author, text: m.text, reply: m.reply ?? '', repliedBy: m.repliedBy ?? '', state: m.state, resolvedBy: m.resolvedBy ?? '' },
      });
    // A blind second marking travels apart from the answers (docs/qa.md).
    for (const [q, value] of Object.entries(c.secondMarking?.answers ?? {}))
      changes.push({ entity: 'second-answer', id: idFor(`second-answer:${c.ref}:${q}`), field: CREATE, value: { caseId, questionId: q, value, markedBy: c.secondMarking!.by } });
  }
  const judged = new Set(Object.keys(file.judgements));
  for (const [standardId, j] of Object.entries(file.judgements))
    changes.push({ entity: 'judgement', id: idFor(`judgement:${standardId}`), field: CREATE, value: { inspectionId: id, standardId, rating: j.rating, rationale: j.rationale } });
  for (const [keyQuestionId, text] of Object.entries(file.judgementNotes ?? {})) {
    const standardId = keyQuestionId.split('.').slice(0, 2).join('.');
    if (!judged.has(standardId)) {
      judged.add(standardId);
      changes.push({ entity: 'judgement', id: idFor(`judgement:${standardId}`), field: CREATE, value: { inspectionId: id, standardId, rating: null, rationale: '' } });
    }
    changes.push({ entity: 'judgement-note', id: idFor(`judgement-note:${keyQuestionId}`), field: CREATE, value: { inspectionId: id, keyQuestionId, text } });
  }
  for (const [standardId, ov] of Object.entries(file.overrides ?? {}))
    changes.push({ entity: 'override', id: idFor(`override:${standardId}`), field: CREATE, value: { inspectionId: id, standardId, rating: ov.rating, reason: ov.reason } });
  (file.recommendations ?? []).forEach((r, i) =>
    changes.push({ entity: 'recommendation', id: randomUUID(), field: CREATE, value: { inspectionId: id, position: i + 1, text: r.text.trim(), addressee: (r.addressee ?? '').trim() } }),
  );
  for (const [standardId, t] of Object.entries(file.reportText ?? {}))
    changes.push({
      entity: 'report-text',
      id: randomUUID(),
      field: CREATE,
      value: { inspectionId: id, standardId, strengths: t.strengths, improvements: t.improvements, narrative: t.narrative ?? '', practiceExamples: t.practiceExamples ?? '' },
    });
  const sections = { ...file.reportSections, title: file.inspection?.title, 'eligibility-start': file.inspection?.eligibilityStart, 'eligibility-end': file.inspection?.eligibilityEnd };
  for (const [section, text] of Object.entries(sections))
    if (text) changes.push({ entity: 'report-section', id: randomUUID(), field: CREATE, value: { inspectionId: id, section, text } });
  for (const [fact, value] of Object.entries(file.contextFacts ?? {}))
    if (value !== undefined) changes.push({ entity: 'report-fact', id: randomUUID(), field: CREATE, value: { inspectionId: id, fact, value } });
  (file.previousRecommendations ?? []).forEach((r, i) =>
    changes.push({ entity: 'recommendation-progress', id: randomUUID(), field: CREATE, value: { inspectionId: id, recommendationId: null, position: i + 1, text: r.text, progress: r.progress, note: r.note } }),
  );
  if (file.ratingsOnly) {
    for (const [standardId, rating] of Object.entries(file.ratingsOnly.standards))
      changes.push({ entity: 'recorded-rating', id: randomUUID(), field: CREATE, value: { inspectionId: id, standardId, rating } });
    for (const [keyQuestionId, v] of Object.entries(file.ratingsOnly.keyQuestions ?? {}))
      changes.push({ entity: 'recorded-key-question', id: randomUUID(), field: CREATE, value: { inspectionId: id, keyQuestionId, percent: v.percent, base: v.base ?? null } });
  }
  return { id, history: legacyHistory(file, id, idFor), changes, final: (file.inspection?.status ?? 'draft') === 'final' };
}

/** A version 1 file's audit trail as changes in the log (typed values; "rating: reason" strings split). */
function legacyHistory(file: InspectionFile, inspectionId: string, idFor: (key: string) => string): ReplayChange[] {
  const out: ReplayChange[] = [];
  let last = { millis: 0, counter: 0 };
  // The inspection's own id names the node: these clocks can never equal another import's.
  const node = nodeFromInstallation(inspectionId);
  const clockAt = (at: string) => {
    const ms = Date.parse(at);
    const millis = Math.max(Number.isNaN(ms) ? 0 : ms, last.millis);
    const counter = millis === last.millis ? last.counter + 1 : 0;
    // The counter has four hex digits: more entries than that in one millisecond (a bulk edit, a
    // generated history) move on to the next millisecond, as the clock itself does, rather than make
    // a clock value the log refuses. The order of the entries is kept.
    last = counter > MAX_COUNTER ? { millis: millis + 1, counter: 0 } : { millis, counter };
    return formatHlc({ ...last, node });
  };
  const split = (s: string | null): [string | null, string] => {
    if (s === null) return [null, ''];
    const i = s.indexOf(': ');
    const rating = i < 0 ? s : s.slice(0, i);
    return [rating === 'not rated' ? null : rating, i < 0 ? '' : s.slice(i + 2)];
  };
  for (const e of file.audit ?? []) {
    const who = e.changedBy.trim();
    const base = { actor: who ? { id: `legacy:${who}`, name: who } : { id: 'unknown', name: 'Unknown (recorded before names were required)' }, at: e.changedAt, baseRevision: null, inspectionId, item: e.item, reason: null };
    const push = (entity: ReplayChange['entity'], entityId: string, field: string, previous: Json, value: Json, caseId: string | null = null) =>
      out.push({ ...base, entity, id: entityId, field, previous, value, clock: clockAt(e.changedAt), caseId });
    if (e.what === 'answer' || e.what === 'note') {
      const caseId = e.caseRef ? idFor(`case:${e.caseRef}`) : null;
      const id = idFor(`answer:${e.caseRef ?? ''}:${e.item}`);
      if (e.what === 'answer') push('answer', id, 'value', e.oldValue, e.newValue, caseId);
      else push('answer', id, 'note', e.oldValue ?? '', e.newValue ?? '', caseId);
    } else if (e.what === 'completion') {
      const caseId = idFor(`case:${e.caseRef ?? e.item}`);
      push('case', caseId, 'completedAt', e.oldValue === 'complete' ? e.changedAt : null, e.newValue === 'complete' ? e.changedAt : null, caseId);
    } else if (e.what === 'judgement-note') push('judgement-note', idFor(`judgement-note:${e.item}`), 'text', e.oldValue ?? '', e.newValue ?? '');
    else if (e.what === 'judgement' || e.what === 'override') {
      const id = idFor(`${e.what}:${e.item}`);
      const [oldRating, oldText] = split(e.oldValue);
      const [newRating, newText] = split(e.newValue);
      if (e.what === 'override' && e.newValue === null) push('override', id, DELETE, { rating: oldRating, reason: oldText }, null);
      else {
        if (oldRating !== newRating) push(e.what, id, 'rating', oldRating, newRating);
        if (oldText !== newText) push(e.what, id, e.what === 'judgement' ? 'rationale' : 'reason', oldText, newText);
      }
    }
  }
  return out;
}

export const STILL_IMPORTING = 'This inspection is still being imported. Wait for that import to finish or cancel it, then try again.';
const IMPORTED_MEANWHILE = 'This inspection was imported by another import while this one waited, so nothing was imported. Import the file again to replace it or keep both.';

/**
 * Refuses an import of an inspection another import is still writing (or one a crash left unfinished,
 * taken out at the next start): its rows are there but hidden, and that import's clean-up deletes
 * whatever has the id, so anything imported over them would be hidden, then lost.
 */
export function refuseWhileImporting(store: Store, id: string | undefined): void {
  if (beingImported(store, id)) throw new StoreError('CONFLICT', STILL_IMPORTING);
}

/** Whether an import still unfinished (running, or left by a crash) holds this inspection id. */
export function beingImported(store: Store, id: string | undefined): boolean {
  return !!id && unfinishedImportsRepository(store.db).holds(id);
}

export function inspectionExists(store: Store, id: string): { id: string; fieldwork_start: string; provider: string } | undefined {
  return inspectionsRepository(store.db).find(id);
}

/** An inspection's QA comments as the file carries them, in a stable order (creation, then id). */
function fileComments(list: readonly StoredComment[]): FileComment[] {
  return [...list]
    .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1))
    .map((m) => ({
      id: m.id,
      questionId: m.questionId,
      author: m.author,
      text: m.text,
      ...(m.reply ? { reply: m.reply } : {}),
      ...(m.repliedBy ? { repliedBy: m.repliedBy } : {}),
      state: m.state,
      ...(m.resolvedBy ? { resolvedBy: m.resolvedBy } : {}),
      createdAt: m.createdAt,
    }));
}
