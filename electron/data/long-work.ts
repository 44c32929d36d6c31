import { createHash } from 'node:crypto';
import { type ExistingRows, type FrameworkRegistry, type ImportCheck, type ImportPreview, InvariantError, type JobPhase, type PageChrome, type ReportInput, whyNothingApplies } from '../../core';
import { type ProviderChoice, type Store, StoreError, type WriteInTurn, exportInspection, importInspection, importNewInspectionInChunks, importReplaces, inspectionExists, matchProvider, refuseWhileImporting, watchCaseWrites } from '../../db';
import { teamStore } from '../../db/team';
import { readInspection, serialiseInspection } from '../files/inspection-files';
import { isSealed, seal } from '../files/seal';
import { openSealed } from '../ipc/open-sealed';
import { writeFileAtomically } from '../files/write-atomically';
import { AppError } from '../ipc/dispatch';
import { reportInputFromStore } from '../report/from-store';
import { PersonalDataError, type PersonalData } from '../report/privacy';
import type { ReportRenderer } from './render-thread';
import { readSampleAgainst } from './sample-import';

// The long work itself (import, export, a report's data and rendering), written once and run either
// on the job thread with a connection of its own (the app: the data worker goes on answering) or
// in-process on the store's own connection (tests and the CLI's callers).

/** Thrown when the inspector cancelled: the work stopped before anything was written. */
export class CancelledError extends AppError {
  constructor() {
    super('CANCELLED', 'Cancelled: nothing was changed.');
  }
}

export interface ProgressNote {
  phase: JobPhase;
  done?: number | null;
  total?: number | null;
  cancellable?: boolean;
}

export interface JobHooks {
  progress(p: ProgressNote): void;
  cancelled(): boolean;
}

export interface WriteHooks extends JobHooks {
  /**
   * Waits until the import may write (the data worker holds back its own writes meanwhile) and
   * returns the function that ends the turn (the data worker's held writes go then). Each of the
   * import's transactions runs inside a turn of its own.
   */
  writeTurn(): Promise<() => void>;
}

export interface ImportHooks extends WriteHooks {
  /** Backs the store up before a replace; the backup's name, or null where there are no backups. */
  backup(): Promise<string | null>;
}

export interface ImportRequest {
  text: string;
  passphrase?: string | undefined;
  onDuplicate: 'replace' | 'keep-both';
  provider: ProviderChoice;
  acceptUnchecked?: boolean | undefined;
  fileName?: string | undefined;
}

export interface ExportRequest {
  inspectionId: string;
  passphrase?: string | undefined;
  path: string;
}

/** Issues become field errors keyed by JSON path, so the renderer can list them. */
export function invalidFile(issues: { path: string; message: string }[]): AppError {
  const first = issues[0];
  return new AppError(
    'VALIDATION',
    first ? `This is not a Fieldwork inspection file Fieldwork can read: ${first.path}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}. Nothing was imported.` : 'Invalid file.',
    Object.fromEntries(issues.slice(0, 50).map((i) => [i.path, i.message])),
  );
}

export const UNCHECKED_MESSAGE =
  'This file has no checksum, so Fieldwork cannot tell whether it was damaged after it was written. Confirm that you want to import it anyway. Nothing was imported.';

export function parseFile(text: string, frameworks: FrameworkRegistry) {
  const r = readInspection(text, frameworks);
  if (!r.ok) throw invalidFile(r.issues);
  return r;
}

/**
 * An inspection file into the store: read and checked first (nothing written), then written in short
 * transactions, each in a write turn, counting cases as they are written; the inspection is seen only
 * once it is whole (a replace is one transaction). Cancelled or failed, what was written is taken out
 * again and the store is as it was for the inspector.
 */
export async function runImport(store: Store, frameworks: FrameworkRegistry, req: ImportRequest, hooks: ImportHooks): Promise<{ inspectionId: string }> {
  const stopIfCancelled = () => {
    if (hooks.cancelled()) throw new CancelledError();
  };
  hooks.progress({ phase: 'reading', cancellable: true });
  const text = await openSealed(req.text, req.passphrase);
  stopIfCancelled();
  hooks.progress({ phase: 'checking', cancellable: true });
  const { file, framework } = parseFile(text, frameworks);
  if (!file.checksum && !isSealed(req.text) && !req.acceptUnchecked) throw new AppError('VALIDATION', UNCHECKED_MESSAGE, { checksum: 'the file has no checksum' });
  if (!file.inspection?.fieldworkStart && !file.inspection?.fieldworkEnd)
    throw invalidFile([{ path: 'inspection.fieldworkStart', message: 'an inspection needs its fieldwork dates to be imported' }]);
  stopIfCancelled();
  // Before the backup a replace takes: an inspection another import is writing is refused whole.
  refuseWhileImporting(store, file.id);
  // A replace is undone by restoring this backup; the import's own entry in the audit trail names it.
  const backup = importReplaces(store, file, { onDuplicate: req.onDuplicate }) ? await hooks.backup() : null;
  const source = { fileName: req.fileName ?? 'an inspection file', sha256: createHash('sha256').update(req.text).digest('hex'), backup };
  // A lead's file merged by `fieldwork merge` carries its packages and open conflicts (not for a copy beside the original).
  const adoptTeam = (inspectionId: string) => {
    if (file.team && inspectionId === file.id) teamStore(store).adoptFileSection(inspectionId, file.team);
  };
  const options = { onDuplicate: req.onDuplicate, provider: req.provider, source };
  const inTurn = caseCountingTurns(store, hooks, file.cases.length);
  // A new inspection arrives in short transactions (saves go on between them), unseen until whole.
  const chunked = await importNewInspectionInChunks(store, file, framework.revision, { ...options, finish: adoptTeam }, inTurn);
  if (chunked !== null) return { inspectionId: chunked };
  return inTurn(() =>
    store.db.transaction(() => {
      const inspectionId = importInspection(store, file, framework.revision, options);
      adoptTeam(inspectionId);
      return { inspectionId };
    })(),
  );
}

/**
 * Runs writes each in a write turn of its own, with progress counted in cases as they are written
 * (across turns); a cancel is thrown inside a write's transaction so it rolls back whole.
 */
function caseCountingTurns(store: Store, hooks: WriteHooks, total: number): WriteInTurn {
  let done = 0;
  hooks.progress({ phase: 'waiting', done, total, cancellable: true });
  return async (write, o) => {
    const cancellable = o?.cancellable ?? true;
    const endTurn = await hooks.writeTurn();
    try {
      if (cancellable && hooks.cancelled()) throw new CancelledError();
      hooks.progress({ phase: 'writing', done, total, cancellable });
      const unwatch = watchCaseWrites(store.db, () => {
        if (cancellable && hooks.cancelled()) throw new CancelledError();
        done = Math.min(total, done + 1);
        hooks.progress({ phase: 'writing', done, total, cancellable });
      });
      try {
        return write();
      } finally {
        unwatch();
      }
    } finally {
      endTurn();
    }
  };
}

export interface SampleRequest {
  inspectionId: string;
  csv: string;
  existing?: ExistingRows | undefined;
}

/**
 * A sample CSV into an inspection: read and checked against its cases first (nothing written), then
 * one transaction in the write turn, counting cases as they are added. Refused, cancelled or failed,
 * nothing is added.
 */
export async function runSample(store: Store, frameworks: FrameworkRegistry, req: SampleRequest, hooks: WriteHooks): Promise<{ imported: number; skipped: number; updated: number }> {
  hooks.progress({ phase: 'checking', cancellable: true });
  const insp = store.getInspection(req.inspectionId);
  const framework = frameworks.get(insp.frameworkId, insp.frameworkRevision);
  if (!framework) throw new AppError('VALIDATION', `Unknown framework ${insp.frameworkId}.`);
  const { r, known, updates } = readSampleAgainst(store, framework, req.inspectionId, req.csv, req.existing);
  if (r.errors.length > 0)
    throw new AppError(
      'VALIDATION',
      `Nothing was imported: ${r.errors.length === 1 ? '1 problem' : `${r.errors.length} problems`} in the file.`,
      Object.fromEntries(r.errors.map((e) => [`line ${e.line}${e.column ? `, ${e.column}` : ''}`, e.message])),
    );
  if (hooks.cancelled()) throw new CancelledError();
  const changed = updates.filter((u) => u.fields.length > 0);
  return caseCountingTurns(store, hooks, r.rows.length)(() => {
    const written = store.importSample(
      r.rows.map(({ line: _line, ...c }) => ({ ...c, inspectionId: req.inspectionId })),
      changed.map(({ caseId, patch }) => ({ caseId, patch })),
    );
    return { imported: written.imported, skipped: known.length - written.updated, updated: written.updated };
  });
}

/**
 * What a sample CSV would add to an inspection (case.importPreview), nothing written: read on the job
 * thread in the app, so checking a 10,000-row sample holds no case open or save up on the data worker.
 */
export function runPreview(store: Store, frameworks: FrameworkRegistry, req: SampleRequest): ImportPreview {
  const insp = store.getInspection(req.inspectionId);
  const framework = frameworks.get(insp.frameworkId, insp.frameworkRevision);
  if (!framework) throw new AppError('VALIDATION', `Unknown framework ${insp.frameworkId}.`);
  const { r, known, updates } = readSampleAgainst(store, framework, req.inspectionId, req.csv, req.existing);
  const warnings = r.rows.flatMap((row) => {
    const why = whyNothingApplies(framework, row);
    return why ? [{ line: row.line, message: `${row.ref}: no key question will apply, so it has nothing to score. ${why}` }] : [];
  });
  return {
    rows: r.rows.map(({ line, ref, sample, assignedInspector, attributes }) => ({ line, ref, sample, assignedInspector, attributes })),
    errors: r.errors,
    warnings,
    known,
    updates: updates.map(({ line, ref, fields }) => ({ line, ref, fields })),
  };
}

/** What an inspection file is and how it meets the store, before anything is written (exchange.check). */
export async function runCheck(store: Store, frameworks: FrameworkRegistry, req: { text: string; passphrase?: string | undefined }): Promise<ImportCheck> {
  const { file } = parseFile(await openSealed(req.text, req.passphrase), frameworks);
  // Its rows are there but hidden: not "already in Fieldwork", nor to be replaced or kept beside.
  refuseWhileImporting(store, file.id);
  const dup = file.id ? inspectionExists(store, file.id) : undefined;
  const provider = file.provider ? matchProvider(store, file.provider) : { match: null, candidates: [] };
  return {
    summary: {
      id: file.id ?? null,
      provider: file.provider?.name ?? 'Unnamed provider',
      framework: file.framework,
      fieldworkStart: file.inspection?.fieldworkStart ?? null,
      cases: file.cases.length,
      ratingsOnly: file.ratingsOnly !== undefined,
    },
    duplicate: dup ? { id: String(dup.id), provider: String(dup.provider), fieldworkStart: String(dup.fieldwork_start) } : null,
    providerMatch: provider.match,
    providerCandidates: provider.candidates,
    unchecked: !file.checksum && !isSealed(req.text),
  };
}

/** An inspection read in one snapshot (a read transaction), written as a file at `path` (sealed when a passphrase is given). */
export async function runExport(store: Store, req: ExportRequest, hooks: JobHooks): Promise<void> {
  hooks.progress({ phase: 'reading', cancellable: true });
  const file = store.db.transaction(() => exportInspection(store, req.inspectionId))();
  if (hooks.cancelled()) throw new CancelledError();
  hooks.progress({ phase: 'writing', done: file.cases.length, total: file.cases.length, cancellable: true });
  const text = serialiseInspection(file);
  const out = req.passphrase ? await seal(text, req.passphrase) : text;
  if (hooks.cancelled()) throw new CancelledError();
  hooks.progress({ phase: 'saving', done: file.cases.length, total: file.cases.length, cancellable: false });
  await writeFileAtomically(req.path, out);
}

export interface ReportRequest {
  inspectionId: string;
  format: 'docx' | 'html';
  today: string;
}

export type ReportOutput = { format: 'docx'; bytes: Uint8Array; name: string; date: string } | { format: 'html'; html: string; chrome: PageChrome; name: string; date: string };

/** A report's data read in one snapshot and rendered; for a PDF, the checked HTML and what the printed PDF is checked against. */
export async function runReport(
  store: Store,
  frameworks: FrameworkRegistry,
  render: ReportRenderer,
  req: ReportRequest,
  hooks: JobHooks,
): Promise<{ output: ReportOutput; input: ReportInput; personal: PersonalData }> {
  hooks.progress({ phase: 'reading', cancellable: false });
  const { input, personal } = store.db.transaction(() => {
    const insp = store.getInspection(req.inspectionId);
    const framework = frameworks.get(insp.frameworkId, insp.frameworkRevision);
    if (!framework) throw new AppError('VALIDATION', `Unknown framework ${insp.frameworkId}.`);
    return reportInputFromStore(store, framework, req.inspectionId, req.today);
  })();
  hooks.progress({ phase: 'rendering', cancellable: false });
  const named = { name: input.provider.name, date: input.date };
  const output: ReportOutput =
    req.format === 'docx' ? { format: 'docx', bytes: (await render.docx(input, personal)).bytes, ...named } : { format: 'html', ...(await render.html(input, personal)), ...named };
  return { output, input, personal };
}

/** An error as it crosses from the job thread: the kinds the dispatcher answers in words keep their kind. */
export type JobFailure =
  | { kind: 'app'; code: AppError['code']; message: string; fieldErrors?: Record<string, string> }
  | { kind: 'store'; code: StoreError['code']; message: string; field?: string }
  | { kind: 'invariant'; code: InvariantError['code']; message: string; fieldErrors?: Record<string, string> }
  | { kind: 'cancelled' }
  | { kind: 'personal'; found: string[] }
  | { kind: 'other'; message: string; code?: string };

export function toFailure(e: unknown): JobFailure {
  if (e instanceof CancelledError) return { kind: 'cancelled' };
  if (e instanceof PersonalDataError) return { kind: 'personal', found: e.found };
  if (e instanceof AppError) return { kind: 'app', code: e.code, message: e.message, ...(e.fieldErrors ? { fieldErrors: e.fieldErrors } : {}) };
  if (e instanceof StoreError) return { kind: 'store', code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) };
  if (e instanceof InvariantError) return { kind: 'invariant', code: e.code, message: e.message, ...(e.fieldErrors ? { fieldErrors: e.fieldErrors } : {}) };
  const code = (e as { code?: unknown } | null)?.code;
  return { kind: 'other', message: e instanceof Error ? e.message : String(e), ...(typeof code === 'string' ? { code } : {}) };
}

export function fromFailure(f: JobFailure): Error {
  switch (f.kind) {
    case 'cancelled':
      return new CancelledError();
    case 'app':
      return new AppError(f.code, f.message, f.fieldErrors);
    case 'store':
      return new StoreError(f.code, f.message, f.field);
    case 'invariant':
      return new InvariantError(f.code, f.message, f.fieldErrors);
    case 'personal':
      return new PersonalDataError(f.found);
    case 'other':
      return Object.assign(new Error(f.message), f.code ? { code: f.code } : {});
  }
}
